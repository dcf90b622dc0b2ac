import { errors } from 'jose';
import { tokenDefect } from './external-tokens.service';

describe('tokenDefect (why an existing backend token was refused)', () => {
  const claim = (name: string, reason = 'check_failed') => new errors.JWTClaimValidationFailed('m', {}, name, reason);

  it.each<[string, unknown, string | undefined]>([
    ['expired', new errors.JWTExpired('m', {}), 'expired'],
    ['unknown kid', new errors.JWKSNoMatchingKey(), 'unknown_key'],
    ['issuer', claim('iss'), 'issuer'],
    ['audience', claim('aud'), 'audience'],
    ['nbf in the future', claim('nbf'), 'not_yet_valid'],
    ['a missing sub', claim('sub', 'missing'), 'claims'],
    ['a missing exp', claim('exp', 'missing'), 'claims'],
    ['an algorithm not allowed', new errors.JOSEAlgNotAllowed('m'), 'algorithm'],
    ['a bad signature', new errors.JWSSignatureVerificationFailed(), 'signature'],
    ['a broken token', new errors.JWSInvalid('m'), 'malformed'],
    ['two keys for a kid-less token', new errors.JWKSMultipleMatchingKeys(), 'malformed'],
    ['not a jose error', new Error('boom'), undefined],
  ])('%s', (_, err, defect) => {
    expect(tokenDefect(err)).toBe(defect);
  });
});

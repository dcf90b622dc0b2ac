import { CommonErrors } from '@app/common';

/** Deepest nesting of arrays and objects a JSON body may have. Our DTOs nest three levels; the rest is slack for clients. */
export const MAX_JSON_DEPTH = 32;

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Whether `text` nests arrays or objects deeper than `max`: one pass over the characters (brackets inside
 * strings do not count). A deep body is refused before JSON.parse builds it and before class-transformer and
 * class-validator walk it recursively, which is what stalled the event loop (a 100 KB `[[[[...` took ~0.5 s
 * and answered 500). Malformed text is left to the parser.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

// secure-json-parse's test for a "__proto__" key, escapes included.
const PROTO_KEY =
  /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;

const bodyError = (message: string): Error => CommonErrors.badRequest(message, { fields: [{ field: 'body', errors: [message] }] });

/**
 * Wraps Fastify's JSON parser (which refuses prototype-poisoning keys): an empty body is "no body" (wx.request
 * sends `content-type: application/json` without data), deep nesting is refused before parsing, and a body
 * refused for a `__proto__` or `constructor.prototype` key is told so rather than called malformed.
 */
export function jsonBodyParser<R>(
  secureParse: (req: R, body: string, done: Done) => void,
  maxDepth = MAX_JSON_DEPTH,
): (req: R, body: Buffer, done: Done) => void {
  return (req, raw, done) => {
    if (raw.length === 0) return done(null, undefined);
    const text = raw.toString('utf8');
    if (nestsDeeperThan(text, maxDepth)) return done(bodyError(`JSON body nests deeper than ${maxDepth} levels`));
    secureParse(req, text, (err, body) => {
      if (err === null) return done(null, body);
      try {
        JSON.parse(text);
      } catch {
        return done(err); // really malformed
      }
      const key = PROTO_KEY.test(text) ? '"__proto__"' : '"constructor" with a "prototype"';
      done(bodyError(`JSON body must not contain a ${key} key`));
    });
  };
}

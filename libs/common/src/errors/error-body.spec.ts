import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppException } from './app-exception';
import { toErrorResponse } from './error-body';

describe('toErrorResponse', () => {
  it('keeps AppException codes and details', () => {
    const r = toErrorResponse(new AppException(409, 'OUT_OF_STOCK', 'Short', { skus: [1] }), 'rid');
    expect(r).toEqual({
      status: 409,
      internal: false,
      body: { code: 'OUT_OF_STOCK', message: 'Short', details: { skus: [1] }, requestId: 'rid' },
    });
  });

  it('maps framework exceptions to stable codes', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x'), 'r').body.code).toBe('NOT_FOUND');
    const bad = toErrorResponse(new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'"), 'r');
    expect(bad.body.details).toEqual({ fields: [{ field: 'body', errors: [expect.stringContaining('JSON')] }] });
  });

  it('hides internals of unknown errors', () => {
    const r = toErrorResponse(new Error('connect ECONNREFUSED 10.0.0.1:3306 password=hunter2'), 'r');
    expect(r).toEqual({ status: 500, internal: true, body: { code: 'INTERNAL', message: 'Internal server error', requestId: 'r' } });
  });

  it('answers 503 DATABASE_UNAVAILABLE for timeouts and lost connections, 500 for other database errors', () => {
    const timedOut = Object.assign(new Error('Query inactivity timeout'), {
      name: 'QueryFailedError',
      driverError: { code: 'PROTOCOL_SEQUENCE_TIMEOUT' },
    });
    const lost = Object.assign(new Error("Can't add new command when connection is in closed state"), { fatal: true });
    for (const err of [timedOut, lost, Object.assign(new Error('No database connection'), { code: 'DB_ACQUIRE_TIMEOUT' })]) {
      expect(toErrorResponse(err, 'r')).toMatchObject({ status: 503, body: { code: 'DATABASE_UNAVAILABLE' }, internal: true });
    }
    const duplicate = Object.assign(new Error("Duplicate entry 'x' for key 'k'"), { driverError: { code: 'ER_DUP_ENTRY' } });
    expect(toErrorResponse(duplicate, 'r').status).toBe(500);
  });
});

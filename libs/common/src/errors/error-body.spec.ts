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
});

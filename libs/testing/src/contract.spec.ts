import Ajv from 'ajv';
import { Contract } from './contract';

const errorResponse = (codes: string[]) => ({
  description: '',
  content: {
    'application/json': {
      schema: {
        allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }],
      },
    },
  },
});

const doc = {
  openapi: '3.0.0',
  paths: {
    '/api/v1/orders/{id}': {
      get: {
        operationId: 'getOrder',
        responses: {
          '200': { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderView' } } } },
          '404': errorResponse(['NOT_FOUND']),
          default: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } },
        },
      },
    },
    '/api/v1/orders/counts': {
      get: {
        operationId: 'countOrders',
        responses: {
          '200': {
            description: '',
            content: { 'application/json': { schema: { type: 'object', properties: { paid: { type: 'number' } } } } },
          },
          '404': errorResponse(['NOT_FOUND']),
          '409': errorResponse(['ORDER_STATE_CONFLICT']),
        },
      },
    },
  },
  components: {
    schemas: {
      ErrorBody: {
        type: 'object',
        properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' }, requestId: { type: 'string' } },
        required: ['code', 'message', 'requestId'],
      },
      OrderView: {
        type: 'object',
        properties: {
          id: { type: 'number' },
          status: { type: 'string', enum: ['paid', 'shipped'] },
          paidAt: { type: 'string', nullable: true },
          cancelledBy: { type: 'string', nullable: true, enum: ['user', 'admin'] },
          address: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Address' }] },
        },
        required: ['id', 'status', 'paidAt', 'cancelledBy', 'address'],
      },
      Address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
};

describe('Contract', () => {
  const contract = new Contract(doc);
  const json = 'application/json; charset=utf-8';
  const order = { id: 1, status: 'paid', paidAt: null, cancelledBy: null, address: null };
  const check = (path: string, status: number, body: unknown) => contract.check('GET', path, status, json, body, JSON.stringify(body));

  it('accepts what the document describes, null where it is nullable (beside enum and allOf too)', () => {
    expect(check('/api/v1/orders/7', 200, order)).toBeUndefined();
    expect(check('/api/v1/orders/7', 200, { ...order, paidAt: 'x', cancelledBy: 'admin', address: { city: '深圳' } })).toBeUndefined();
    expect(check('/api/v1/orders/7?x=1', 404, { code: 'NOT_FOUND', message: 'Order not found', requestId: 'r' })).toBeUndefined();
  });

  it('refuses a field the document does not name, a wrong type and a missing field', () => {
    expect(check('/api/v1/orders/7', 200, { ...order, extra: 1 })).toMatch(/additional properties.*extra/);
    expect(check('/api/v1/orders/7', 200, { ...order, status: 'lost' })).toMatch(/allowed values/);
    expect(check('/api/v1/orders/7', 200, { ...order, address: { city: 1 } })).toMatch(/address\/city must be string/);
    const { paidAt: _paidAt, ...missing } = order;
    expect(check('/api/v1/orders/7', 200, missing)).toMatch(/required property 'paidAt'/);
  });

  it('refuses an error code or a client error status the operation does not document', () => {
    expect(check('/api/v1/orders/7', 404, { code: 'GONE', message: 'm', requestId: 'r' })).toMatch(/code must be equal to one of/);
    expect(check('/api/v1/orders/7', 409, { code: 'ORDER_STATE_CONFLICT', message: 'm', requestId: 'r' })).toMatch(
      /status 409 \(ORDER_STATE_CONFLICT\) is not documented/,
    );
    // Server errors and the platform's client errors fall to the default response: still an ErrorBody.
    expect(check('/api/v1/orders/7', 503, { code: 'DATABASE_UNAVAILABLE', message: 'm', requestId: 'r' })).toBeUndefined();
    expect(check('/api/v1/orders/7', 413, { statusCode: 413 })).toMatch(/required property 'code'/);
  });

  it('compiles a schema that several responses share once, and one that differs (an enum) on its own', () => {
    const fresh = new Contract(doc);
    const compile = jest.spyOn(Ajv.prototype, 'getSchema');
    const error = (code: string) => ({ code, message: 'm', requestId: 'r' });
    const at = (path: string, status: number, body: unknown) => fresh.check('GET', path, status, json, body, JSON.stringify(body));
    expect(at('/api/v1/orders/7', 404, error('NOT_FOUND'))).toBeUndefined();
    expect(at('/api/v1/orders/counts', 404, error('NOT_FOUND'))).toBeUndefined();
    expect(at('/api/v1/orders/counts', 404, error('ORDER_STATE_CONFLICT'))).toMatch(/code must be equal to one of/);
    expect(at('/api/v1/orders/counts', 409, error('ORDER_STATE_CONFLICT'))).toBeUndefined();
    expect(at('/api/v1/orders/counts', 409, error('NOT_FOUND'))).toMatch(/code must be equal to one of/);
    expect(compile).toHaveBeenCalledTimes(2);
    compile.mockRestore();
  });

  it('matches a literal path segment before a parameter, and leaves paths outside the document alone', () => {
    expect(contract.find('GET', '/api/v1/orders/counts')?.id).toBe('countOrders');
    expect(contract.find('GET', '/api/v1/orders/12')?.id).toBe('getOrder');
    expect(check('/healthz', 200, { anything: true })).toBeUndefined();
  });
});

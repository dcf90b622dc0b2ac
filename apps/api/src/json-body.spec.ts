import Fastify from 'fastify';
import { jsonBodyParser, MAX_JSON_DEPTH, nestsDeeperThan } from './json-body';

const nest = (depth: number, open = '[', close = ']', inner = ''): string => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, up to the limit and one past it', () => {
    expect(nestsDeeperThan(nest(32), 32)).toBe(false);
    expect(nestsDeeperThan(nest(33), 32)).toBe(true);
    expect(nestsDeeperThan(nest(32, '{"a":', '}', '1'), 32)).toBe(false);
    expect(nestsDeeperThan(nest(33, '{"a":', '}', '1'), 32)).toBe(true);
    expect(nestsDeeperThan(`[${nest(16)},${nest(31, '{"b":[', ']}', '2')}]`, 32)).toBe(true);
    // Siblings do not add up: depth goes back down.
    expect(nestsDeeperThan(`[${Array.from({ length: 100 }, () => nest(30)).join(',')}]`, 32)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '['.repeat(1000) }), 32)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: `"\\${'{'.repeat(1000)}` }), 32)).toBe(false);
    expect(nestsDeeperThan(`{"a\\"[[[[": ${nest(40)}}`, 32)).toBe(true);
  });

  it('scans a megabyte in linear time', () => {
    const body = nest(500_000);
    const flat = JSON.stringify({ items: Array.from({ length: 40_000 }, (_, i) => ({ skuId: i, note: 'x]}' })) });
    // CPU time of the scans alone: wall time on a shared two-core machine measures the neighbours.
    const cpu = process.cpuUsage();
    expect(nestsDeeperThan(body, MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(flat, MAX_JSON_DEPTH)).toBe(false);
    const { user, system } = process.cpuUsage(cpu);
    expect((user + system) / 1000).toBeLessThan(100);
  });
});

describe('jsonBodyParser', () => {
  // Fastify's own parser, as create-app uses it.
  const secure = Fastify().getDefaultJsonParser('error', 'error');
  const parse = (text: string): { err: Error | null; body?: unknown } => {
    let out: { err: Error | null; body?: unknown } = { err: null };
    jsonBodyParser(secure)(undefined as never, Buffer.from(text), (err, body) => (out = { err, body }));
    return out;
  };

  it('reads an empty body as no body and parses the rest', () => {
    expect(parse('')).toEqual({ err: null, body: undefined });
    expect(parse('{"a":[1]}')).toEqual({ err: null, body: { a: [1] } });
  });

  it('names the problem: nesting, prototype keys; malformed stays malformed', () => {
    expect(parse(nest(33)).err?.message).toBe(`JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(parse('{"__proto__":{"x":1}}').err?.message).toBe('JSON body must not contain a "__proto__" key');
    expect(parse('{"\\u005f_proto__":{"x":1}}').err?.message).toBe('JSON body must not contain a "__proto__" key');
    expect(parse('{"constructor":{"prototype":{"x":1}}}').err?.message).toBe(
      'JSON body must not contain a "constructor" with a "prototype" key',
    );
    expect((parse('{"a":').err as { code?: string }).code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
  });
});

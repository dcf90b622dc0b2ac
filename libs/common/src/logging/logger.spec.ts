import { Writable } from 'node:stream';
import pino from 'pino';
import { RequestContext } from '../http/request-context';
import { AppLogger, createPino, isoTimeEachMs } from './logger';

/** A destination that keeps the lines written, parsed. */
function capture(): { lines: Record<string, unknown>[]; sink: Writable } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, sink };
}

describe('AppLogger', () => {
  it("demotes Nest's start-up chatter to debug, also under the bundle's renamed class names", () => {
    const { lines, sink } = capture();
    const logger = new AppLogger(createPino('info', sink));
    logger.log('Mapped {/healthz, GET} route', '_RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', '_NestApplication');
    expect(lines.map((l) => [l.level, l.context, l.msg])).toEqual([['info', 'NestApplication', 'Nest application successfully started']]);
  });

  it("writes pino's isoTime, formatted once per millisecond", () => {
    let t = Date.UTC(2026, 10, 30, 8, 0, 0, 5);
    const time = isoTimeEachMs(() => t);
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => t);
    try {
      expect(time()).toBe(pino.stdTimeFunctions.isoTime());
      expect(time()).toBe(',"time":"2026-11-30T08:00:00.005Z"');
      t += 1;
      expect(time()).toBe(pino.stdTimeFunctions.isoTime());
    } finally {
      spy.mockRestore();
    }
  });

  it('leaves a line without request context as it was given, and keeps the context where there is one', () => {
    const { lines, sink } = capture();
    const log = createPino('info', sink);
    const line = { route: '/healthz', status: 200 };
    log.info(line, 'request');
    log.info({ password: 'x' }, 'redacted');
    RequestContext.configure('on');
    RequestContext.run({ requestId: 'r-1' }, () => log.info(line, 'inside'));
    expect(line).toEqual({ route: '/healthz', status: 200 });
    expect(lines.map(({ time: _t, ...rest }) => rest)).toEqual([
      { level: 'info', route: '/healthz', status: 200, msg: 'request' },
      { level: 'info', password: '[redacted]', msg: 'redacted' },
      { level: 'info', requestId: 'r-1', route: '/healthz', status: 200, msg: 'inside' },
    ]);
  });
});

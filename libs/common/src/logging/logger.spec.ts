import { Writable } from 'node:stream';
import { AppLogger, createPino } from './logger';

describe('AppLogger', () => {
  it("demotes Nest's start-up chatter to debug, also under the bundle's renamed class names", () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = new AppLogger(createPino('info', sink));
    logger.log('Mapped {/healthz, GET} route', '_RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', '_NestApplication');
    expect(lines.map((l) => [l.level, l.context, l.msg])).toEqual([['info', 'NestApplication', 'Nest application successfully started']]);
  });
});

import { Writable } from 'node:stream';
import type { Logger as Pino } from 'pino';
import { createPino } from '@app/common';

/** A pino logger writing parsed JSON lines into an array, for asserting on log output. */
export function captureLogs(level = 'info'): { logger: Pino; lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createPino(level, stream), lines, raw };
}

import { main } from './bootstrap';

// Development entry (`nest start`, the tsc output). Production starts through start.ts (the bundle).
main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

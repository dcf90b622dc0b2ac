import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts every log line and every layer may want, without threading them through calls. */
export interface RequestContextStore {
  requestId: string;
  userId?: number;
  adminId?: number;
}

/** `auto`: on where AsyncLocalStorage is cheap (see `asyncContextIsCheap`), off elsewhere. */
export type RequestContextMode = 'auto' | 'on' | 'off';

/**
 * Whether AsyncLocalStorage rides on V8's continuation-preserved data (AsyncContextFrame: default
 * from Node 24, a flag on 22-23). Before that it works through promise hooks that slow every
 * `await` in the process: measured on Node 20, a catalog read lost about a fifth of its throughput.
 */
export function asyncContextIsCheap(
  nodeVersion = process.versions.node,
  flags: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)],
): boolean {
  if (flags.includes('--no-async-context-frame')) return false;
  return Number(nodeVersion.split('.')[0]) >= 24 || flags.includes('--experimental-async-context-frame');
}

const storage = new AsyncLocalStorage<RequestContextStore>();
let enabled = true;

export const RequestContext = {
  /** Decides once per process whether requests carry a context; returns the decision. */
  configure(mode: RequestContextMode): boolean {
    enabled = mode === 'on' || (mode === 'auto' && asyncContextIsCheap());
    return enabled;
  },
  run<T>(store: RequestContextStore, fn: () => T): T {
    return enabled ? storage.run(store, fn) : fn();
  },
  current(): RequestContextStore | undefined {
    return enabled ? storage.getStore() : undefined;
  },
};

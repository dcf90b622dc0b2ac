import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request facts every log line and every layer may want, without threading them through calls. */
export interface RequestContextStore {
  requestId: string;
  userId?: number;
  adminId?: number;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

export const RequestContext = {
  run<T>(store: RequestContextStore, fn: () => T): T {
    return storage.run(store, fn);
  },
  current(): RequestContextStore | undefined {
    return storage.getStore();
  },
};

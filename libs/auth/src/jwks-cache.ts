import type { JSONWebKeySet } from 'jose';

export interface JwksCacheOptions {
  /** A fetched set is used this long before it is fetched again. */
  maxAgeMs: number;
  /** At most one fetch per this period for unknown keys or after a failed fetch: a flood of made-up kids costs one fetch. */
  cooldownMs: number;
}

/**
 * An issuer's key set, fetched when first needed, again when older than maxAge, and again (at most once per
 * cooldown) when a token names a key the set lacks: how a rotation is picked up. Concurrent callers share one fetch.
 * When a fetch fails the previous set stays in use (an issuer's outage does not refuse tokens it signed before);
 * without any set, the failure reaches the caller. Pure apart from the injected fetch and clock (unit tested).
 */
export class JwksCache {
  private set?: JSONWebKeySet;
  private fetchedAt = 0;
  /** When the last fetch started (successful or not): the cooldown runs from here. */
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inflight?: Promise<JSONWebKeySet>;

  constructor(
    private readonly fetchSet: () => Promise<JSONWebKeySet>,
    private readonly now: () => number,
    private readonly opts: JwksCacheOptions,
  ) {}

  /** The set to verify with. */
  async current(): Promise<JSONWebKeySet> {
    if (this.inflight) return this.inflight;
    if (!this.set) {
      // Still none: an issuer that is down is asked at most once per cooldown, however many tokens arrive.
      if (!this.coolDownOver()) throw new Error('no key set yet and the last fetch failed within the cooldown');
      return this.refresh();
    }
    if (this.now() - this.fetchedAt >= this.opts.maxAgeMs && this.coolDownOver()) {
      try {
        return await this.refresh();
      } catch {
        return this.set;
      }
    }
    return this.set;
  }

  /**
   * After a token named a kid the set lacks: the set fetched again, or undefined when the cooldown forbids a fetch
   * (the caller refuses the token). A fetch already under way is shared.
   */
  async refetchForUnknownKey(): Promise<JSONWebKeySet | undefined> {
    if (this.inflight) return this.inflight;
    if (!this.coolDownOver()) return undefined;
    return this.refresh();
  }

  private coolDownOver(): boolean {
    return this.now() - this.attemptedAt >= this.opts.cooldownMs;
  }

  private refresh(): Promise<JSONWebKeySet> {
    this.attemptedAt = this.now();
    const p = this.fetchSet().then((set) => {
      this.set = set;
      this.fetchedAt = this.now();
      return set;
    });
    this.inflight = p;
    // Cleared whatever the outcome, so the next caller decides afresh (and the promise never rejects unobserved here).
    p.finally(() => {
      if (this.inflight === p) this.inflight = undefined;
    }).catch(() => undefined);
    return p;
  }
}

/** A JWKS document as served: `{ keys: [...] }` with objects for keys; anything else is refused. */
export function parseJwks(body: unknown): JSONWebKeySet {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw new Error('JWKS response is not {"keys": [...]}');
  }
  const keys = (body as { keys: unknown[] }).keys.filter((k): k is JSONWebKeySet['keys'][number] => typeof k === 'object' && k !== null);
  return { keys };
}

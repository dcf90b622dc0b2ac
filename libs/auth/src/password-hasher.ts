import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { type AppConfig, InjectConfig } from '@app/config';
import { Metrics } from '@app/common';
import { AuthErrors } from './auth.errors';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';

/** Callers that may wait for a hashing slot, per slot; beyond that a login is refused at once (429). */
const WAITING_PER_SLOT = 8;

/**
 * Password hashing at the configured scrypt cost, at most PASSWORD_HASH_CONCURRENCY at a time. scrypt
 * runs on libuv's thread pool (4 threads), which DNS lookups and file I/O share; at the baseline cost
 * each hash takes ~128 MiB and ~0.4 s of a core, so a login flood must queue behind a small number of
 * slots instead of taking every thread and the instance's memory.
 */
@Injectable()
export class PasswordHasher {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly computed: Counter<'op'>;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.computed = new Counter({
      name: 'password_hashes_total',
      help: 'scrypt derivations computed (hash = new password, verify = login attempt)',
      labelNames: ['op'],
      registers: [metrics.registry],
    });
  }

  /** False when so many hashes are queued that a new one should be refused rather than wait. */
  hasRoom(): boolean {
    return this.waiting.length < WAITING_PER_SLOT * this.config.auth.passwordHashConcurrency;
  }

  hash(password: string): Promise<string> {
    return this.slot('hash', () => hashPassword(password, this.config.auth.scrypt));
  }

  /** Checks `password` against `stored`, or against a dummy hash of the same cost when there is no account. */
  verify(stored: string | undefined, password: string): Promise<boolean> {
    return this.slot('verify', () => verifyPassword(stored ?? dummyHash(this.config.auth.scrypt), password));
  }

  needsRehash(stored: string): boolean {
    return needsRehash(stored, this.config.auth.scrypt);
  }

  private async slot<T>(op: 'hash' | 'verify', fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.config.auth.passwordHashConcurrency) {
      if (!this.hasRoom()) throw AuthErrors.loginBusy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      this.computed.inc({ op });
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

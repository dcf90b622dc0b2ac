import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThan, type Repository } from 'typeorm';
import { type AppConfig, InjectConfig } from '@app/config';
import { Clock } from '@app/common';
import { TransactionRunner, writeLock } from '@app/database';
import { AuthErrors } from './auth.errors';
import { LoginThrottle } from './login-throttle.entity';

/** Failures are forgotten after this long without an attempt (and the sweep deletes the row). */
export const THROTTLE_FORGET_MS = 24 * 3600_000;
/** Delays double up to this (or up to ADMIN_LOGIN_DELAY when that is longer). */
const MAX_DELAY_MS = 3600_000;

type Key = Pick<LoginThrottle, 'username' | 'client'>;
const keyOf = (username: string, client: string): Key => ({ username: username.toLowerCase(), client });

/**
 * Admin login throttling per (username, client address), so a stranger can neither lock the owner out
 * nor learn which usernames exist. Each attempt is counted, under a row lock, BEFORE its password is
 * checked: concurrent guesses cannot overtake the count. After ADMIN_LOGIN_MAX_FAILURES counted
 * attempts, each further attempt waits ADMIN_LOGIN_DELAY, doubling per attempt up to an hour; a
 * successful login starts over. Operators clear it with `npm run admin -- unlock <user>`.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectRepository(LoginThrottle) private readonly throttles: Repository<LoginThrottle>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Counts an attempt; throws 429 LOGIN_THROTTLED when none may be evaluated now. */
  async admit(username: string, client: string): Promise<void> {
    const key = keyOf(username, client);
    for (;;) {
      const now = this.clock.now();
      // Outside the transaction: two transactions that both found the row by INSERT IGNORE (a shared lock)
      // and then asked for its write lock would deadlock.
      await this.throttles
        .createQueryBuilder()
        .insert()
        .values({ ...key, failures: 0, blockedUntil: null, lastAttemptAt: now })
        .orIgnore()
        .execute();
      const outcome = await this.tx.run((m) => this.count(m, key, now));
      if (outcome === 'gone') continue; // swept between the two statements: count again
      if (outcome instanceof Date) throw AuthErrors.loginThrottled(Math.max(1, Math.ceil((outcome.getTime() - now.getTime()) / 1000)));
      return;
    }
  }

  /** A successful login: the client's count for this username starts over. */
  async succeeded(username: string, client: string): Promise<void> {
    await this.throttles.update(keyOf(username, client), { failures: 0, blockedUntil: null, lastAttemptAt: this.clock.now() });
  }

  /** Deletes rows quiet for a day (their failures would be forgotten anyway). */
  async sweep(now: Date): Promise<number> {
    const res = await this.throttles.delete({ lastAttemptAt: LessThan(new Date(now.getTime() - THROTTLE_FORGET_MS)) });
    return res.affected ?? 0;
  }

  private async count(m: EntityManager, key: Key, now: Date): Promise<Date | 'gone' | 'admitted'> {
    const repo = m.getRepository(LoginThrottle);
    const row = await repo.findOne({ where: key, ...writeLock(m) });
    if (!row) return 'gone';
    if (row.blockedUntil && row.blockedUntil > now) return row.blockedUntil;
    const { maxFailures, delaySeconds } = this.config.auth.adminLogin;
    const forgotten = now.getTime() - row.lastAttemptAt.getTime() >= THROTTLE_FORGET_MS;
    const failures = (forgotten ? 0 : row.failures) + 1;
    let blockedUntil: Date | null = null;
    if (failures >= maxFailures) {
      const base = delaySeconds * 1000;
      const delay = Math.min(base * 2 ** Math.min(failures - maxFailures, 20), Math.max(base, MAX_DELAY_MS));
      blockedUntil = new Date(now.getTime() + delay);
    }
    await repo.update(key, { failures, blockedUntil, lastAttemptAt: now });
    return 'admitted';
  }
}

/** Clears the throttling of every client for `username` (password reset, `npm run admin -- unlock`). */
export async function clearLoginThrottle(m: EntityManager, username: string): Promise<number> {
  return (await m.getRepository(LoginThrottle).delete({ username: username.toLowerCase() })).affected ?? 0;
}

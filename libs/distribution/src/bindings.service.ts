import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UsersService } from '@app/auth';
import { Clock } from '@app/common';
import { isDuplicateKeyError, TransactionRunner, writeLock } from '@app/database';
import { DistributionBinding, DistributionBindingChange } from './binding.entity';
import { DistributionSettingsService } from './distribution-settings.service';
import type { DistributionSettings } from './distribution-settings';
import type { DistributionActor } from './distribution-state';
import { DistributionErrors } from './distribution.errors';
import { Promoter } from './promoter.entity';

const DAY_MS = 86_400_000;
/** Far more than any real chain: a bound on the walk up, never reached by a consistent table. */
const MAX_CHAIN = 64;

export type BindOutcome = 'bound' | 'rebound' | 'renewed' | 'already_bound' | 'not_first_login';

export interface BindResult {
  outcome: BindOutcome;
  promoterId: number | null;
  boundAt: Date | null;
  expiresAt: Date | null;
}

/**
 * Shoppers' bindings to promoters under the settings' binding mode. Refused: an unknown code (404), a promoter who is
 * not active, binding to oneself, and a binding that would close a cycle (A under B under A). Every binding and
 * rebinding writes a change row naming who and why.
 */
@Injectable()
export class BindingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: DistributionSettingsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** `POST /distribution/bind {code}`: the shopper opened a share carrying `code`. */
  async bindByCode(userId: number, code: string): Promise<BindResult> {
    return this.retryingDuplicates(async (m) => {
      const s = await this.settings.get(m);
      if (!s.enabled) throw DistributionErrors.disabled();
      const promoter = await m.findOne(Promoter, { where: { code: code.toUpperCase() } });
      if (!promoter) throw DistributionErrors.codeNotFound();
      await this.checkTarget(m, userId, promoter);
      const current = await m.findOne(DistributionBinding, { where: { userId }, ...writeLock(m) });
      const now = this.clock.now();
      const live = current && (current.expiresAt === null || current.expiresAt > now) ? current : null;
      const expiresAt = expiryOf(s, now);
      if (s.bindingMode === 'first_login') {
        if (current) return result('already_bound', live);
        const user = await this.users.findById(userId);
        if (!user || user.createdAt.getTime() < now.getTime() - s.firstLoginMinutes * 60_000) return result('not_first_login', null);
      }
      if (live && live.promoterId === promoter.id) {
        if (s.bindingMode !== 'latest_share') return result('already_bound', live);
        await m.update(DistributionBinding, { id: live.id }, { expiresAt, updatedAt: now });
        return { ...result('renewed', live), expiresAt };
      }
      if (live && s.bindingMode === 'first_share') return result('already_bound', live);
      await this.write(
        m,
        userId,
        current,
        promoter.id,
        { actor: 'user', actorId: userId, reason: `share code ${promoter.code}` },
        expiresAt,
      );
      return { outcome: current ? 'rebound' : 'bound', promoterId: promoter.id, boundAt: now, expiresAt };
    });
  }

  /** An operator moves a shopper to another promoter (or unbinds them), with a reason. */
  async change(adminId: number, userId: number, promoterId: number | null, reason: string): Promise<BindResult> {
    return this.retryingDuplicates(async (m) => {
      const s = await this.settings.get(m);
      const current = await m.findOne(DistributionBinding, { where: { userId }, ...writeLock(m) });
      const now = this.clock.now();
      if (promoterId === null) {
        if (current) {
          await m.delete(DistributionBinding, { id: current.id });
          await this.record(m, userId, current.promoterId, null, { actor: 'admin', actorId: adminId, reason });
        }
        return { outcome: 'rebound', promoterId: null, boundAt: null, expiresAt: null };
      }
      const promoter = await m.findOne(Promoter, { where: { id: promoterId } });
      if (!promoter) throw DistributionErrors.promoterNotFound();
      await this.checkTarget(m, userId, promoter);
      const expiresAt = expiryOf(s, now);
      await this.write(m, userId, current, promoter.id, { actor: 'admin', actorId: adminId, reason }, expiresAt);
      return { outcome: current ? 'rebound' : 'bound', promoterId: promoter.id, boundAt: now, expiresAt };
    });
  }

  /** Refusals that do not depend on the mode: inactive promoter, oneself, a cycle. */
  private async checkTarget(m: EntityManager, userId: number, promoter: Promoter): Promise<void> {
    if (promoter.status !== 'active') throw DistributionErrors.promoterInactive();
    if (promoter.userId === userId) throw DistributionErrors.selfBinding();
    const own = await m.findOne(Promoter, { where: { userId }, select: { id: true } });
    if (!own) return; // only a promoter has members, so only a promoter's binding can close a cycle
    // Two promoters binding to each other at once would each see no cycle: bindings of promoters serialize here.
    await this.settings.lockRow(m);
    let cursor: number | null = promoter.userId;
    for (let depth = 0; cursor !== null && depth < MAX_CHAIN; depth++) {
      const up: DistributionBinding | null = await m.findOne(DistributionBinding, { where: { userId: cursor } });
      if (!up) return;
      if (up.promoterId === own.id) throw DistributionErrors.bindingCycle();
      const next: Promoter | null = await m.findOne(Promoter, { where: { id: up.promoterId }, select: { userId: true } });
      cursor = next?.userId ?? null;
    }
  }

  private async write(
    m: EntityManager,
    userId: number,
    current: DistributionBinding | null,
    promoterId: number,
    cause: { actor: DistributionActor; actorId: number; reason: string },
    expiresAt: Date | null,
  ): Promise<void> {
    const now = this.clock.now();
    if (current) await m.update(DistributionBinding, { id: current.id }, { promoterId, boundAt: now, expiresAt, updatedAt: now });
    else await m.insert(DistributionBinding, { userId, promoterId, boundAt: now, expiresAt, createdAt: now, updatedAt: now });
    await this.record(m, userId, current?.promoterId ?? null, promoterId, cause);
  }

  private async record(
    m: EntityManager,
    userId: number,
    from: number | null,
    to: number | null,
    cause: { actor: DistributionActor; actorId: number; reason: string },
  ): Promise<void> {
    await m.insert(DistributionBindingChange, {
      userId,
      fromPromoterId: from,
      toPromoterId: to,
      actor: cause.actor,
      actorId: cause.actorId,
      reason: cause.reason.slice(0, 255),
      createdAt: this.clock.now(),
    });
  }

  /** Two first binds of one shopper at once: one inserts, the other fails on the unique user and runs again. */
  private async retryingDuplicates<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run(work);
      } catch (err) {
        if (!isDuplicateKeyError(err) || attempt >= 2) throw err;
      }
    }
  }
}

function expiryOf(s: DistributionSettings, now: Date): Date | null {
  return s.bindingDays > 0 ? new Date(now.getTime() + s.bindingDays * DAY_MS) : null;
}

function result(outcome: BindOutcome, b: DistributionBinding | null): BindResult {
  return { outcome, promoterId: b?.promoterId ?? null, boundAt: b?.boundAt ?? null, expiresAt: b?.expiresAt ?? null };
}

import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { isDuplicateKeyError, TransactionRunner, writeLock } from '@app/database';
import { DistributionSettingsService } from './distribution-settings.service';
import { promoterStates, type PromoterStatus } from './distribution-state';
import { DistributionErrors } from './distribution.errors';
import { DistributionTransitions } from './promoter-transitions';
import { Promoter } from './promoter.entity';

/** No 0/O, 1/I/L: codes are read aloud and typed. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export function newPromoterCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** Becoming a promoter (apply; approved at once unless the settings ask for approval) and operators' decisions. */
@Injectable()
export class PromotersService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: DistributionSettingsService,
    private readonly transitions: DistributionTransitions,
    private readonly clock: Clock,
  ) {}

  async ofUser(userId: number, m: EntityManager = this.ds.manager): Promise<Promoter | null> {
    return m.findOne(Promoter, { where: { userId } });
  }

  async byCode(m: EntityManager, code: string): Promise<Promoter | null> {
    return m.findOne(Promoter, { where: { code: code.toUpperCase() } });
  }

  async apply(userId: number, note?: string): Promise<Promoter> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run((m) => this.applyIn(m, userId, note));
      } catch (err) {
        // A concurrent application of the same shopper (unique user) or a code collision: read again.
        if (!isDuplicateKeyError(err) || attempt >= 3) throw err;
      }
    }
  }

  private async applyIn(m: EntityManager, userId: number, note?: string): Promise<Promoter> {
    const s = await this.settings.get(m);
    if (!s.enabled) throw DistributionErrors.disabled();
    const existing = await m.findOne(Promoter, { where: { userId }, ...writeLock(m) });
    const cause = { actor: 'user' as const, actorId: userId, note: note ?? '' };
    if (existing) {
      if (existing.status !== 'rejected') throw DistributionErrors.alreadyPromoter(existing.status);
      await this.transitions.promoter(m, existing, 'applied', cause);
      return m.findOneOrFail(Promoter, { where: { id: existing.id } });
    }
    const now = this.clock.now();
    const status: PromoterStatus = s.promoterApproval ? 'applied' : 'active';
    const { identifiers } = await m.insert(Promoter, {
      userId,
      code: newPromoterCode(),
      status,
      note: (note ?? '').slice(0, 255),
      frozen: 0,
      withdrawable: 0,
      withdrawing: 0,
      withdrawn: 0,
      totalEarned: 0,
      createdAt: now,
      approvedAt: status === 'active' ? now : null,
      updatedAt: now,
    });
    const id = Number(identifiers[0]!.id);
    await this.transitions.promoterEvent(m, id, null, status, {
      ...cause,
      note: status === 'active' ? 'joined (no approval needed)' : 'applied',
    });
    return m.findOneOrFail(Promoter, { where: { id } });
  }

  /** approve / reject an application, disable or re-enable a promoter. */
  async decide(adminId: number, promoterId: number, to: PromoterStatus, reason: string): Promise<Promoter> {
    return this.tx.run(async (m) => {
      const p = await m.findOne(Promoter, { where: { id: promoterId }, ...writeLock(m) });
      if (!p) throw DistributionErrors.promoterNotFound();
      const action = { active: 'activate', rejected: 'reject', disabled: 'disable', applied: 'apply' }[to];
      if (
        !promoterStates.allows('admin', p.status, to) ||
        !(await this.transitions.promoter(m, p, to, { actor: 'admin', actorId: adminId, note: reason }))
      )
        throw DistributionErrors.promoterState(p.status, action);
      return m.findOneOrFail(Promoter, { where: { id: p.id } });
    });
  }
}

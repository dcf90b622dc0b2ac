import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import type { AuditLogQuery, AuditLogView } from './dto/audit-log.dto';
import { toAuditLogView } from './dto/audit-log.mappers';
import { AuditLog } from './audit-log.entity';

export type AuditEntry = Pick<
  AuditLog,
  'adminId' | 'adminUsername' | 'role' | 'viaUserId' | 'action' | 'method' | 'route' | 'targetType' | 'targetId' | 'summary' | 'requestId'
>;

/** The admin audit log: rows are begun, completed once, listed; never changed otherwise or deleted. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>,
    private readonly clock: Clock,
  ) {}

  /** Writes the pending row of a write about to run (its own statement, committed before the change starts). */
  async begin(entry: AuditEntry): Promise<number> {
    const res = await this.logs.insert({ ...entry, outcome: 'pending', errorCode: null, createdAt: this.clock.now(), finishedAt: null });
    return (res.identifiers[0] as { id: number }).id;
  }

  /** Completes a pending row once (the target id of a created resource is known only now). */
  async finish(id: number, outcome: 'succeeded' | 'failed', errorCode: string | null, targetId: string | null): Promise<void> {
    await this.logs
      .createQueryBuilder()
      .update(AuditLog)
      .set({ outcome, errorCode, finishedAt: this.clock.now(), ...(targetId !== null ? { targetId } : {}) })
      .where("id = :id AND outcome = 'pending'", { id })
      .andWhere(targetId !== null ? 'target_id IS NULL' : '1 = 1')
      .execute();
  }

  async list(q: AuditLogQuery): Promise<Page<AuditLogView>> {
    const { offset, pageSize } = pageParams(q);
    const qb = this.logs.createQueryBuilder('a');
    if (q.adminId) qb.andWhere('a.adminId = :adminId', { adminId: q.adminId });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.targetType) qb.andWhere('a.targetType = :targetType', { targetType: q.targetType });
    if (q.targetId) qb.andWhere('a.targetId = :targetId', { targetId: q.targetId });
    if (q.outcome) qb.andWhere('a.outcome = :outcome', { outcome: q.outcome });
    if (q.from) qb.andWhere('a.createdAt >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('a.createdAt < :to', { to: new Date(q.to) });
    const [rows, total] = await qb.orderBy('a.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    return toPage(rows.map(toAuditLogView), total, q);
  }
}

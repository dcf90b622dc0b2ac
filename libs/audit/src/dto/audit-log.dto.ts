import { IsIn, Matches } from 'class-validator';
import { IsQueryId, IsText, Optional, PageOf, TimeRangePageQuery } from '@app/common';
import { AUDIT_OUTCOMES, type AuditOutcome } from '../audit-log.entity';

/** `from` / `to`: written at or after, before. */
export class AuditLogQuery extends TimeRangePageQuery {
  @IsQueryId()
  adminId?: number;

  /** The operationId of the route (adminShipOrder). */
  @Optional()
  @Matches(/^[A-Za-z]{1,64}$/, { message: 'action must be an operationId (letters only)' })
  action?: string;

  /** The admin collection (orders, products, settings...). */
  @Optional()
  @Matches(/^[a-z-]{1,32}$/, { message: 'targetType must be lower-case letters and -' })
  targetType?: string;

  /** Only with targetType. */
  @Optional()
  @IsText(1, 64)
  targetId?: string;

  @Optional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;
}

export class AuditLogView {
  id!: number;
  adminId!: number;
  adminUsername!: string;
  role!: string;
  viaUserId!: number | null;
  /** The route's operationId. */
  action!: string;
  method!: string;
  route!: string;
  targetType!: string;
  targetId!: string | null;
  /** The request body as JSON, secrets redacted (empty when there was none). */
  summary!: string;
  requestId!: string;
  /** `pending`: the change may or may not have been made (the process stopped before it answered). */
  outcome!: AuditOutcome;
  errorCode!: string | null;
  createdAt!: string;
  finishedAt!: string | null;
}

export class AuditLogPage extends PageOf(AuditLogView) {}

import type { AuditLog } from '../audit-log.entity';
import type { AuditLogView } from './audit-log.dto';

export function toAuditLogView(a: AuditLog): AuditLogView {
  return {
    id: a.id,
    adminId: a.adminId,
    adminUsername: a.adminUsername,
    role: a.role,
    viaUserId: a.viaUserId,
    action: a.action,
    method: a.method,
    route: a.route,
    targetType: a.targetType,
    targetId: a.targetId,
    summary: a.summary,
    requestId: a.requestId,
    outcome: a.outcome,
    errorCode: a.errorCode,
    createdAt: a.createdAt.toISOString(),
    finishedAt: a.finishedAt ? a.finishedAt.toISOString() : null,
  };
}

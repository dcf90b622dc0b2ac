export { AuditModule } from './audit.module';
export { AuditLogService } from './audit-log.service';
export { AuditLogPage, AuditLogView } from './dto/audit-log.dto';

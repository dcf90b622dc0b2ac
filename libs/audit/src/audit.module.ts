import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ADMIN_WRITE_AUDIT } from '@app/access';
import { AdminAuditLogsController } from './admin-audit-logs.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditLog } from './audit-log.entity';
import { AuditLogService } from './audit-log.service';

/**
 * The append-only admin audit log: @AdminAuth binds access's AdminWriteInterceptor on admin routes, which hands
 * every admin write to AuditInterceptor (provided globally, since admin controllers live in every module); owners
 * list it.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog])],
  controllers: [AdminAuditLogsController],
  providers: [AuditLogService, AuditInterceptor, { provide: ADMIN_WRITE_AUDIT, useExisting: AuditInterceptor }],
  exports: [AuditLogService, ADMIN_WRITE_AUDIT],
})
export class AuditModule {}

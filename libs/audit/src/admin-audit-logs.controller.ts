import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/access';
import type { AuditLogPage } from './dto/audit-log.dto';
import { AuditLogQuery } from './dto/audit-log.dto';
import { AuditLogService } from './audit-log.service';

@ApiTags('admin')
@Controller('admin/audit-logs')
@AdminAuth('owner')
export class AdminAuditLogsController {
  constructor(private readonly audit: AuditLogService) {}

  /**
   * Every admin write, newest first, by admin, action, target, outcome and time.
   * @remarks Append-only: written before the change runs and completed with its outcome; `pending` means the
   * process stopped before answering (check the target).
   */
  @Get()
  @ApiOperation({ operationId: 'adminListAuditLogs' })
  list(@Query() q: AuditLogQuery): Promise<AuditLogPage> {
    return this.audit.list(q);
  }
}

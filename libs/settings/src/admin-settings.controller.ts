import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/access';
import type { AdminSettingsView } from './dto/settings.dto';
import { UpdateSettingsDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('admin')
@Controller('admin/settings')
export class AdminSettingsController {
  constructor(private readonly settings: SettingsService) {}

  /** The shop's runtime settings: values in use, the environment's defaults, which ones an owner set. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetSettings' })
  get(): Promise<AdminSettingsView> {
    return this.settings.adminView();
  }

  /**
   * Change runtime settings (owners).
   * @remarks `null` returns a setting to the environment's default. Every instance applies the change within
   * SETTINGS_REFRESH_MS; the change is in the audit log.
   */
  @Patch()
  @AdminAuth('owner')
  @ApiOperation({ operationId: 'adminUpdateSettings' })
  update(@CurrentAdmin() admin: AdminIdentity, @Body() dto: UpdateSettingsDto): Promise<AdminSettingsView> {
    return this.settings.update(admin.adminId, dto);
  }
}

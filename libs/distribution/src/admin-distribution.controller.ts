import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, CommonErrors, IdPipe, PageQuery } from '@app/common';
import { BindingsService } from './bindings.service';
import { CommissionRulesService } from './commission-rules.service';
import { DistributionReads } from './distribution-reads.service';
import { DistributionSettingsService } from './distribution-settings.service';
import { DistributionErrors } from './distribution.errors';
import {
  AdminBindingQuery,
  AdminCommissionQuery,
  AdminPromoterQuery,
  ChangeBindingDto,
  CommissionRuleDto,
  CommissionRuleQuery,
  DeleteCommissionRuleQuery,
  PromoterDecisionDto,
  TeamQuery,
  UpdateDistributionSettingsDto,
} from './dto/distribution.dto';
import {
  type AdminBindingPage,
  type AdminCommissionPage,
  type AdminPromoterPage,
  type AdminPromoterView,
  type AdminTeamView,
  type BindingChangePage,
  type BindResultView,
  type CommissionRuleView,
  type DistributionSettingsView,
  type LedgerPage,
  type SettingsChangePage,
  toBindResultView,
  toRuleView,
  toSettingsChangeView,
  toSettingsView,
} from './dto/distribution.mappers';
import { PromotersService } from './promoters.service';

@ApiTags('admin')
@Controller('admin/distribution')
export class AdminDistributionController {
  constructor(
    private readonly settings: DistributionSettingsService,
    private readonly rules: CommissionRulesService,
    private readonly promoters: PromotersService,
    private readonly bindings: BindingsService,
    private readonly reads: DistributionReads,
  ) {}

  /** The distribution settings in force. */
  @Get('settings')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetDistributionSettings' })
  async getSettings(): Promise<DistributionSettingsView> {
    const st = await this.settings.state();
    return toSettingsView(st.settings, st.version, st.updatedAt, this.settings.freezeDays(st.settings));
  }

  /** Change distribution settings (owners; every change is audited with its reason). */
  @Patch('settings')
  @AdminAuth('owner')
  @ApiOperation({ operationId: 'adminUpdateDistributionSettings' })
  @ApiErrors(DistributionErrors.settingsConflict)
  async updateSettings(
    @CurrentAdmin() admin: AdminIdentity,
    @Body() dto: UpdateDistributionSettingsDto,
  ): Promise<DistributionSettingsView> {
    const { reason, version, ...patch } = dto;
    const st = await this.settings.update(admin.adminId, patch, reason, version);
    return toSettingsView(st.settings, st.version, st.updatedAt, this.settings.freezeDays(st.settings));
  }

  /** The audit of settings changes, newest first. */
  @Get('settings/changes')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListDistributionSettingsChanges' })
  async settingsChanges(@Query() q: PageQuery): Promise<SettingsChangePage> {
    const page = await this.settings.changes(q);
    return { ...page, items: page.items.map(toSettingsChangeView) };
  }

  /** Per-product and per-SKU commission overrides. */
  @Get('commission-rules')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListCommissionRules' })
  async listRules(@Query() q: CommissionRuleQuery): Promise<CommissionRuleView[]> {
    return (await this.rules.list(q.productId)).map(toRuleView);
  }

  /** Set a product's (skuId 0) or an SKU's commission: a rate, a fixed amount per unit, or excluded (owners, audited). */
  @Put('commission-rules')
  @AdminAuth('owner')
  @ApiOperation({ operationId: 'adminPutCommissionRule' })
  async putRule(@CurrentAdmin() admin: AdminIdentity, @Body() dto: CommissionRuleDto): Promise<CommissionRuleView> {
    const { reason, ...rule } = dto;
    if (rule.mode === 'rate' && (rule.level1 > 5000 || rule.level2 > 5000))
      throw CommonErrors.field('level1', 'a rate is at most 5000 basis points');
    return toRuleView(await this.rules.put(admin.adminId, rule, reason));
  }

  /** Remove an override (owners, audited). */
  @Delete('commission-rules/:productId')
  @HttpCode(204)
  @AdminAuth('owner')
  @ApiOperation({ operationId: 'adminDeleteCommissionRule' })
  @ApiErrors(CommonErrors.notFound.with('Commission rule'))
  async deleteRule(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('productId', IdPipe) productId: number,
    @Query() q: DeleteCommissionRuleQuery,
  ): Promise<void> {
    if (!(await this.rules.remove(admin.adminId, productId, q.skuId ?? 0))) throw CommonErrors.notFound('Commission rule');
  }

  /** Promoters by status, code, shopper or a part of the shopper's nickname (`keyword`), newest first. */
  @Get('promoters')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListPromoters' })
  promoters_(@Query() q: AdminPromoterQuery): Promise<AdminPromoterPage> {
    return this.reads.adminPromoters(q);
  }

  /** One promoter with balances and member count. */
  @Get('promoters/:id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetPromoter' })
  @ApiErrors(DistributionErrors.promoterNotFound)
  promoter(@Param('id', IdPipe) id: number): Promise<AdminPromoterView> {
    return this.reads.adminPromoter(id);
  }

  /** Every movement of a promoter's money, newest first. */
  @Get('promoters/:id/ledger')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListPromoterLedger' })
  @ApiErrors(DistributionErrors.promoterNotFound)
  async ledger(@Param('id', IdPipe) id: number, @Query() q: PageQuery): Promise<LedgerPage> {
    await this.reads.adminPromoter(id);
    return this.reads.ledger(id, q);
  }

  /** A promoter's team: counts of both levels and one level's members, named in full. */
  @Get('promoters/:id/team')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetPromoterTeam' })
  @ApiErrors(DistributionErrors.promoterNotFound)
  team(@Param('id', IdPipe) id: number, @Query() q: TeamQuery): Promise<AdminTeamView> {
    return this.reads.adminTeam(id, q);
  }

  /** Approve an application. */
  @Post('promoters/:id/approve')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminApprovePromoter' })
  @ApiErrors(DistributionErrors.promoterNotFound, DistributionErrors.promoterState)
  approve(@CurrentAdmin() a: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: PromoterDecisionDto): Promise<AdminPromoterView> {
    return this.decide(a, id, 'active', dto.reason);
  }

  /** Reject an application. */
  @Post('promoters/:id/reject')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRejectPromoter' })
  @ApiErrors(DistributionErrors.promoterNotFound, DistributionErrors.promoterState)
  reject(@CurrentAdmin() a: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: PromoterDecisionDto): Promise<AdminPromoterView> {
    return this.decide(a, id, 'rejected', dto.reason);
  }

  /** Disable a promoter: they bind no one and earn nothing on new orders. */
  @Post('promoters/:id/disable')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminDisablePromoter' })
  @ApiErrors(DistributionErrors.promoterNotFound, DistributionErrors.promoterState)
  disable(@CurrentAdmin() a: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: PromoterDecisionDto): Promise<AdminPromoterView> {
    return this.decide(a, id, 'disabled', dto.reason);
  }

  /** Enable a disabled promoter again. */
  @Post('promoters/:id/enable')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminEnablePromoter' })
  @ApiErrors(DistributionErrors.promoterNotFound, DistributionErrors.promoterState)
  enable(@CurrentAdmin() a: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: PromoterDecisionDto): Promise<AdminPromoterView> {
    return this.decide(a, id, 'active', dto.reason);
  }

  /** Bindings by promoter or shopper. */
  @Get('bindings')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListBindings' })
  bindingsList(@Query() q: AdminBindingQuery): Promise<AdminBindingPage> {
    return this.reads.adminBindings(q);
  }

  /** A shopper's binding history: every binding and rebinding with who did it and why, newest first. */
  @Get('bindings/:userId/changes')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListBindingChanges' })
  bindingChanges(@Param('userId', IdPipe) userId: number, @Query() q: PageQuery): Promise<BindingChangePage> {
    return this.reads.bindingChanges(userId, q);
  }

  /** Move a shopper to another promoter, or unbind them (promoterId null), with a reason. */
  @Put('bindings/:userId')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminChangeBinding' })
  @ApiErrors(
    DistributionErrors.promoterNotFound,
    DistributionErrors.promoterInactive,
    DistributionErrors.selfBinding,
    DistributionErrors.bindingCycle,
  )
  async changeBinding(
    @CurrentAdmin() a: AdminIdentity,
    @Param('userId', IdPipe) userId: number,
    @Body() dto: ChangeBindingDto,
  ): Promise<BindResultView> {
    return toBindResultView(await this.bindings.change(a.adminId, userId, dto.promoterId, dto.reason));
  }

  /** Commission records by promoter, order, status and period. */
  @Get('commissions')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListCommissions' })
  commissions(@Query() q: AdminCommissionQuery): Promise<AdminCommissionPage> {
    return this.reads.adminCommissions(q);
  }

  private async decide(a: AdminIdentity, id: number, to: 'active' | 'rejected' | 'disabled', reason: string): Promise<AdminPromoterView> {
    const p = await this.promoters.decide(a.adminId, id, to, reason);
    return (await this.reads.adminViews([p]))[0]!;
  }
}

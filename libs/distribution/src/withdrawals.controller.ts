import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin, CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { DistributionErrors } from './distribution.errors';
import {
  AdminWithdrawalQuery,
  ApplyWithdrawalDto,
  MarkWithdrawalPaidDto,
  RejectWithdrawalDto,
  WithdrawalQuery,
  WithdrawalQuoteQuery,
} from './dto/distribution.dto';
import {
  type AdminWithdrawalPage,
  type AdminWithdrawalView,
  toAdminWithdrawalView,
  toWithdrawalView,
  type WithdrawalPage,
  type WithdrawalQuoteView,
  type WithdrawalView,
} from './dto/distribution.mappers';
import type { Withdrawal } from './withdrawal.entity';
import { WithdrawalsService } from './withdrawals.service';

const APPLY_REFUSALS = [
  DistributionErrors.disabled,
  DistributionErrors.notPromoter,
  DistributionErrors.channelUnavailable,
  DistributionErrors.amountOutOfBounds,
  DistributionErrors.dailyLimit,
  DistributionErrors.insufficientBalance,
  DistributionErrors.realNameRequired,
  DistributionErrors.openidRequired,
];

@ApiTags('distribution')
@Controller('distribution/withdrawals')
@ShopperAuth()
export class WithdrawalsController {
  constructor(
    private readonly withdrawals: WithdrawalsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The fee and payout of a withdrawal of `amount`, with the bounds and today's count (shown before confirming). */
  @Get('quote')
  @ApiOperation({ operationId: 'quoteWithdrawal' })
  @ApiErrors(DistributionErrors.notPromoter)
  quote(@CurrentUser() user: ShopperIdentity, @Query() q: WithdrawalQuoteQuery): Promise<WithdrawalQuoteView> {
    return this.withdrawals.quote(user.userId, q.amount);
  }

  /**
   * Withdraw from the withdrawable balance.
   * @remarks The amount leaves the balance now and comes back if the withdrawal is rejected, fails or is never
   * confirmed. For the WeChat channel, once approved, `transfer` carries the parameters of
   * `wx.requestMerchantTransfer`.
   */
  @Post()
  @ApiOperation({ operationId: 'applyWithdrawal' })
  @ApiErrors(...APPLY_REFUSALS)
  async apply(@CurrentUser() user: ShopperIdentity, @Body() dto: ApplyWithdrawalDto): Promise<WithdrawalView> {
    return this.view(await this.withdrawals.apply(user.userId, dto.amount, dto.channel, dto.realName));
  }

  /** The promoter's withdrawals, newest first. */
  @Get()
  @ApiOperation({ operationId: 'listWithdrawals' })
  @ApiErrors(DistributionErrors.notPromoter)
  async list(@CurrentUser() user: ShopperIdentity, @Query() q: WithdrawalQuery): Promise<WithdrawalPage> {
    const page = await this.withdrawals.listOwn(user.userId, q);
    return { ...page, items: page.items.map((w) => this.view(w)) };
  }

  /** One withdrawal; while its transfer waits for the promoter, `transfer` is what the mini program needs. */
  @Get(':id')
  @ApiOperation({ operationId: 'getWithdrawal' })
  @ApiErrors(DistributionErrors.withdrawalNotFound)
  async get(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<WithdrawalView> {
    return this.view(await this.withdrawals.own(user.userId, id));
  }

  private view(w: Withdrawal): WithdrawalView {
    const mchId = this.config.payments.wechatPay?.mchId;
    return toWithdrawalView(w, mchId ? { mchId, appId: this.config.wechat.appId } : null);
  }
}

@ApiTags('admin')
@Controller('admin/distribution/withdrawals')
export class AdminWithdrawalsController {
  constructor(private readonly withdrawals: WithdrawalsService) {}

  /** Withdrawals by status (the review queue: `?status=applied`) and promoter. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListWithdrawals' })
  async list(@Query() q: AdminWithdrawalQuery): Promise<AdminWithdrawalPage> {
    const page = await this.withdrawals.list(q);
    return { ...page, items: page.items.map(toAdminWithdrawalView) };
  }

  /** One withdrawal with its attempt, bill number and manual reference. */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetWithdrawal' })
  @ApiErrors(DistributionErrors.withdrawalNotFound)
  async get(@Param('id', IdPipe) id: number): Promise<AdminWithdrawalView> {
    return toAdminWithdrawalView(await this.withdrawals.get(id));
  }

  /** Approve: a WeChat withdrawal's transfer bill is created next (a durable job). */
  @Post(':id/approve')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminApproveWithdrawal' })
  @ApiErrors(DistributionErrors.withdrawalNotFound, DistributionErrors.withdrawalState)
  async approve(@CurrentAdmin() a: AdminIdentity, @Param('id', IdPipe) id: number): Promise<AdminWithdrawalView> {
    return toAdminWithdrawalView(await this.withdrawals.approve(a.adminId, id));
  }

  /** Reject with a reason: the amount goes back to the balance. */
  @Post(':id/reject')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRejectWithdrawal' })
  @ApiErrors(DistributionErrors.withdrawalNotFound, DistributionErrors.withdrawalState)
  async reject(
    @CurrentAdmin() a: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: RejectWithdrawalDto,
  ): Promise<AdminWithdrawalView> {
    return toAdminWithdrawalView(await this.withdrawals.reject(a.adminId, id, dto.reason));
  }

  /** Manual channel: record the payout made outside, with its reference. */
  @Post(':id/mark-paid')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminMarkWithdrawalPaid' })
  @ApiErrors(DistributionErrors.withdrawalNotFound, DistributionErrors.withdrawalState)
  async markPaid(
    @CurrentAdmin() a: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: MarkWithdrawalPaidDto,
  ): Promise<AdminWithdrawalView> {
    return toAdminWithdrawalView(await this.withdrawals.markPaid(a.adminId, id, dto.reference));
  }

  /** Retry a failed WeChat transfer with a new bill (the amount is taken from the balance again). */
  @Post(':id/retry')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRetryWithdrawal' })
  @ApiErrors(DistributionErrors.withdrawalNotFound, DistributionErrors.withdrawalState, DistributionErrors.insufficientBalance)
  async retry(@CurrentAdmin() a: AdminIdentity, @Param('id', IdPipe) id: number): Promise<AdminWithdrawalView> {
    return toAdminWithdrawalView(await this.withdrawals.retry(a.adminId, id));
  }
}

import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { ApiErrors, PageQuery } from '@app/common';
import { BindingsService } from './bindings.service';
import { DistributionReads } from './distribution-reads.service';
import { DistributionErrors } from './distribution.errors';
import { ApplyPromoterDto, BindDto, CommissionQuery, TeamQuery } from './dto/distribution.dto';
import {
  type AttributedOrderPage,
  type TeamView,
  type BindResultView,
  type CommissionPage,
  type DistributionCenterView,
  type PromoterView,
  toBindResultView,
  toPromoterView,
} from './dto/distribution.mappers';
import { PromotersService } from './promoters.service';

@ApiTags('distribution')
@Controller('distribution')
@ShopperAuth()
export class DistributionController {
  constructor(
    private readonly bindings: BindingsService,
    private readonly promoters: PromotersService,
    private readonly reads: DistributionReads,
  ) {}

  /** The shopper's distribution status: whether it is on, their promoter record and balances, their binding. */
  @Get('me')
  @ApiOperation({ operationId: 'getDistributionCenter' })
  center(@CurrentUser() user: ShopperIdentity): Promise<DistributionCenterView> {
    return this.reads.center(user.userId);
  }

  /**
   * Bind to the promoter whose code a share carried.
   * @remarks Applies the shop's binding mode: the first share binds for good, the latest share rebinds, or only a
   * shopper at their first login is bound. Nothing changing is a 200 with the outcome saying why.
   */
  @Post('bind')
  @HttpCode(200)
  @ApiOperation({ operationId: 'bindPromoter' })
  @ApiErrors(
    DistributionErrors.disabled,
    DistributionErrors.codeNotFound,
    DistributionErrors.promoterInactive,
    DistributionErrors.selfBinding,
    DistributionErrors.bindingCycle,
  )
  async bind(@CurrentUser() user: ShopperIdentity, @Body() dto: BindDto): Promise<BindResultView> {
    return toBindResultView(await this.bindings.bindByCode(user.userId, dto.code));
  }

  /** Become a promoter (active at once, or waiting for approval when the shop requires it). */
  @Post('promoter')
  @ApiOperation({ operationId: 'applyPromoter' })
  @ApiErrors(DistributionErrors.disabled, DistributionErrors.alreadyPromoter)
  async apply(@CurrentUser() user: ShopperIdentity, @Body() dto: ApplyPromoterDto): Promise<PromoterView> {
    return toPromoterView(await this.promoters.apply(user.userId, dto.note));
  }

  /** The promoter's team: counts of level-1 and level-2 members, and one level's members with masked nicknames. */
  @Get('team')
  @ApiOperation({ operationId: 'getPromoterTeam' })
  @ApiErrors(DistributionErrors.notPromoter)
  team(@CurrentUser() user: ShopperIdentity, @Query() q: TeamQuery): Promise<TeamView> {
    return this.reads.team(user.userId, q);
  }

  /** The orders that earned the promoter commission, newest first. */
  @Get('orders')
  @ApiOperation({ operationId: 'listAttributedOrders' })
  @ApiErrors(DistributionErrors.notPromoter)
  orders(@CurrentUser() user: ShopperIdentity, @Query() q: PageQuery): Promise<AttributedOrderPage> {
    return this.reads.attributedOrders(user.userId, q);
  }

  /** The promoter's commission records with their order items, newest first. */
  @Get('commissions')
  @ApiOperation({ operationId: 'listMyCommissions' })
  @ApiErrors(DistributionErrors.notPromoter)
  commissions(@CurrentUser() user: ShopperIdentity, @Query() q: CommissionQuery): Promise<CommissionPage> {
    return this.reads.commissionsOf(user.userId, q);
  }
}

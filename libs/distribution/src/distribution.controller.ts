import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
import { ShareCodesService } from './share-codes.service';

@ApiTags('distribution')
@Controller('distribution')
@ShopperAuth()
export class DistributionController {
  constructor(
    private readonly bindings: BindingsService,
    private readonly promoters: PromotersService,
    private readonly reads: DistributionReads,
    private readonly shareCodes: ShareCodesService,
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

  /**
   * The promoter's share code image (a mini program code).
   * @remarks It opens the shop's share page with `scene` = the promoter code (the page reads it and calls POST
   * /distribution/bind). Made by WeChat once and stored; made again when the share page or version changes.
   */
  @Get('share-code')
  @ApiOperation({ operationId: 'getShareCode' })
  @ApiOkResponse({
    description: 'The image (PNG, or JPEG if WeChat answers one).',
    content: {
      'image/png': { schema: { type: 'string', format: 'binary' } },
      'image/jpeg': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(
    DistributionErrors.disabled,
    DistributionErrors.notPromoter,
    DistributionErrors.shareCodeUnavailable,
    DistributionErrors.shareCodeRefused,
  )
  async shareCode(@CurrentUser() user: ShopperIdentity, @Res() reply: FastifyReply): Promise<void> {
    const { image } = await this.shareCodes.ofUser(user.userId);
    const png = image[0] === 0x89;
    await reply
      .status(200)
      .header('content-type', png ? 'image/png' : 'image/jpeg')
      .header('cache-control', 'private, max-age=3600')
      .send(image);
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

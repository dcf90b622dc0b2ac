import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { CouponsService } from './coupons.service';
import { ClaimableQuery, ClaimCouponDto, CouponListQuery } from './dto/coupon-template.dto';
import type { ClaimableCouponList, CouponPage, CouponView } from './dto/coupon-view.dto';
import { PromotionsErrors } from './promotions.errors';

@ApiTags('coupons')
@Controller('coupons')
@ShopperAuth()
export class CouponsController {
  constructor(private readonly coupons: CouponsService) {}

  /**
   * Coupons the shopper can claim now.
   * @remarks `productId`: those that apply to the product (product page); `productIds=1,2,3`: those that apply to
   * any of them (the cart); neither: all. `claimed` says how many the shopper holds (of `perUserLimit`).
   */
  @Get('claimable')
  @ApiOperation({ operationId: 'listClaimableCoupons' })
  claimable(@CurrentUser() user: ShopperIdentity, @Query() q: ClaimableQuery): Promise<ClaimableCouponList> {
    return this.coupons.claimable(user.userId, q);
  }

  /** Claim one coupon of a template. */
  @Post('claim')
  @ApiOperation({ operationId: 'claimCoupon' })
  @ApiErrors(PromotionsErrors.templateNotFound, PromotionsErrors.notClaimable, PromotionsErrors.soldOut, PromotionsErrors.claimLimit)
  claim(@CurrentUser() user: ShopperIdentity, @Body() dto: ClaimCouponDto): Promise<CouponView> {
    return this.coupons.claim(user.userId, dto.templateId);
  }

  /** The shopper's coupons in one state: usable (default), used or expired. */
  @Get()
  @ApiOperation({ operationId: 'listCoupons' })
  list(@CurrentUser() user: ShopperIdentity, @Query() q: CouponListQuery): Promise<CouponPage> {
    return this.coupons.mine(user.userId, q);
  }

  /** One of the shopper's coupons. */
  @Get(':id')
  @ApiOperation({ operationId: 'getCoupon' })
  @ApiErrors(PromotionsErrors.couponNotFound)
  detail(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<CouponView> {
    return this.coupons.detail(user.userId, id);
  }
}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { CatalogModule } from '@app/catalog';
import { AdminCouponsController } from './admin-coupons.controller';
import { CouponCheckout } from './coupon-checkout.service';
import { CouponClaim } from './coupon-claim.entity';
import { CouponEvent } from './coupon-event.entity';
import { CouponIssuer } from './coupon-issuer';
import { CouponTemplate } from './coupon-template.entity';
import { CouponTemplatesService } from './coupon-templates.service';
import { Coupon } from './coupon.entity';
import { CouponsController } from './coupons.controller';
import { CouponsService } from './coupons.service';

@Module({
  imports: [TypeOrmModule.forFeature([CouponTemplate, Coupon, CouponClaim, CouponEvent]), AuthModule, CatalogModule],
  controllers: [CouponsController, AdminCouponsController],
  providers: [CouponsService, CouponTemplatesService, CouponIssuer, CouponCheckout],
  exports: [CouponCheckout],
})
export class PromotionsModule {}

export { PromotionsModule } from './promotions.module';
export { CouponCheckout, type AppliedCoupon, type CouponChoice, type CouponLine } from './coupon-checkout.service';
export { PromotionsErrors } from './promotions.errors';
export { CouponOptionView } from './dto/coupon-view.dto';

import type { Wxmall } from '../wxmall';
import { addressModules } from './addresses';
import { afterSaleModules } from './after-sales';
import { cartModules } from './cart';
import { commentModules } from './comments';
import { AdapterContext, type TdesignOptions } from './context';
import { couponModules } from './coupons';
import { goodsModules } from './goods';
import { orderModules } from './orders';
import { pendingModules } from './pending';
import { userModules } from './user';

/**
 * wxmall behind the TDesign retail starter: an object keyed by the starter's module paths (`services/<key>.js`, or
 * the page-local `pages/.../api.js`), each with the functions of that module, same names, parameters and answers.
 * Keys starting with `wxmall/` are calls the starter's pages only stub (cart changes, order buttons, saving an address,
 * claiming coupons, the checkout coupon picker, pick-up stores).
 *
 *   const services = createTdesignServices(createWxmall({ transport: 'container', env, service }));
 *   // services/good/fetchGood.js
 *   module.exports = services['good/fetchGood'];
 */
export function createTdesignServices(wxmall: Wxmall, options: TdesignOptions = {}) {
  const ctx = new AdapterContext(wxmall, options);
  return {
    ...goodsModules(ctx),
    ...commentModules(ctx),
    ...cartModules(ctx),
    ...orderModules(ctx),
    ...afterSaleModules(ctx),
    ...addressModules(ctx),
    ...userModules(ctx),
    ...couponModules(ctx),
    ...pendingModules(),
  };
}

export type TdesignServices = ReturnType<typeof createTdesignServices>;
export type { TdesignOptions, Envelope } from './context';
export type { StarterGoodsCard, StarterSearchParams, StarterSpuDetail } from './goods';
export type { LineKey, StarterCartLine } from './cart';
export type { StarterCommitParams, StarterGoodsRequest, StarterOrder, StarterSettleParams } from './orders';
export type { StarterApplyParams, StarterRightsRecord, StarterTrackingParams } from './after-sales';
export type { StarterAddress, StarterAddressView } from './addresses';
export type { StarterCoupon } from './coupons';
export type { StarterCommentParams } from './comments';
export * from './starter-codes';

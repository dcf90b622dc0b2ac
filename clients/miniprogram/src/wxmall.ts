import { addressesApi } from './addresses';
import { afterSalesApi } from './after-sales';
import { cartApi } from './cart';
import { catalogApi } from './catalog';
import { checkoutApi } from './checkout';
import { WxmallClient, type WxmallConfig } from './client';
import { couponsApi } from './coupons';
import { ordersApi } from './orders';
import { paymentsApi } from './payments';
import { profileApi } from './profile';
import { reviewsApi } from './reviews';
import { searchApi } from './search';

/** One configured wxmall: the client and every shopper operation grouped by domain. */
export function createWxmall(config: WxmallConfig) {
  const client = new WxmallClient(config);
  return {
    client,
    /** Request transport: log in now (otherwise the first call that needs it does), or forget the token. */
    auth: { login: () => client.login(), logout: () => client.logout() },
    catalog: catalogApi(client),
    search: searchApi(client),
    cart: cartApi(client),
    checkout: checkoutApi(client),
    coupons: couponsApi(client),
    orders: ordersApi(client),
    payments: paymentsApi(client),
    afterSales: afterSalesApi(client),
    reviews: reviewsApi(client),
    addresses: addressesApi(client),
    profile: profileApi(client),
  };
}

export type Wxmall = ReturnType<typeof createWxmall>;

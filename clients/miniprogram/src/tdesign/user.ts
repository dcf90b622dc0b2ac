import type { Address } from '../addresses';
import type { AfterSale } from '../after-sales';
import type { StorePage } from '../catalog';

type Store = StorePage['items'][number];
import type { AdapterContext } from './context';
import { type OrderStatus, USER_CENTER_TILES } from './starter-codes';

const OPEN_AFTER_SALES = new Set(['requested', 'awaiting_return', 'returning', 'refunding', 'refund_failed']);

export function userModules(ctx: AdapterContext) {
  const sdk = ctx.sdk;

  async function userInfo() {
    const me = await sdk.profile.get();
    return {
      avatarUrl: String(me.avatarUrl),
      nickName: String(me.nickname),
      phoneNumber: me.phone ? String(me.phone) : '',
      gender: 0,
    };
  }

  return {
    'usercenter/fetchUsercenter': {
      /** Header card, usable coupons, order tiles (to pay, to ship, to receive, to review, open after-sales), service contact. */
      async fetchUserCenter() {
        const [info, counts, open, toReview, stores, coupons] = await Promise.all([
          userInfo(),
          sdk.orders.counts().then((c): Record<OrderStatus, number> => c),
          sdk.afterSales.list({ pageSize: 100 }).then((r): number => {
            const items: AfterSale[] = r.items;
            return items.filter((a) => OPEN_AFTER_SALES.has(a.status)).length;
          }),
          sdk.reviews.awaiting({ pageSize: 1 }).then((r): number => r.total),
          sdk.catalog.stores({ pageSize: 1 }),
          sdk.coupons.list({ state: 'usable', pageSize: 1 }).then((r): number => r.total),
        ]);
        const list: Store[] = stores.items;
        const store = list[0];
        return {
          userInfo: info,
          // Points: pending in wxmall. Coupons: the usable ones.
          countsData: [
            { num: 0, name: '积分', type: 'point' },
            { num: coupons, name: '优惠券', type: 'coupon' },
          ],
          orderTagInfos: USER_CENTER_TILES.map((tile) => ({
            tabType: tile.tabType,
            orderNum: tile.counts === 'open_after_sales' ? open : tile.counts === 'to_review' ? toReview : (counts[tile.counts] ?? 0),
          })),
          customerServiceInfo: {
            servicePhone: store?.phone || ctx.options.servicePhone || '',
            serviceTimeDuration: store?.businessHours || ctx.options.serviceHours || '',
          },
        };
      },
    },
    'usercenter/fetchPerson': {
      /** The profile, with the default address's province and city. */
      async fetchPerson() {
        const [info, addresses] = await Promise.all([userInfo(), sdk.addresses.list().then((l): Address[] => l)]);
        const home = addresses.find((a) => a.isDefault) ?? addresses[0];
        return {
          ...info,
          address: { provinceName: home?.province ?? '', provinceCode: '', cityName: home?.city ?? '', cityCode: '' },
        };
      },
    },
  };
}

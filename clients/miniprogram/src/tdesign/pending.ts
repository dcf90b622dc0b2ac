/**
 * What wxmall has no data for yet: coupons, marketing activities. Each function
 * answers the starter's empty shape, so its pages show "nothing yet" instead of failing (README: pending).
 */
export function pendingModules() {
  return {
    'coupon/index': {
      fetchCouponList: (_status = 'default') => Promise.resolve([] as unknown[]),
      fetchCouponDetail: (_id: unknown, _status = 'default') => Promise.resolve({ detail: null, storeInfoList: [] as unknown[] }),
    },
    'activity/fetchActivityList': {
      fetchActivityList: (_pageIndex = 1, _pageSize = 20) => Promise.resolve([] as unknown[]),
    },
    'activity/fetchActivity': {
      fetchActivity: (_ID: unknown = 0) => Promise.resolve(null),
    },
  };
}

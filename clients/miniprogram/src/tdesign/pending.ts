/**
 * What wxmall has no data for yet: marketing activities. Each function answers the starter's empty shape, so its
 * pages show "nothing yet" instead of failing (README: pending). Coupons: ./coupons.ts.
 */
export function pendingModules() {
  return {
    'activity/fetchActivityList': {
      fetchActivityList: (_pageIndex = 1, _pageSize = 20) => Promise.resolve([] as unknown[]),
    },
    'activity/fetchActivity': {
      fetchActivity: (_ID: unknown = 0) => Promise.resolve(null),
    },
  };
}

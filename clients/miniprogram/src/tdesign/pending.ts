/**
 * What wxmall has no data for yet: product reviews, coupons, marketing activities. Each function
 * answers the starter's empty shape, so its pages show "nothing yet" instead of failing (README: pending).
 */
const NO_COMMENTS = { commentCount: '0', badCount: '0', middleCount: '0', goodCount: '0', hasImageCount: '0', goodRate: 0, uidCount: '0' };

export function pendingModules() {
  return {
    'comments/fetchComments': {
      fetchComments: (params: { pageNum?: number; pageSize?: number } = {}) =>
        Promise.resolve({ pageNum: params.pageNum ?? 1, pageSize: params.pageSize ?? 10, totalCount: 0, pageList: [] as unknown[] }),
    },
    'comments/fetchCommentsCount': {
      fetchCommentsCount: (_ID: unknown = 0) => Promise.resolve({ ...NO_COMMENTS }),
    },
    'good/fetchGoodsDetailsComments': {
      getGoodsDetailsCommentsCount: (_spuId: unknown = 0) => Promise.resolve({ ...NO_COMMENTS }),
      getGoodsDetailsCommentList: (_spuId: unknown = 0) => Promise.resolve({ homePageComments: [] as unknown[] }),
    },
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

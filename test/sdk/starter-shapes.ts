/**
 * The TDesign retail starter's models as its pages read them (shared/reference/tdesign-starter-contract.md §2):
 * field names and JS types. `expectShape` fails with the path of every missing or mistyped field.
 */
export type Shape =
  'string' | 'number' | 'boolean' | 'null' | 'string|null' | 'number|null' | 'array' | 'any' | Shape[] | { [k: string]: Shape };

function check(value: unknown, shape: Shape, path: string, errors: string[]): void {
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected an array, got ${JSON.stringify(value)}`);
    value.forEach((v, i) => check(v, shape[0]!, `${path}[${i}]`, errors));
    return;
  }
  if (typeof shape === 'object') {
    if (value === null || typeof value !== 'object') return void errors.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
    for (const [k, s] of Object.entries(shape)) {
      if (!(k in value)) errors.push(`${path}.${k}: missing`);
      else check((value as Record<string, unknown>)[k], s, `${path}.${k}`, errors);
    }
    return;
  }
  const ok =
    shape === 'any' ||
    (shape === 'array' && Array.isArray(value)) ||
    (shape === 'null' && value === null) ||
    shape.split('|').some((t) => (t === 'null' ? value === null : typeof value === t && (t !== 'number' || Number.isFinite(value))));
  if (!ok) errors.push(`${path}: expected ${shape}, got ${JSON.stringify(value)}`);
}

export function expectShape(value: unknown, shape: Shape, label = 'value'): void {
  const errors: string[] = [];
  check(value, shape, label, errors);
  if (errors.length) throw new Error(`${label} does not have the starter's shape:\n  ${errors.slice(0, 20).join('\n  ')}`);
}

export const envelope = (data: Shape): Shape => ({
  data,
  code: 'string',
  msg: 'null',
  requestId: 'string',
  clientIp: 'string',
  rt: 'number',
  success: 'boolean',
});

export const GOODS_CARD: Shape = {
  spuId: 'string',
  thumb: 'string',
  title: 'string',
  price: 'number',
  originPrice: 'number',
  tags: ['string'],
};

const SPU_BASE = {
  saasId: 'string',
  storeId: 'string',
  spuId: 'string',
  title: 'string',
  etitle: 'string',
  primaryImage: 'string',
  images: ['string'],
  available: 'number',
  isAvailable: 'number',
  isPutOnSale: 'number',
  minSalePrice: 'number',
  maxSalePrice: 'number',
  minLinePrice: 'number',
  maxLinePrice: 'number',
  soldNum: 'number',
  spuTagList: [{ title: 'string' }],
} satisfies Record<string, Shape>;

export const SEARCH_PAGE = (tag: Shape): Shape => ({
  saasId: 'string',
  storeId: 'string',
  pageNum: 'number',
  pageSize: 'number',
  totalCount: 'number',
  spuList: [{ ...SPU_BASE, thumb: 'string', price: 'number', originPrice: 'number', tags: [tag] }],
  algId: 'number',
});

export const SPU_DETAIL: Shape = {
  ...SPU_BASE,
  desc: ['string'],
  spuStockQuantity: 'number',
  isSoldOut: 'boolean',
  limitInfo: [{ text: 'string' }],
  categoryIds: ['string'],
  specList: [
    {
      specId: 'string',
      title: 'string',
      specValueList: [{ specValueId: 'string', specId: 'string', saasId: 'string', specValue: 'string', image: 'string' }],
    },
  ],
  skuList: [
    {
      skuId: 'string',
      skuImage: 'string',
      specInfo: [{ specId: 'string', specTitle: 'string|null', specValueId: 'string', specValue: 'string' }],
      priceInfo: [{ priceType: 'number', price: 'string', priceTypeName: 'string' }],
      stockInfo: { stockQuantity: 'number', safeStockQuantity: 'number', soldQuantity: 'number' },
    },
  ],
};

const LEAF: Shape = { groupId: 'string', name: 'string', thumbnail: 'string' };
export const CATEGORY_TREE: Shape = [{ ...LEAF, children: [{ ...LEAF, children: [LEAF] }] }];

export const CART_LINE: Shape = {
  uid: 'string',
  saasId: 'string',
  storeId: 'string',
  spuId: 'string',
  skuId: 'string',
  isSelected: 'number',
  thumb: 'string',
  primaryImage: 'string',
  title: 'string',
  quantity: 'number',
  stockQuantity: 'number',
  price: 'string',
  originPrice: 'string',
  titlePrefixTags: 'array',
  specInfo: [{ specTitle: 'string', specValue: 'string' }],
  joinCartTime: 'string',
};

export const CART: Shape = {
  isNotEmpty: 'boolean',
  storeGoods: [
    {
      storeId: 'string',
      storeName: 'string',
      storeStatus: 'number',
      totalDiscountSalePrice: 'string',
      promotionGoodsList: [{ title: 'string', promotionCode: 'string', isNeedAddOnShop: 'number', goodsPromotionList: [CART_LINE] }],
      postageFreePromotionVo: 'any',
    },
  ],
  invalidGoodItems: [CART_LINE],
  isAllSelected: 'boolean',
  selectedGoodsCount: 'number',
  totalAmount: 'string',
  totalDiscountAmount: 'string',
};

export const ADDRESS: Shape = {
  saasId: 'string',
  uid: 'string',
  authToken: 'null',
  id: 'string',
  addressId: 'string',
  phone: 'string',
  name: 'string',
  countryName: 'string',
  countryCode: 'string',
  provinceName: 'string',
  provinceCode: 'string',
  cityName: 'string',
  cityCode: 'string',
  districtName: 'string',
  districtCode: 'string',
  detailAddress: 'string',
  isDefault: 'number',
  addressTag: 'string',
  latitude: 'string',
  longitude: 'string',
  storeId: 'null',
};
export const ADDRESS_LIST_ITEM: Shape = { ...(ADDRESS as Record<string, Shape>), phoneNumber: 'string', address: 'string', tag: 'string' };

const SETTLE_SKU: Shape = {
  storeId: 'string',
  spuId: 'string',
  skuId: 'string',
  goodsName: 'string',
  image: 'string',
  reminderStock: 'number',
  quantity: 'number',
  payPrice: 'string',
  totalSkuPrice: 'string',
  settlePrice: 'string',
  realSettlePrice: 'string',
  skuSpecLst: [{ specTitle: 'string', specValue: 'string' }],
};
const UNSETTLED: Shape = [{ storeName: 'string', unSettlementGoods: [SETTLE_SKU] }];
export const SETTLE: Shape = {
  settleType: 'number',
  userAddress: ADDRESS,
  totalGoodsCount: 'number',
  totalAmount: 'string',
  totalSalePrice: 'string',
  totalPromotionAmount: 'string',
  totalCouponAmount: 'string',
  totalDeliveryFee: 'string',
  totalPayAmount: 'string',
  invoiceSupport: 'number',
  storeGoodsList: [
    {
      storeId: 'string',
      storeName: 'string',
      goodsCount: 'number',
      deliveryFee: 'string',
      storeTotalAmount: 'string',
      storeTotalPayAmount: 'string',
      skuDetailVos: [SETTLE_SKU],
      couponList: 'array',
    },
  ],
  inValidGoodsList: 'any',
  outOfStockGoodsList: 'any',
  limitGoodsList: 'any',
  abnormalDeliveryGoodsList: 'null',
};
export const UNSETTLED_GOODS = UNSETTLED;

export const COMMIT: Shape = {
  isSuccess: 'boolean',
  tradeNo: 'string',
  payInfo: 'string',
  code: 'null',
  msg: 'null',
  channel: 'string',
  limitGoodsList: 'null',
};

const BUTTON: Shape = { primary: 'boolean', type: 'number', name: 'string' };
export const ORDER: Shape = {
  saasId: 'string',
  storeId: 'string',
  storeName: 'string',
  uid: 'string',
  orderId: 'string',
  orderNo: 'string',
  parentOrderNo: 'string',
  orderStatus: 'number',
  orderSubStatus: 'null',
  orderStatusName: 'string',
  orderStatusRemark: 'string|null',
  totalAmount: 'string',
  goodsAmount: 'string',
  goodsAmountApp: 'string',
  paymentAmount: 'string',
  freightFee: 'string',
  discountAmount: 'string',
  couponAmount: 'string',
  remark: 'string',
  createTime: 'string',
  autoCancelTime: 'string|null',
  orderItemVOs: [
    {
      id: 'string',
      orderNo: 'string',
      spuId: 'string',
      skuId: 'string',
      goodsName: 'string',
      specifications: [{ specTitle: 'string', specValue: 'string' }],
      goodsPictureUrl: 'string',
      originPrice: 'string',
      actualPrice: 'string',
      buyQuantity: 'number',
      itemTotalAmount: 'string',
      itemDiscountAmount: 'string',
      itemPaymentAmount: 'string',
      goodsPaymentPrice: 'string',
      buttonVOs: [BUTTON],
    },
  ],
  logisticsVO: {
    logisticsType: 'number',
    logisticsNo: 'string',
    logisticsCompanyCode: 'string',
    logisticsCompanyName: 'string',
    receiverProvince: 'string',
    receiverCity: 'string',
    receiverCountry: 'string',
    receiverArea: 'string',
    receiverAddress: 'string',
    receiverPhone: 'string',
    receiverName: 'string',
    sendTime: 'string',
  },
  paymentVO: { payStatus: 'number', amount: 'string', payWayName: 'string', paySuccessTime: 'string|null' },
  buttonVOs: [BUTTON],
  invoiceVO: 'null',
  invoiceStatus: 'number',
};
export const ORDER_DETAIL: Shape = {
  ...(ORDER as Record<string, Shape>),
  trajectoryVos: [
    {
      title: 'string',
      icon: 'string',
      code: 'string',
      nodes: [{ status: 'string', timestamp: 'string', remark: 'string' }],
      isShow: 'boolean',
    },
  ],
};

export const RIGHTS_PREVIEW: Shape = {
  saasId: 'string',
  uid: 'string',
  storeId: 'string',
  skuId: 'string',
  spuId: 'string',
  numOfSku: 'number',
  numOfSkuAvailable: 'number',
  refundableAmount: 'number',
  refundableDiscountAmount: 'number',
  shippingFeeIncluded: 'number',
  paidAmountEach: 'number',
  boughtQuantity: 'number',
  orderNo: 'string',
  goodsInfo: { goodsName: 'string', skuImage: 'string', specInfo: [{ specId: 'string', specTitle: 'string', specValue: 'string' }] },
};

export const RIGHTS_RECORD: Shape = {
  buttonVOs: [BUTTON],
  saasId: 'string',
  storeId: 'string',
  uid: 'string',
  createTime: 'string',
  refundMethodList: [{ refundMethodAmount: 'number', refundMethodName: 'string' }],
  rights: {
    bizRightsStatus: 'number',
    createTime: 'string',
    orderNo: 'string',
    refundAmount: 'number',
    refundRequestAmount: 'number',
    rightsNo: 'string',
    rightsReasonDesc: 'string',
    rightsReasonType: 'number',
    rightsStatus: 'number',
    rightsStatusName: 'string',
    rightsType: 'number',
    userRightsStatus: 'number',
    userRightsStatusName: 'string',
    userRightsStatusDesc: 'string',
    afterSaleRequireType: 'string',
    rightsImageUrls: ['string'],
  },
  rightsItem: [
    {
      goodsName: 'string',
      goodsPictureUrl: 'string',
      itemRefundAmount: 'number',
      rightsQuantity: 'number',
      rightsNo: 'string',
      specInfo: [{ specTitle: 'string', specValues: 'string' }],
    },
  ],
  rightsRefund: { refundDesc: 'string', refundAmount: 'number', refundStatus: 'string', successTime: 'string' },
  logisticsVO: { logisticsNo: 'string', logisticsCompanyName: 'string', remark: 'string', nodes: 'array' },
};

export const COMMENT_COUNTS: Shape = {
  commentCount: 'string',
  badCount: 'string',
  middleCount: 'string',
  goodCount: 'string',
  hasImageCount: 'string',
  goodRate: 'number',
  uidCount: 'string',
};

export const COMMENT: Shape = {
  spuId: 'string',
  skuId: 'string',
  specInfo: 'string',
  commentContent: 'string',
  commentResources: [{ src: 'string', type: 'string' }],
  commentImageUrls: 'null',
  commentScore: 'number',
  uid: 'string',
  userName: 'string',
  userHeadUrl: 'string',
  isAnonymity: 'boolean',
  commentTime: 'string',
  isAutoComment: 'boolean',
  goodsDetailInfo: 'string',
};

export const USER_CENTER: Shape = {
  userInfo: { avatarUrl: 'string', nickName: 'string', phoneNumber: 'string', gender: 'number' },
  countsData: [{ num: 'number', name: 'string', type: 'string' }],
  orderTagInfos: [{ orderNum: 'number', tabType: 'number' }],
  customerServiceInfo: { servicePhone: 'string', serviceTimeDuration: 'string' },
};

export const PERSON: Shape = {
  avatarUrl: 'string',
  nickName: 'string',
  phoneNumber: 'string',
  gender: 'number',
  address: { provinceName: 'string', provinceCode: 'string', cityName: 'string', cityCode: 'string' },
};

/** §2.17: a coupon card of the coupon list. */
export const COUPON: Shape = {
  key: 'string',
  status: 'string',
  type: 'number',
  value: 'number',
  tag: 'string',
  desc: 'string',
  base: 'number',
  title: 'string',
  timeLimit: 'string',
  currency: 'string',
};

export const COUPON_DETAIL: Shape = {
  detail: { ...(COUPON as object), useNotes: 'string', storeAdapt: 'string', desc: 'string' },
  storeInfoList: [{ id: 'string', name: 'string', phone: 'string', provinceName: 'string', cityName: 'string', detailAddress: 'string' }],
};

/** §2.17: the checkout coupon picker's answer. */
export const COUPON_RESULTS: Shape = {
  couponResultList: [
    {
      couponVO: {
        couponId: 'number',
        name: 'string',
        condition: 'string',
        profit: 'number',
        scopeText: 'string',
        startTime: 'number',
        endTime: 'number',
        promotionCode: 'string',
        promotionSubCode: 'string',
        storeId: 'string',
        value: 'number',
        type: 'number',
      },
      status: 'number',
    },
  ],
  reduce: 'number',
};

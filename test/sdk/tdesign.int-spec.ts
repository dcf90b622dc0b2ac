import { JobRunner, type TestApp } from '@app/testing';
import { createTdesignServices, type TdesignServices } from '../../clients/miniprogram/src/tdesign';
import { ADDRESS as WX_ADDRESS, openShop, ship, shopper, startSdkApp, type Shop } from './sdk-fixtures';
import * as S from './starter-shapes';
import { expectShape } from './starter-shapes';

type Fn = (...args: any[]) => Promise<any>;

/** Records which adapter functions the tests call (the last test requires all of them). */
function recorded(services: TdesignServices, called: Set<string>): TdesignServices {
  const out: Record<string, Record<string, Fn>> = {};
  for (const [module, fns] of Object.entries(services as unknown as Record<string, Record<string, Fn>>)) {
    out[module] = {};
    for (const [name, fn] of Object.entries(fns)) {
      out[module][name] = (...args: unknown[]) => {
        called.add(`${module}.${name}`);
        return fn(...args);
      };
    }
  }
  return out as unknown as TdesignServices;
}

/** Every function of the TDesign adapter against a live wxmall, in the starter's field names and types. */
describe('TDesign retail starter adapter', () => {
  let t: TestApp;
  let shop: Shop;
  let svc: TdesignServices;
  let openid: string;
  let buyer: ReturnType<typeof shopper>['sdk'];
  const called = new Set<string>();
  const fresh = () => createTdesignServices(shopper(t, 'container', { openid }).sdk, { storeName: '旗舰店' });

  beforeAll(async () => {
    t = await startSdkApp();
    shop = await openShop(t);
    const phone = shopper(t, 'container');
    openid = phone.wx.opts.openid;
    buyer = phone.sdk;
    svc = recorded(createTdesignServices(phone.sdk, { storeName: '旗舰店' }), called);
    await phone.sdk.profile.bindPhone(t.wechat.phoneCode('13600136000'));
  });
  afterAll(() => t?.close());

  describe('catalog', () => {
    it('home: banners as the swiper, sections as tabs, goods by position', async () => {
      const home = await svc['home/home'].fetchHome();
      expectShape(home, { swiper: ['string'], tabList: [{ text: 'string', key: 'number' }], activityImg: 'string' });
      expect(home.swiper).toEqual(['https://img.example.com/banner.png']);
      expect(home.tabList.map((x) => x.text)).toEqual(['精选推荐', '精选']);

      const first = await svc['good/fetchGoods'].fetchGoodsList(0, 20);
      expectShape(first, [S.GOODS_CARD], 'cards');
      expect(first.map((c) => c.spuId).sort()).toEqual([String(shop.productId), String(shop.plainProductId)].sort());
      // The page asks for what comes after what it has (position + 1).
      expect(await svc['good/fetchGoods'].fetchGoodsList(2, 1)).toEqual([first[1]]);
      const tshirt = first.find((c) => c.spuId === String(shop.productId))!;
      expect(tshirt).toMatchObject({ price: 9900, originPrice: 12900 });
    });

    it('goods list and search: sort by price, keyword, numeric totalCount', async () => {
      const list = await svc['good/fetchGoodsList'].fetchGoodsList({
        sort: 1,
        sortType: 1,
        pageNum: 1,
        pageSize: 30,
        keyword: '',
        minPrice: 0,
      });
      expectShape(list, S.SEARCH_PAGE('string'), 'list');
      expect(list.spuList.map((s) => s.spuId)).toEqual([String(shop.productId), String(shop.plainProductId)]);
      expect(list.totalCount).toBe(2);
      const result = await svc['good/fetchSearchResult'].getSearchResult({ sort: 0, pageNum: 1, pageSize: 30, keyword: '帆布' });
      expectShape(result, S.SEARCH_PAGE({ title: 'string' }), 'result');
      expect(result.spuList.map((s) => s.title)).toEqual(['帆布袋']);
      // Price range in fen (minPrice 0 = unset).
      const cheap = await svc['good/fetchGoodsList'].fetchGoodsList({ sort: 0, pageNum: 1, pageSize: 30, minPrice: 0, maxPrice: 9900 });
      expect(cheap.spuList.every((s) => s.minSalePrice <= 9900)).toBe(true);
    });

    it("search page: the shopper's history (recorded by the result page) and the popular words", async () => {
      await svc['good/fetchSearchResult'].getSearchResult({ sort: 0, pageNum: 1, pageSize: 30, keyword: 'T恤' });
      await svc['good/fetchSearchResult'].getSearchResult({ sort: 0, pageNum: 2, pageSize: 30, keyword: '第二页' });
      expect(await svc['good/fetchSearchHistory'].getSearchHistory()).toEqual({ historyWords: ['T恤', '帆布'] });
      expectShape(await svc['good/fetchSearchHistory'].getSearchPopular(), { popularWords: 'array' });
    });

    it('goods detail: specs with ids that the SKUs name, prices and stock per SKU', async () => {
      const spu = await svc['good/fetchGood'].fetchGood(String(shop.productId));
      expectShape(spu, S.SPU_DETAIL, 'spu');
      expect(spu.specList.map((s) => [s.title, s.specValueList.map((v) => v.specValue)])).toEqual([
        ['颜色', ['白', '黑']],
        ['尺码', ['M', 'L']],
      ]);
      for (const sku of spu.skuList) {
        for (const si of sku.specInfo) {
          const spec = spu.specList.find((s) => s.specId === si.specId)!;
          expect(spec.specValueList.find((v) => v.specValueId === si.specValueId)?.specValue).toBe(si.specValue);
        }
      }
      const blackL = spu.skuList.find((s) => s.specInfo.map((i) => i.specValue).join() === '黑,L')!;
      expect(blackL.priceInfo).toEqual([
        { priceType: 1, price: '12900', priceTypeName: '销售价' },
        { priceType: 2, price: '12900', priceTypeName: '划线价' },
      ]);
      expect(blackL.stockInfo.stockQuantity).toBe(0);
      expect(spu).toMatchObject({ minSalePrice: 9900, maxSalePrice: 12900, spuStockQuantity: 150, limitInfo: [{ text: '每单限购5件' }] });
    });

    it('category tree in three levels, promotion page from a banner', async () => {
      const tree = await svc['good/fetchCategoryList'].getCategoryList();
      expectShape(tree, S.CATEGORY_TREE, 'tree');
      expect(tree[0]!.children[0]!.children.map((c) => c.name)).toEqual(['T恤']);
      const promo = await svc['promotion/detail'].fetchPromotion(0);
      expectShape(promo, {
        list: [{ ...(S.GOODS_CARD as object), tags: 'array' }],
        banner: 'string',
        time: 'number',
        showBannerDesc: 'boolean',
        statusTag: 'string',
      });
      expect(promo.list).toHaveLength(2);
      expect((await svc['promotion/detail'].fetchPromotion(5)).list).toEqual([]);
    });

    it('pending data (activities) answers the empty shapes; no coupons yet', async () => {
      expect(await svc['coupon/index'].fetchCouponList('default')).toEqual([]);
      expect(await svc['activity/fetchActivityList'].fetchActivityList()).toEqual([]);
      expect(await svc['activity/fetchActivity'].fetchActivity(1)).toBeNull();
    });
  });

  describe('addresses', () => {
    it('saves, lists, reads and deletes in the starter model', async () => {
      const a = await svc['wxmall/address'].saveDeliveryAddress({
        name: WX_ADDRESS.receiverName,
        phone: WX_ADDRESS.phone,
        provinceName: '广东省',
        cityName: '深圳市',
        districtName: '南山区',
        detailAddress: '科技园路2号',
        isDefault: 1,
      });
      expectShape(a, S.ADDRESS, 'address');
      const b = await svc['wxmall/address'].saveDeliveryAddress({ ...a, id: undefined, addressId: undefined, name: '王五', isDefault: 0 });
      const renamed = await svc['wxmall/address'].saveDeliveryAddress({ ...b, detailAddress: '深南大道3号' });
      expect(renamed).toMatchObject({ id: b.id, detailAddress: '深南大道3号' });
      const list = await svc['address/fetchAddress'].fetchDeliveryAddressList();
      expectShape(list, [S.ADDRESS_LIST_ITEM], 'list');
      expect(list.map((x) => [x.id, x.isDefault, x.address])).toEqual([
        [a.id, 1, '广东省深圳市南山区科技园路2号'],
        [b.id, 0, '广东省深圳市南山区深南大道3号'],
      ]);
      expect(await svc['address/fetchAddress'].fetchDeliveryAddress(Number(a.id))).toEqual(a);
      await svc['wxmall/address'].deleteDeliveryAddress(b.id);
      expect((await svc['address/fetchAddress'].fetchDeliveryAddressList()).map((x) => x.id)).toEqual([a.id]);
    });
  });

  describe('cart, settlement, order, payment', () => {
    let orderNo: string;

    it('cart: add, change, select, delete, invalid lines', async () => {
      const [white, black] = shop.skus;
      await svc['wxmall/cart'].addCartItem({ skuId: String(white!.id), quantity: 2 });
      await svc['wxmall/cart'].addCartItem({ skuId: String(black!.id) });
      let env = await svc['wxmall/cart'].addCartItem({ skuId: String(shop.plainSkuId) });
      expectShape(env, S.envelope(S.CART), 'cart');
      const lines = () => env.data.storeGoods[0]!.promotionGoodsList[0]!.goodsPromotionList;
      expect(lines().map((l) => [l.skuId, l.quantity, l.specInfo.map((s) => s.specValue)])).toEqual(
        expect.arrayContaining([[String(white!.id), 2, ['白', 'M']]]),
      );
      env = await svc['wxmall/cart'].changeCartItemNum({ spuId: String(shop.productId), skuId: String(white!.id), quantity: 3 });
      expect(lines().find((l) => l.skuId === String(white!.id))!.quantity).toBe(3);
      env = await svc['wxmall/cart'].selectAllCartItems(false);
      expect(env.data).toMatchObject({ isAllSelected: false, selectedGoodsCount: 0, totalAmount: '0' });
      env = await svc['wxmall/cart'].selectAllCartItems(true);
      env = await svc['wxmall/cart'].selectCartItem({ skuId: String(black!.id), isSelected: 0 });
      expect(env.data).toMatchObject({ isAllSelected: false, selectedGoodsCount: 4, totalAmount: String(3 * 9900 + 3500) });
      env = await svc['wxmall/cart'].deleteCartItem({ skuId: String(black!.id) });
      expect(lines().map((l) => l.skuId)).not.toContain(String(black!.id));

      // A line whose product went off sale is listed apart, then cleared.
      const other = await t.http.post(
        '/api/v1/admin/products',
        {
          categoryId: shop.subcategoryId,
          title: '下架品',
          mainImage: 'https://img.example.com/x.png',
          images: [],
          detailImages: [],
          status: 'on_sale',
          specs: [],
          skus: [{ specValues: [], price: 100, stock: 5 }],
        },
        { token: shop.owner },
      );
      await svc['wxmall/cart'].addCartItem({ skuId: String(other.body.skus[0].id) });
      expect((await t.http.patch(`/api/v1/admin/products/${other.body.id}`, { status: 'off_sale' }, { token: shop.owner })).status).toBe(
        200,
      );
      env = await svc['cart/cart'].fetchCartGroupData();
      expectShape(env, S.envelope(S.CART), 'cart');
      expect(env.data.invalidGoodItems.map((l) => l.title)).toEqual(['下架品']);
      env = await svc['wxmall/cart'].clearInvalidCartItems();
      expect(env.data.invalidGoodItems).toEqual([]);
    });

    it('settlement: cart lines, "buy now" without a skuId, problem lines', async () => {
      const cart = (await svc['cart/cart'].fetchCartGroupData()).data;
      const goodsRequestList = cart.storeGoods[0]!.promotionGoodsList[0]!.goodsPromotionList.filter((l) => l.isSelected === 1);
      const settle = await svc['order/orderConfirm'].fetchSettleDetail({
        goodsRequestList,
        storeInfoList: [{ storeId: '1', storeName: '旗舰店' }],
        userAddressReq: null,
      });
      expectShape(settle, S.envelope(S.SETTLE), 'settle');
      expect(settle.data).toMatchObject({
        settleType: 1,
        totalGoodsCount: 4,
        totalSalePrice: String(3 * 9900 + 3500),
        inValidGoodsList: null,
        outOfStockGoodsList: null,
      });
      expect(settle.data.userAddress?.name).toBe(WX_ADDRESS.receiverName);

      // "Buy now" as the starter's goods page sends it: no skuId, the first value of each dimension.
      const buyNow = await svc['order/orderConfirm'].fetchSettleDetail({
        goodsRequestList: [{ spuId: String(shop.productId), quantity: 1, specInfo: [{ specValue: '白' }, { specValue: 'M' }] }],
      });
      expect(buyNow.data.storeGoodsList[0]!.skuDetailVos.map((s) => s.skuId)).toEqual([String(shop.skus[0]!.id)]);
      const soldOut = shop.skus.find((s) => s.stock === 0)!;
      const short = await svc['order/orderConfirm'].fetchSettleDetail({
        goodsRequestList: [{ spuId: String(shop.productId), skuId: String(soldOut.id), quantity: 1 }],
      });
      expectShape(short.data.outOfStockGoodsList, S.UNSETTLED_GOODS, 'outOfStockGoodsList');
    });

    it('commit: one order from the cart lines, payInfo for wx.requestPayment; refusals in the starter codes', async () => {
      const cart = (await svc['cart/cart'].fetchCartGroupData()).data;
      const goodsRequestList = cart.storeGoods[0]!.promotionGoodsList[0]!.goodsPromotionList;
      const settle = (await svc['order/orderConfirm'].fetchSettleDetail({ goodsRequestList })).data;

      await expect(
        svc['order/orderConfirm'].dispatchCommitPay({
          goodsRequestList,
          userAddressReq: settle.userAddress,
          totalAmount: Number(settle.totalPayAmount) + 1,
        }),
      ).rejects.toMatchObject({ code: 'TOTAL_AMOUNT_DIFFERENT', msg: expect.any(String) });
      const soldOut = shop.skus.find((s) => s.stock === 0)!;
      await expect(
        svc['order/orderConfirm'].dispatchCommitPay({
          goodsRequestList: [{ spuId: String(shop.productId), skuId: String(soldOut.id), quantity: 1 }],
        }),
      ).rejects.toMatchObject({ code: 'CONTAINS_INSUFFICIENT_GOODS', msg: expect.any(String) });

      const res = await svc['order/orderConfirm'].dispatchCommitPay({
        goodsRequestList,
        userAddressReq: settle.userAddress,
        totalAmount: settle.totalPayAmount,
        storeInfoList: [{ storeId: '1', storeName: '旗舰店', remark: '放门口' }],
        currency: 'CNY',
      } as never);
      expectShape(res, S.envelope(S.COMMIT), 'commit');
      expect(JSON.parse(res.data.payInfo)).toEqual({
        timeStamp: expect.any(String),
        nonceStr: expect.any(String),
        package: expect.stringMatching(/^prepay_id=/),
        signType: expect.any(String),
        paySign: expect.any(String),
      });
      orderNo = res.data.tradeNo;
      expect((await svc['cart/cart'].fetchCartGroupData()).data.isNotEmpty).toBe(false);
      expect(await svc['order/orderConfirm'].dispatchSupplementInvoice({ parameter: { orderNo } })).toBeUndefined();
    });

    it('orders: list, counts, detail by number (also in a new session), pay, ship, receive', async () => {
      const list = await svc['order/orderList'].fetchOrders({ parameter: { pageNum: 1, pageSize: 5, orderStatus: 5 } });
      expectShape(list, S.envelope({ pageNum: 'number', pageSize: 'number', totalCount: 'number', orders: [S.ORDER] }), 'orders');
      const listed = list.data.orders[0]!;
      expect(listed).toMatchObject({
        orderNo,
        orderStatus: 5,
        orderStatusName: '待付款',
        remark: '放门口',
        paymentAmount: String(3 * 9900 + 3500),
      });
      expect(listed.buttonVOs.map((b) => b.type)).toEqual([1, 2]);
      expect(Number(listed.autoCancelTime)).toBeGreaterThan(1577808000000);
      expect((await svc['order/orderList'].fetchOrders({ parameter: { pageNum: 2, pageSize: 5 } })).data.orders).toEqual([]);
      const counts = await svc['order/orderList'].fetchOrdersCount();
      expectShape(counts, S.envelope([{ tabType: 'number', orderNum: 'number' }]));
      expect(counts.data).toEqual([
        { tabType: 5, orderNum: 1 },
        { tabType: 10, orderNum: 0 },
        { tabType: 40, orderNum: 0 },
        { tabType: 50, orderNum: 0 },
      ]);

      // A new session knows no order numbers yet: the adapter finds the order.
      const detail = await fresh()['order/orderDetail'].fetchOrderDetail({ parameter: orderNo });
      expectShape(detail, S.envelope(S.ORDER_DETAIL), 'detail');
      await svc['order/orderDetail'].fetchOrderDetail({ parameter: orderNo });

      const paid = await svc['wxmall/order'].payOrder(orderNo);
      expect(paid).toMatchObject({ orderNo, paid: true, totalPaid: 3 * 9900 + 3500, order: { orderStatus: 10 } });
      let d = (await svc['order/orderDetail'].fetchOrderDetail({ parameter: orderNo })).data;
      expect(d.paymentVO).toMatchObject({ payStatus: 1, paySuccessTime: expect.stringMatching(/^\d+$/) });
      expect(d.orderItemVOs.every((i) => i.buttonVOs.some((b) => b.type === 4))).toBe(true);

      const service = await svc['order/orderDetail'].fetchBusinessTime();
      expect(service.data).toEqual({ businessTime: ['周一至周日 10:00-22:00'], telphone: '0755-12345678', saasId: '' });

      await ship(t, shop, Number(d.orderId));
      d = (await svc['order/orderDetail'].fetchOrderDetail({ parameter: orderNo })).data;
      expect(d).toMatchObject({ orderStatus: 40, logisticsVO: { logisticsCompanyName: '顺丰速运', logisticsCompanyCode: 'SF' } });
      expect(d.buttonVOs.map((b) => b.type)).toEqual([3]);
      expect(d.trajectoryVos.map((g) => g.code)).toEqual(['200003', '200002', '200001']);

      expect(await svc['order/applyService'].dispatchConfirmReceived({ parameter: { orderNo } })).toBeUndefined();
      d = (await svc['order/orderDetail'].fetchOrderDetail({ parameter: orderNo })).data;
      expect([d.orderStatus, d.orderStatusName, d.trajectoryVos[0]!.code]).toEqual([50, '已完成', '200005']);
    });

    it('order buttons: cancel and rebuy', async () => {
      const res = await svc['order/orderConfirm'].dispatchCommitPay({
        goodsRequestList: [{ spuId: String(shop.plainProductId), quantity: 2 }],
      });
      const cancelled = await svc['wxmall/order'].cancelOrder(res.data.tradeNo);
      expectShape(cancelled, S.ORDER, 'cancelled');
      expect([cancelled.orderStatus, cancelled.orderStatusName]).toEqual([80, '已取消']);
      expect(await svc['wxmall/order'].rebuy(res.data.tradeNo)).toEqual({ added: 1, skipped: 0 });
      const cart = (await svc['cart/cart'].fetchCartGroupData()).data;
      expect(cart.storeGoods[0]!.promotionGoodsList[0]!.goodsPromotionList.map((l) => [l.skuId, l.quantity])).toEqual([
        [String(shop.plainSkuId), 2],
      ]);
      await svc['wxmall/cart'].deleteCartItem({ skuId: String(shop.plainSkuId) });

      const bought = await svc['order/orderConfirm'].dispatchCommitPay({
        goodsRequestList: [{ spuId: String(shop.plainProductId), quantity: 1 }],
      });
      const paid = await svc['wxmall/order'].payOrder(bought.data.tradeNo);
      await ship(t, shop, Number(paid.order.orderId));
      const received = await svc['wxmall/order'].confirmReceipt(bought.data.tradeNo);
      expect([received.orderStatus, received.buttonVOs.map((b) => b.type)]).toEqual([50, [6, 9]]);
    });

    it('comments: the reviews of a product on the comment pages and the goods detail preview', async () => {
      const empty = await svc['comments/fetchCommentsCount'].fetchCommentsCount({ spuId: String(shop.plainProductId) });
      expectShape(empty, S.COMMENT_COUNTS, 'counts');
      expect(empty).toMatchObject({ commentCount: '0', goodRate: 0, uidCount: '0' });
      const awaiting = await buyer.reviews.awaiting();
      const item = awaiting.items.find((i) => i.productId === shop.plainProductId)!;
      const created = await buyer.reviews.create({
        orderItemId: item.orderItemId,
        rating: 4,
        content: '帆布袋很结实',
        images: ['cloud://env-1.bucket/r/1.jpg'],
      });
      expect(created.status).toBe('pending');
      await t.app.get(JobRunner).drain(100);
      await t.wechat.pushMediaResult(t.wechat.mediaCheckOf('r/1.jpg')!.traceId, 'pass');

      const counts = await svc['comments/fetchCommentsCount'].fetchCommentsCount({ spuId: String(shop.plainProductId) });
      expect(counts).toEqual({
        commentCount: '1',
        badCount: '0',
        middleCount: '0',
        goodCount: '1',
        hasImageCount: '1',
        goodRate: 100,
        uidCount: '0',
      });
      const page = await svc['comments/fetchComments'].fetchComments({
        pageNum: 1,
        pageSize: 30,
        queryParameter: { spuId: String(shop.plainProductId), hasImage: true },
      });
      expectShape(page, { pageNum: 'number', pageSize: 'number', totalCount: 'number', pageList: [S.COMMENT] }, 'comments');
      expect(page.pageList[0]).toMatchObject({
        commentContent: '帆布袋很结实',
        commentScore: 4,
        commentResources: [{ src: 'cloud://env-1.bucket/r/1.jpg', type: 'image' }],
      });
      const bad = await svc['comments/fetchComments'].fetchComments({
        queryParameter: { spuId: String(shop.plainProductId), commentLevel: 1 },
      });
      expect(bad.totalCount).toBe(0);
      // The goods detail page passes no spuId: the product it loaded is meant.
      await svc['good/fetchGood'].fetchGood(String(shop.plainProductId));
      expectShape(await svc['good/fetchGoodsDetailsComments'].getGoodsDetailsCommentsCount(), S.COMMENT_COUNTS);
      const preview = await svc['good/fetchGoodsDetailsComments'].getGoodsDetailsCommentList();
      expect(preview.homePageComments.map((c) => c.commentContent)).toEqual(['帆布袋很结实']);
    });

    it('after-sale: preview, reasons, apply, list and detail through the review, return tracking, revoke', async () => {
      const order = (await svc['order/orderDetail'].fetchOrderDetail({ parameter: orderNo })).data;
      const item = order.orderItemVOs.find((i) => i.skuId === String(shop.skus[0]!.id))!;
      const preview = await svc['order/applyService'].fetchRightsPreview({ orderNo, skuId: item.skuId, spuId: item.spuId, numOfSku: 1 });
      expectShape(preview, S.envelope(S.RIGHTS_PREVIEW), 'preview');
      expect(preview.data).toMatchObject({
        numOfSku: 1,
        numOfSkuAvailable: 3,
        boughtQuantity: 3,
        paidAmountEach: 9900,
        refundableAmount: 3 * 9900,
      });

      const received = await svc['order/applyService'].fetchApplyReasonList({ rightsReasonType: 1 });
      expectShape(received, S.envelope({ saasId: 'string', rightsReasonList: [{ id: 'string', desc: 'string' }] }));
      const notReceived = (await svc['order/applyService'].fetchApplyReasonList({ rightsReasonType: 2 })).data.rightsReasonList;
      expect(notReceived.map((r) => r.id)).toContain('not_received');
      expect(received.data.rightsReasonList.map((r) => r.id)).not.toContain('not_received');

      const reason = received.data.rightsReasonList[0]!;
      const applied = await svc['order/applyService'].dispatchApplyService({
        rights: {
          orderNo,
          refundRequestAmount: 9900,
          rightsImageUrls: ['https://img.example.com/proof.png'],
          rightsReasonDesc: reason.desc,
          rightsReasonType: 1,
          rightsType: 10,
        },
        rightsItem: [{ itemTotalAmount: 9900, rightsQuantity: 1, skuId: item.skuId, spuId: item.spuId }],
        refundMemo: '尺码不合适',
      });
      expectShape(applied, S.envelope({ rightsNo: 'string', saasId: 'string', uid: 'string', storeId: 'string', result: 'null' }));
      const rightsNo = applied.data.rightsNo;

      const list = await svc['pages/order/after-service-list/api'].getRightsList({ parameter: { pageNum: 1, pageSize: 10 } });
      expectShape(
        list,
        S.envelope({
          pageNum: 'number',
          pageSize: 'number',
          totalCount: 'number',
          states: { audit: 'number', approved: 'number', complete: 'number', closed: 'number' },
          dataList: [S.RIGHTS_RECORD],
        }),
        'rights list',
      );
      const rec = list.data.dataList[0]!;
      expect(rec.rights).toMatchObject({
        rightsNo,
        rightsStatus: 10,
        userRightsStatus: 100,
        rightsType: 10,
        afterSaleRequireType: 'REFUND_GOODS_MONEY',
        rightsReasonDesc: reason.desc,
      });
      expect(rec.rightsRefund.refundDesc).toBe('尺码不合适');
      expect(rec.buttonVOs.map((b) => b.type)).toEqual([2]);
      expect(list.data.states).toEqual({ audit: 1, approved: 0, complete: 0, closed: 0 });

      // The shop approves the return: the buyer sends the goods back.
      const id = Number(rec.rightsItem[0]!.rightsId);
      expect((await t.http.post(`/api/v1/admin/after-sales/${id}/approve`, {}, { token: shop.owner })).status).toBe(200);
      let detail = await svc['pages/order/after-service-detail/api'].getRightsDetail({ rightsNo });
      expectShape(detail, S.envelope([S.RIGHTS_RECORD]), 'rights detail');
      expect([detail.data[0]!.rights.rightsStatus, detail.data[0]!.rights.userRightsStatus]).toEqual([20, 120]);
      expect(detail.data[0]!.buttonVOs.map((b) => b.type)).toEqual([3, 2]);

      const companies = await svc['pages/order/fill-tracking-no/api'].getDeliverCompanyList();
      expectShape(companies, { data: [{ name: 'string', code: 'string' }] });
      const sf = companies.data.find((c) => c.code === 'SF')!;
      const filled = await svc['pages/order/fill-tracking-no/api'].update({
        rightsNo,
        logisticsCompanyCode: sf.code,
        logisticsCompanyName: sf.name,
        logisticsNo: 'SF1234567890',
      });
      expectShape(filled, S.envelope('null'));
      detail = await svc['pages/order/after-service-detail/api'].getRightsDetail({ rightsNo });
      expect(detail.data[0]!.rights.userRightsStatus).toBe(130);
      expect(detail.data[0]!.logisticsVO).toMatchObject({ logisticsNo: 'SF1234567890', logisticsCompanyName: '顺丰速运' });
      await expect(
        svc['pages/order/fill-tracking-no/api'].create({ rightsNo, logisticsCompanyCode: 'SF', logisticsNo: 'SF1234567891' }),
      ).rejects.toMatchObject({ status: 409 });

      // A second request on another item, revoked by the buyer.
      const other = order.orderItemVOs.find((i) => i.skuId === String(shop.plainSkuId))!;
      const second = await svc['order/applyService'].dispatchApplyService({
        rights: { orderNo, rightsReasonDesc: '不想要了 / 拍错了', rightsType: null },
        rightsItem: [{ rightsQuantity: 1, skuId: other.skuId }],
      });
      const revoked = await svc['pages/order/after-service-detail/api'].cancelRights({ rightsNo: second.data.rightsNo });
      expectShape(revoked, S.envelope({}));
      const closed = await fresh()['pages/order/after-service-list/api'].getRightsList({
        parameter: { pageNum: 1, pageSize: 10, afterServiceStatus: 60 },
      });
      expect(closed.data.dataList.map((r) => [r.rights.rightsNo, r.rights.userRightsStatus, r.rights.rightsType])).toEqual([
        [second.data.rightsNo, 170, 20],
      ]);
      expect(closed.data.states).toEqual({ audit: 0, approved: 1, complete: 0, closed: 1 });
    });
  });

  describe('user', () => {
    it('user center: five positional tiles, service contact; person with phone and region', async () => {
      const center = await svc['usercenter/fetchUsercenter'].fetchUserCenter();
      expectShape(center, S.USER_CENTER, 'user center');
      expect(center.orderTagInfos).toEqual([
        { tabType: 5, orderNum: 0 },
        { tabType: 10, orderNum: 0 },
        { tabType: 40, orderNum: 0 },
        // To review: the items of the orders received above, less the one reviewed.
        { tabType: 60, orderNum: 2 },
        { tabType: 0, orderNum: 1 },
      ]);
      expect(center.userInfo.phoneNumber).toBe('13600136000');
      expect(center.customerServiceInfo.servicePhone).toBe('0755-12345678');
      const person = await svc['usercenter/fetchPerson'].fetchPerson();
      expectShape(person, S.PERSON, 'person');
      expect(person.address).toMatchObject({ provinceName: '广东省', cityName: '深圳市' });
    });
  });

  describe('coupons and pick-up', () => {
    type Card = { key: string; templateId: string; title: string; canClaim: boolean };
    let productOnly: number;
    let everything: number;
    const white = () => String(shop.skus[0]!.id);
    const buyNow = () => [{ spuId: String(shop.productId), skuId: white(), quantity: 1 }];

    beforeAll(async () => {
      const template = async (body: Record<string, unknown>) => {
        const res = await t.http.post(
          '/api/v1/admin/coupon-templates',
          { scope: 'all', totalQuantity: 100, perUserLimit: 1, channel: 'public', validDays: 30, ...body },
          { token: shop.owner },
        );
        if (res.status !== 201) throw new Error(`template: ${res.status} ${res.text}`);
        return res.body.id as number;
      };
      productOnly = await template({
        name: 'T恤满99减10',
        kind: 'amount_off',
        amount: 1000,
        threshold: 9900,
        scope: 'products',
        scopeIds: [shop.productId],
      });
      everything = await template({ name: '全场9折', kind: 'percent_off', ratePercent: 90, maxDiscount: 2000 });
    });

    it('claimable per product, claiming, the coupon list by tab and the detail', async () => {
      const forT = await svc['wxmall/coupon'].fetchClaimableCoupons({ spuId: String(shop.productId) });
      expectShape(forT, [{ ...(S.COUPON as object), templateId: 'string', remaining: 'number', claimed: 'number', canClaim: 'boolean' }]);
      expect(forT.map((c: Card) => c.templateId).sort()).toEqual([String(productOnly), String(everything)].sort());
      const forBag = await svc['wxmall/coupon'].fetchClaimableCoupons({ spuIds: [String(shop.plainProductId)] });
      expect(forBag.map((c: Card) => c.templateId)).toEqual([String(everything)]);

      for (const id of [productOnly, everything]) expectShape(await svc['wxmall/coupon'].claimCoupon(String(id)), S.COUPON, 'claimed');
      expect((await svc['wxmall/coupon'].fetchClaimableCoupons({ spuId: String(shop.productId) })).every((c: Card) => !c.canClaim)).toBe(
        true,
      );
      const usable = await svc['coupon/index'].fetchCouponList('default');
      expectShape(usable, [S.COUPON], 'coupon list');
      const byTitle = Object.fromEntries(usable.map((c) => [c.title, c]));
      expect(byTitle['T恤满99减10']).toMatchObject({ status: 'default', type: 1, value: 1000, base: 9900, tag: '满减', desc: '满99减10' });
      expect(byTitle['全场9折']).toMatchObject({ status: 'default', type: 2, value: 9, base: 0, tag: '折扣', desc: '9折 最多减20' });
      expect(byTitle['全场9折']!.timeLimit).toMatch(/^\d{4}\.\d\d\.\d\d-\d{4}\.\d\d\.\d\d$/);
      expect(await svc['coupon/index'].fetchCouponList('useless')).toEqual([]);
      const detail = await svc['coupon/index'].fetchCouponDetail(Number(byTitle['T恤满99减10']!.key));
      expectShape(detail, S.COUPON_DETAIL, 'coupon detail');
      expect(detail.detail.storeAdapt).toBe('指定商品可用');
      expect(detail.storeInfoList.map((s) => s.name)).toEqual(['旗舰店']);
      expect(await svc['wxmall/coupon'].fetchUsableCount()).toBe(2);
      // The coupon's goods page.
      const goods = await svc['wxmall/coupon'].fetchCouponGoods(byTitle['T恤满99减10']!.key);
      expectShape(goods, [S.GOODS_CARD], 'coupon goods');
      expect(goods.map((g) => g.spuId)).toEqual([String(shop.productId)]);
      expect((await svc['wxmall/coupon'].fetchCouponGoods(byTitle['全场9折']!.key)).map((g) => g.spuId).sort()).toEqual(
        [String(shop.productId), String(shop.plainProductId)].sort(),
      );
    });

    it('settlement applies the best coupon, the picker switches it, commit orders with the one shown', async () => {
      const settle = (couponList?: unknown[]) =>
        svc['order/orderConfirm'].fetchSettleDetail({ goodsRequestList: buyNow(), ...(couponList ? { couponList } : {}) });
      // 9900: 1000 off (product coupon) beats 990 off (10%).
      const best = (await settle()).data;
      expectShape(best, S.SETTLE, 'settle');
      const fee = Number(best.totalDeliveryFee);
      expect(best).toMatchObject({ totalSalePrice: '9900', totalCouponAmount: '1000', totalPayAmount: String(9900 - 1000 + fee) });
      expect(best.storeGoodsList[0]!.couponList).toEqual([expect.objectContaining({ couponId: expect.any(Number) })]);
      const bestId = (best.storeGoodsList[0]!.couponList[0] as { couponId: number }).couponId;

      const picker = await svc['wxmall/order'].fetchSettleCoupons({ goodsRequestList: buyNow() });
      expectShape(picker, S.envelope(S.COUPON_RESULTS), 'picker');
      const percent = picker.data.couponResultList.find((r) => r.couponVO.couponId !== bestId)!;
      expect(picker.data.couponResultList.map((r) => r.status).sort()).toEqual([0, 1]);
      expect(percent.couponVO).toMatchObject({ profit: 990, type: 2, value: 900, condition: '9折 最多减20', scopeText: '全部商品可用' });
      const chosen = await svc['wxmall/order'].fetchSettleCoupons({
        goodsRequestList: buyNow(),
        selectedCoupons: [{ code: String(percent.couponVO.couponId) }],
      });
      expect([chosen.data.reduce, chosen.data.couponResultList.find((r) => r.status === 1)!.couponVO.couponId]).toEqual([
        990,
        percent.couponVO.couponId,
      ]);
      expect((await settle([])).data).toMatchObject({ totalCouponAmount: '0', totalPayAmount: String(9900 + fee) });

      // Commit sends back the settlement's couponList: the order takes that coupon.
      const shown = (await settle([{ couponId: percent.couponVO.couponId }])).data;
      expect(shown.totalCouponAmount).toBe('990');
      const res = await svc['order/orderConfirm'].dispatchCommitPay({
        goodsRequestList: buyNow(),
        userAddressReq: shown.userAddress,
        totalAmount: shown.totalPayAmount,
        couponList: shown.storeGoodsList[0]!.couponList,
      });
      const order = (await svc['order/orderDetail'].fetchOrderDetail({ parameter: res.data.tradeNo })).data;
      expect(order).toMatchObject({ couponAmount: '990', paymentAmount: shown.totalPayAmount, discountAmount: '0' });
      expect(order.orderItemVOs[0]).toMatchObject({ itemDiscountAmount: '990', itemPaymentAmount: String(9900 - 990) });
      expect((await svc['coupon/index'].fetchCouponList('useless')).map((c) => Number(c.key))).toEqual([percent.couponVO.couponId]);

      // Without couponList, commit applies what the settlement showed: the best one left.
      const next = await svc['order/orderConfirm'].dispatchCommitPay({
        goodsRequestList: buyNow(),
        totalAmount: String(9900 - 1000 + fee),
      });
      const second = (await svc['order/orderDetail'].fetchOrderDetail({ parameter: next.data.tradeNo })).data;
      expect(second.couponAmount).toBe('1000');
      expect(await svc['wxmall/coupon'].fetchUsableCount()).toBe(0);
      // Cancelled unpaid: both coupons come back.
      await svc['wxmall/order'].cancelOrder(res.data.tradeNo);
      await svc['wxmall/order'].cancelOrder(next.data.tradeNo);
      expect(await svc['wxmall/coupon'].fetchUsableCount()).toBe(2);
    });

    it('pick-up at a store: the store list, no address nor delivery fee, the order collected there', async () => {
      const stores = (await buyer.catalog.stores()).items;
      const patched = await t.http.patch(
        `/api/v1/admin/stores/${stores[0]!.id}`,
        { pickupEnabled: true, pickupHours: '10:00-21:00', pickupPrepMinutes: 30 },
        { token: shop.owner },
      );
      expect(patched.status).toBe(200);
      const pickupStores = await svc['wxmall/coupon'].fetchPickupStores({ latitude: 22.5, longitude: 113.9 });
      expect(pickupStores.map((s) => [s.storeName, s.pickupHours])).toEqual([['旗舰店', '10:00-21:00']]);
      const pickup = {
        goodsRequestList: [{ spuId: String(shop.plainProductId), quantity: 1 }],
        deliveryMode: 'pickup' as const,
        pickupStoreId: pickupStores[0]!.storeId,
        pickerName: '韩梅梅',
        pickerPhone: '13700137000',
        couponList: [],
      };
      const settle = (await svc['order/orderConfirm'].fetchSettleDetail(pickup)).data;
      expect(settle).toMatchObject({
        settleType: 1,
        userAddress: null,
        totalDeliveryFee: '0',
        totalPayAmount: '3500',
        deliveryMode: 'pickup',
      });
      expect(settle.pickupStore).toMatchObject({ storeName: '旗舰店', pickupHours: '10:00-21:00' });
      const res = await svc['order/orderConfirm'].dispatchCommitPay({ ...pickup, totalAmount: settle.totalPayAmount });
      const order = await buyer.orders.get(
        await fresh()
          ['order/orderDetail'].fetchOrderDetail({ parameter: res.data.tradeNo })
          .then((d) => Number(d.data.orderId)),
      );
      expect(order).toMatchObject({
        deliveryMode: 'pickup',
        shippingFee: 0,
        couponId: null,
        pickup: { storeName: '旗舰店', pickerName: '韩梅梅' },
      });
      // Paid: the order waits for pick-up and shows the buyer's code.
      await svc['wxmall/order'].payOrder(res.data.tradeNo);
      const paid = (await svc['order/orderDetail'].fetchOrderDetail({ parameter: res.data.tradeNo })).data;
      expect(paid).toMatchObject({ orderStatus: 10, orderStatusName: '备货中', pickupVO: { storeName: '旗舰店', status: 'preparing' } });
      expect(paid.orderStatusRemark).toBe(`取货码 ${paid.pickupVO!.code}`);
      expect(paid.pickupVO!.qrPayload).toBe(`wxmall:pickup:${res.data.tradeNo}:${paid.pickupVO!.code}`);
    });
  });

  it('every adapter function was called against the live service above', () => {
    const all = Object.entries(createTdesignServices(shopper(t, 'container').sdk)).flatMap(([m, fns]) =>
      Object.keys(fns).map((f) => `${m}.${f}`),
    );
    expect(all.filter((f) => !called.has(f))).toEqual([]);
  });
});

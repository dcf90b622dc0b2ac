import type { HomePage, Product, ProductPage, ProductQuery } from '../catalog';
import type { AdapterContext } from './context';

type Card = ProductPage['items'][number];
type Sku = Product['skus'][number];
type Spec = Product['specs'][number];
type Banner = HomePage['banners'][number];
type Section = HomePage['sections'][number];
const valuesOf = (s: Spec): string[] => s.values;
const specValuesOf = (s: Sku): string[] => s.specValues;

export interface StarterGoodsCard {
  spuId: string;
  thumb: string;
  title: string;
  price: number;
  originPrice: number;
  tags: string[];
}

export interface StarterSearchParams {
  sort?: number;
  sortType?: number;
  pageNum?: number;
  pageSize?: number;
  keyword?: string;
  minPrice?: number;
  maxPrice?: number;
}

/** The starter's sort (0 overall, 1 price) and direction (0 ascending, 1 descending) -> wxmall's sort. */
function sortOf(p: StarterSearchParams): ProductQuery['sort'] {
  if (p.sort === 1) return p.sortType === 1 ? 'price_desc' : 'price_asc';
  return 'default';
}

export const toGoodsCard = (p: Card): StarterGoodsCard => ({
  spuId: String(p.id),
  thumb: p.mainImage,
  title: p.title,
  price: p.minPrice,
  // The card hides the line price when it is below the price: 0 when the product has none.
  originPrice: p.linePrice ?? 0,
  tags: [],
});

/** A listing card as the starter's SPU (the list pages read SPU fields and card fields of each item). */
function toSpuListItem(ctx: AdapterContext, p: Card) {
  return {
    saasId: '',
    storeId: ctx.storeId,
    etitle: '',
    primaryImage: p.mainImage,
    images: [p.mainImage],
    desc: '',
    available: 1,
    isAvailable: 1,
    isPutOnSale: 1,
    minSalePrice: p.minPrice,
    maxSalePrice: p.maxPrice,
    minLinePrice: p.linePrice ?? p.minPrice,
    maxLinePrice: p.linePrice ?? p.maxPrice,
    soldNum: p.salesCount,
    spuTagList: [] as { id: string | null; title: string; image: null }[],
    specList: [],
    skuList: [],
    ...toGoodsCard(p),
  };
}

/** wxmall's product as the starter's SPU detail: specs with ids, SKUs naming their spec values, prices and stock. */
export function toSpuDetail(ctx: AdapterContext, p: Product) {
  const spuId = String(p.id);
  const specId = (i: number): string => `${spuId}-${i}`;
  const valueId = (i: number, j: number): string => `${spuId}-${i}-${j}`;
  const specs: Spec[] = p.specs;
  const skus: Sku[] = p.skus;
  const images: string[] = p.images;
  const limits = [p.limitPerOrder ? `每单限购${p.limitPerOrder}件` : null, p.limitPerUser ? `每人限购${p.limitPerUser}件` : null].filter(
    (t): t is string => t !== null,
  );
  const linePrices = skus.map((s): number => s.linePrice ?? s.price);
  return {
    saasId: '',
    storeId: ctx.storeId,
    spuId,
    title: p.title,
    etitle: p.subtitle,
    primaryImage: p.mainImage,
    images: images.length ? images : [String(p.mainImage)],
    desc: p.detailImages,
    available: p.stock > 0 ? 1 : 0,
    isAvailable: p.stock > 0 ? 1 : 0,
    isPutOnSale: 1,
    isSoldOut: p.stock <= 0,
    minSalePrice: p.minPrice,
    maxSalePrice: p.maxPrice,
    minLinePrice: linePrices.length ? Math.min(...linePrices) : p.minPrice,
    maxLinePrice: linePrices.length ? Math.max(...linePrices) : p.maxPrice,
    spuStockQuantity: p.stock,
    soldNum: p.salesCount,
    categoryIds: [String(p.categoryId)],
    groupIdList: [String(p.categoryId)],
    spuTagList: [] as { id: string | null; title: string; image: null }[],
    limitInfo: limits.map((text) => ({ text })),
    promotionList: null,
    specList: specs.map((s, i) => ({
      specId: specId(i),
      title: s.name,
      specValueList: valuesOf(s).map((v, j) => ({
        specValueId: valueId(i, j),
        specId: specId(i),
        saasId: '',
        specValue: v,
        image: '',
      })),
    })),
    skuList: skus.map((s) => ({
      skuId: String(s.id),
      skuImage: s.image ?? p.mainImage,
      specInfo: specValuesOf(s).map((v, i) => ({
        specId: specId(i),
        specTitle: specs[i]?.name ?? null,
        specValueId: valueId(i, specs[i]?.values.indexOf(v) ?? -1),
        specValue: v,
      })),
      priceInfo: [
        { priceType: 1, price: String(s.price), priceTypeName: '销售价' },
        { priceType: 2, price: String(s.linePrice ?? s.price), priceTypeName: '划线价' },
      ],
      stockInfo: { stockQuantity: s.stock, safeStockQuantity: 0, soldQuantity: s.salesCount },
      weight: null,
      volume: null,
      profitPrice: null,
    })),
  };
}

export type StarterSpuDetail = ReturnType<typeof toSpuDetail>;

/** Reads the products from a 0-based offset on (the home page pages by position, not by page number). */
async function productsFrom(ctx: AdapterContext, offset: number, count: number): Promise<Card[]> {
  if (count <= 0) return [];
  const pageSize = Math.min(count, 100);
  const first = Math.floor(offset / pageSize) + 1;
  const skip = offset - (first - 1) * pageSize;
  const a = await ctx.sdk.catalog.products({ page: first, pageSize });
  let items: Card[] = a.items;
  if (skip > 0 && a.items.length === pageSize) items = items.concat((await ctx.sdk.catalog.products({ page: first + 1, pageSize })).items);
  return items.slice(skip, skip + count);
}

async function searchPage(ctx: AdapterContext, params: StarterSearchParams = {}) {
  const pageNum = params.pageNum && params.pageNum > 0 ? params.pageNum : 1;
  const pageSize = Math.min(params.pageSize && params.pageSize > 0 ? params.pageSize : 30, 100);
  const keyword = params.keyword?.trim();
  // The starter sends minPrice 0 when unset, and prices in fen.
  const price = (v: number | undefined) => (v !== undefined && Number.isInteger(v) && v > 0 ? v : undefined);
  const res = await ctx.sdk.catalog.products({
    page: pageNum,
    pageSize,
    keyword: keyword || undefined,
    minPrice: price(params.minPrice),
    maxPrice: price(params.maxPrice),
    sort: sortOf(params),
  });
  const cards: Card[] = res.items;
  return {
    saasId: '',
    storeId: ctx.storeId,
    pageNum,
    pageSize,
    totalCount: Number(res.total),
    spuList: cards.map((p) => toSpuListItem(ctx, p)),
    algId: 0,
  };
}

/** Category tree: wxmall's two levels under the starter's three (level 2 is the top category itself). */
function toCategoryTree(tree: { id: number; name: string; iconUrl: string; children?: { id: number; name: string; iconUrl: string }[] }[]) {
  const leaf = (c: { id: number; name: string; iconUrl: string }) => ({ groupId: String(c.id), name: c.name, thumbnail: c.iconUrl });
  return tree.map((top) => {
    const children = top.children?.length ? top.children : [top];
    return { ...leaf(top), children: [{ ...leaf(top), children: children.map(leaf) }] };
  });
}

export function goodsModules(ctx: AdapterContext) {
  return {
    'home/home': {
      /** Banners as the swiper, home sections as tabs. */
      async fetchHome() {
        const home = await ctx.sdk.catalog.home();
        const sections: Section[] = home.sections;
        const banners: Banner[] = home.banners;
        return {
          swiper: banners.map((b): string => b.image),
          tabList: [{ text: '精选推荐', key: 0 }, ...sections.map((s, i) => ({ text: s.title, key: i + 1 }))],
          activityImg: sections.find((s) => s.image)?.image ?? '',
        };
      },
    },
    'good/fetchGoods': {
      /** Home goods: `pageIndex` is where the page starts (the home page sends 0, then what it has + 1). */
      async fetchGoodsList(pageIndex = 1, pageSize = 20): Promise<StarterGoodsCard[]> {
        return (await productsFrom(ctx, Math.max(0, pageIndex - 1), pageSize)).map(toGoodsCard);
      },
    },
    'good/fetchGoodsList': {
      /** Goods list page: keyword, sort by price, `pageNum`; `totalCount` ends the paging. */
      fetchGoodsList: (params: StarterSearchParams = {}) => searchPage(ctx, params),
    },
    'good/fetchSearchResult': {
      /** Search result page: as the goods list, with `tags` as `{title}` objects. */
      async getSearchResult(params: StarterSearchParams = {}) {
        const keyword = params.keyword?.trim();
        // The shopper's history records a search once, on its first page; a failure there must not fail the results.
        if (keyword && (params.pageNum ?? 1) <= 1) await ctx.sdk.search.record(keyword.slice(0, 50)).catch(() => undefined);
        const page = await searchPage(ctx, params);
        return { ...page, spuList: page.spuList.map((s) => ({ ...s, tags: s.tags.map((title) => ({ title })) })) };
      },
    },
    'good/fetchSearchHistory': {
      /** The search page: the shopper's recent words and the popular ones. */
      async getSearchHistory() {
        return { historyWords: (await ctx.sdk.search.history()).words };
      },
      async getSearchPopular() {
        return { popularWords: (await ctx.sdk.search.popular()).words };
      },
    },
    'good/fetchGood': {
      async fetchGood(ID: string | number = 0): Promise<StarterSpuDetail> {
        return toSpuDetail(ctx, await ctx.sdk.catalog.product(Number(ID)));
      },
    },
    'good/fetchCategoryList': {
      getCategoryList: async () => toCategoryTree(await ctx.sdk.catalog.categories()),
    },
    'promotion/detail': {
      /** The promotion page opened from banner number `ID`: the products its link leads to. */
      async fetchPromotion(ID: string | number = 0) {
        const banners: Banner[] = (await ctx.sdk.catalog.home()).banners;
        const banner = banners[Number(ID)];
        const link = banner?.link;
        let cards: Card[] = [];
        if (link?.type === 'category' && link.id) cards = (await ctx.sdk.catalog.products({ categoryId: link.id, pageSize: 100 })).items;
        if (link?.type === 'product' && link.id) cards = [await ctx.sdk.catalog.product(link.id)];
        return {
          list: cards.map((c) => ({ ...toGoodsCard(c), tags: [] as { title: string }[] })),
          banner: banner?.image ?? '',
          time: 0,
          showBannerDesc: false,
          statusTag: banner ? 'running' : 'finish',
        };
      },
    },
  };
}

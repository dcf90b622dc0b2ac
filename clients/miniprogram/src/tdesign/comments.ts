import type { ProductReviewPage, ProductReviewQuery, ReviewSummary } from '../reviews';
import type { AdapterContext } from './context';

type Review = ProductReviewPage['items'][number];

/** The starter's comment list parameters (`commentLevel`: 1 bad, 2 middle, 3 good). */
export interface StarterCommentParams {
  pageNum?: number;
  pageSize?: number;
  queryParameter?: { spuId?: string | number; commentLevel?: number; hasImage?: boolean };
}

const LEVEL_FILTER: Record<number, ProductReviewQuery['filter']> = { 1: 'bad', 2: 'medium', 3: 'good' };

/** A review as the starter's comment (tdesign-starter-contract.md §2.16). */
export function toStarterComment(r: Review) {
  return {
    spuId: String(r.productId),
    skuId: String(r.skuId),
    specInfo: r.specText,
    commentContent: r.content,
    commentResources: r.images.map((src) => ({ src, type: 'image' as const })),
    commentImageUrls: null,
    commentScore: r.rating,
    uid: '',
    userName: r.nickname,
    userHeadUrl: r.avatarUrl,
    isAnonymity: r.anonymous,
    commentTime: String(Date.parse(r.createdAt)),
    isAutoComment: false,
    ...(r.reply ? { sellerReply: r.reply.content } : {}),
    goodsDetailInfo: r.specText,
  };
}

/** The summary as the starter's counts: numeric strings, the good rate as a number; no "mine" tab (`uidCount` '0'). */
export function toStarterCounts(s: ReviewSummary | null) {
  return {
    commentCount: String(s?.count ?? 0),
    badCount: String(s?.badCount ?? 0),
    middleCount: String(s?.mediumCount ?? 0),
    goodCount: String(s?.goodCount ?? 0),
    hasImageCount: String(s?.withImagesCount ?? 0),
    goodRate: s?.goodRate ?? 0,
    uidCount: '0',
  };
}

/**
 * Product reviews for the comment pages and the goods detail preview. The starter passes the product as a scalar, as
 * `{spuId}`, or (goods detail) not at all: then the product the detail page last loaded is meant.
 */
export function commentModules(ctx: AdapterContext) {
  const productOf = (id: unknown): number => {
    const raw = id !== null && typeof id === 'object' ? (id as { spuId?: unknown }).spuId : id;
    const n = Number(raw);
    return Number.isInteger(n) && n > 0 ? n : (ctx.lastProductId ?? 0);
  };
  const counts = async (id: unknown) => {
    const productId = productOf(id);
    return toStarterCounts(productId ? await ctx.sdk.reviews.summary(productId) : null);
  };
  return {
    'comments/fetchComments': {
      async fetchComments(params: StarterCommentParams = {}) {
        const pageNum = params.pageNum ?? 1;
        const pageSize = params.pageSize ?? 10;
        const q = params.queryParameter ?? {};
        const productId = productOf(q.spuId);
        if (!productId) return { pageNum, pageSize, totalCount: 0, pageList: [] as ReturnType<typeof toStarterComment>[] };
        const filter = q.hasImage ? 'images' : (LEVEL_FILTER[q.commentLevel ?? 0] ?? 'all');
        const page = await ctx.sdk.reviews.ofProduct(productId, { page: pageNum, pageSize: Math.min(pageSize, 100), filter });
        return { pageNum, pageSize, totalCount: page.total, pageList: page.items.map(toStarterComment) };
      },
    },
    'comments/fetchCommentsCount': {
      fetchCommentsCount: (ID: unknown = 0) => counts(ID),
    },
    'good/fetchGoodsDetailsComments': {
      getGoodsDetailsCommentsCount: (spuId: unknown = 0) => counts(spuId),
      async getGoodsDetailsCommentList(spuId: unknown = 0) {
        const productId = productOf(spuId);
        if (!productId) return { homePageComments: [] as ReturnType<typeof toStarterComment>[] };
        const page = await ctx.sdk.reviews.ofProduct(productId, { pageSize: 3 });
        return { homePageComments: page.items.map(toStarterComment) };
      },
    },
  };
}

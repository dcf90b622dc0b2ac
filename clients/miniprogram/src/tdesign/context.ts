import { WxmallError } from '../errors';
import type { Wxmall } from '../wxmall';

export interface TdesignOptions {
  /** `storeId` / `storeName` the starter shows on carts, settlements and orders (wxmall is one shop). */
  storeId?: string;
  storeName?: string;
  /** Customer service shown in the user center and order detail when no store is set up in wxmall. */
  servicePhone?: string;
  serviceHours?: string;
}

/** What every adapter module shares: the SDK, the shop's names, and the number -> id lookups. */
export class AdapterContext {
  readonly storeId: string;
  readonly storeName: string;
  /** The starter addresses orders by orderNo and after-sales by rightsNo; wxmall by id. Learned from every read. */
  readonly orderIds = new Map<string, number>();
  readonly afterSaleIds = new Map<string, number>();
  /** The product the goods detail page loaded last: its comment calls pass no product (starter quirk). */
  lastProductId?: number;

  constructor(
    readonly sdk: Wxmall,
    readonly options: TdesignOptions = {},
  ) {
    this.storeId = options.storeId ?? '1';
    this.storeName = options.storeName ?? '';
  }

  /** The id of one of the shopper's orders by its number (pages the order list when the number was not seen yet). */
  async orderId(orderNo: string): Promise<number> {
    return this.idOf(this.orderIds, orderNo, async (page) => {
      const res = await this.sdk.orders.list({ page, pageSize: 100 });
      for (const o of res.items) this.orderIds.set(o.orderNo, o.id);
      return res.items.length;
    });
  }

  async afterSaleId(rightsNo: string): Promise<number> {
    return this.idOf(this.afterSaleIds, rightsNo, async (page) => {
      const res = await this.sdk.afterSales.list({ page, pageSize: 100 });
      for (const a of res.items) this.afterSaleIds.set(a.afterSaleNo, a.id);
      return res.items.length;
    });
  }

  private async idOf(known: Map<string, number>, no: string, readPage: (page: number) => Promise<number>): Promise<number> {
    const key = String(no);
    for (let page = 1; !known.has(key); page++) {
      if ((await readPage(page)) === 0) throw new WxmallError('NOT_FOUND', `no such record: ${key}`, 404);
    }
    return known.get(key)!;
  }
}

/** The envelope commerce functions answer with (pages read `res.data`). */
export interface Envelope<T> {
  data: T;
  code: 'Success';
  msg: null;
  requestId: string;
  clientIp: string;
  rt: number;
  success: true;
}

export async function enveloped<T>(work: () => Promise<T>): Promise<Envelope<T>> {
  const started = Date.now();
  const data = await work();
  return { data, code: 'Success', msg: null, requestId: '', clientIp: '', rt: Date.now() - started, success: true };
}

/** Fen as the starter's models carry them in strings. */
export const fenText = (fen: number | null | undefined): string => String(fen ?? 0);

/** An ISO time as epoch milliseconds in a string ('' for none). */
export const msText = (iso: string | null | undefined): string => (iso ? String(Date.parse(iso)) : '');

/** wxmall's `specText` ("白 / M") as the starter's spec pairs (lines carry no dimension names). */
export function specPairs(specText: string): { specTitle: string; specValue: string }[] {
  return specText ? specText.split(' / ').map((specValue) => ({ specTitle: '', specValue })) : [];
}

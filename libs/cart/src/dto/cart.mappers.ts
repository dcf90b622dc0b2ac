export type CartLineProblem = 'sku_disabled' | 'off_sale' | 'deleted' | 'not_found' | 'out_of_stock' | 'stock_short';

export interface CartLineView {
  id: number;
  skuId: number;
  productId: number;
  title: string;
  specText: string;
  image: string;
  /** Live price from the catalog, fen. */
  price: number;
  linePrice: number | null;
  quantity: number;
  stock: number;
  selected: boolean;
  /** price x quantity. */
  lineTotal: number;
}

export interface InvalidCartLineView extends CartLineView {
  reason: CartLineProblem;
}

export interface CartView {
  items: CartLineView[];
  /** Lines that cannot be bought as they are (gone, off sale, short of stock), with the reason. */
  invalidItems: InvalidCartLineView[];
  totals: {
    /** Selected valid lines. */
    selectedCount: number;
    selectedQuantity: number;
    itemsTotal: number;
  };
}

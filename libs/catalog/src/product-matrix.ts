import { type FieldError, MAX_FEN } from '@app/common';

/** Bounds of one product's spec/SKU matrix (also enforced by the DTOs, so clients learn them from /docs). */
export const MATRIX_LIMITS = {
  specs: 3,
  valuesPerSpec: 20,
  skus: 200,
  nameLength: 20,
  valueLength: 20,
  maxStock: 10_000_000,
} as const;

export interface MatrixSpec {
  name: string;
  values: string[];
}

export interface MatrixSku {
  id?: number;
  specValues: string[];
  price: number;
  linePrice?: number | null;
  stock?: number;
  code?: string;
}

/** "白 / M"; "" for a product without specs. */
export function specTextOf(values: readonly string[]): string {
  return values.join(' / ');
}

/** The value the (product_id, spec_key) unique index compares. */
export function specKeyOf(values: readonly string[]): string {
  return JSON.stringify(values);
}

/**
 * Checks an SKU matrix against its specs. Returns every problem, each naming its field the way the validation
 * pipe does (`skus[2].specValues`), so a client can point at the cell to fix. Pure: unit-tested on its own.
 */
export function checkMatrix(specs: readonly MatrixSpec[], skus: readonly MatrixSku[]): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, error: string): void => {
    const existing = errors.find((e) => e.field === field);
    if (existing) existing.errors.push(error);
    else errors.push({ field, errors: [error] });
  };

  if (specs.length > MATRIX_LIMITS.specs) fail('specs', `at most ${MATRIX_LIMITS.specs} specs`);
  const specNames = new Map<string, number>();
  specs.forEach((spec, i) => {
    const first = specNames.get(spec.name);
    if (first !== undefined) fail(`specs[${i}].name`, `spec name "${spec.name}" is already used by specs[${first}]`);
    else specNames.set(spec.name, i);
    if (spec.values.length === 0) fail(`specs[${i}].values`, 'a spec needs at least one value');
    if (spec.values.length > MATRIX_LIMITS.valuesPerSpec) fail(`specs[${i}].values`, `at most ${MATRIX_LIMITS.valuesPerSpec} values`);
    const seen = new Set<string>();
    for (const v of spec.values) {
      if (seen.has(v)) fail(`specs[${i}].values`, `value "${v}" appears more than once`);
      seen.add(v);
    }
  });

  if (skus.length === 0) fail('skus', 'at least one SKU is required');
  if (skus.length > MATRIX_LIMITS.skus) fail('skus', `at most ${MATRIX_LIMITS.skus} SKUs`);
  const combos = new Map<string, number>();
  const ids = new Map<number, number>();
  const codes = new Map<string, number>();
  const specList = specs.map((s) => s.name).join(', ');
  skus.forEach((sku, i) => {
    const at = `skus[${i}]`;
    if (sku.specValues.length !== specs.length) {
      fail(
        `${at}.specValues`,
        specs.length === 0
          ? 'must be [] for a product without specs'
          : `must name one value of each spec, in order (${specList}): expected ${specs.length}, got ${sku.specValues.length}`,
      );
    } else {
      sku.specValues.forEach((v, j) => {
        const spec = specs[j]!;
        if (!spec.values.includes(v)) fail(`${at}.specValues`, `"${v}" is not a value of spec "${spec.name}"`);
      });
      const key = specKeyOf(sku.specValues);
      const first = combos.get(key);
      if (first !== undefined) fail(`${at}.specValues`, `the combination ${specTextOf(sku.specValues) || '[]'} is already skus[${first}]`);
      else combos.set(key, i);
    }
    if (!Number.isSafeInteger(sku.price) || sku.price < 1 || sku.price > MAX_FEN)
      fail(`${at}.price`, `must be an integer from 1 to ${MAX_FEN}`);
    if (sku.linePrice !== undefined && sku.linePrice !== null) {
      if (!Number.isSafeInteger(sku.linePrice) || sku.linePrice < 1 || sku.linePrice > MAX_FEN)
        fail(`${at}.linePrice`, `must be an integer from 1 to ${MAX_FEN}`);
      else if (sku.linePrice < sku.price) fail(`${at}.linePrice`, 'must be greater than or equal to price');
    }
    if (sku.stock !== undefined && (!Number.isSafeInteger(sku.stock) || sku.stock < 0 || sku.stock > MATRIX_LIMITS.maxStock))
      fail(`${at}.stock`, `must be an integer from 0 to ${MATRIX_LIMITS.maxStock}`);
    if (sku.id !== undefined) {
      const first = ids.get(sku.id);
      if (first !== undefined) fail(`${at}.id`, `SKU ${sku.id} is already skus[${first}]`);
      else ids.set(sku.id, i);
    }
    if (sku.code) {
      const first = codes.get(sku.code);
      if (first !== undefined) fail(`${at}.code`, `code "${sku.code}" is already used by skus[${first}]`);
      else codes.set(sku.code, i);
    }
  });
  return errors;
}

export interface PriceSummary {
  minPrice: number;
  maxPrice: number;
  /** Line price of the cheapest SKU (the price a listing shows next to minPrice); null when it has none. */
  linePrice: number | null;
}

/** Listing prices over the enabled SKUs of a product. */
export function priceSummary(skus: readonly { price: number; linePrice?: number | null }[]): PriceSummary {
  if (skus.length === 0) return { minPrice: 0, maxPrice: 0, linePrice: null };
  let cheapest = skus[0]!;
  let maxPrice = cheapest.price;
  for (const s of skus) {
    if (s.price < cheapest.price || (s.price === cheapest.price && (s.linePrice ?? 0) > (cheapest.linePrice ?? 0))) cheapest = s;
    if (s.price > maxPrice) maxPrice = s.price;
  }
  return { minPrice: cheapest.price, maxPrice, linePrice: cheapest.linePrice ?? null };
}

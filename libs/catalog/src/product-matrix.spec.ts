import { MAX_FEN } from '@app/common';
import { checkMatrix, MATRIX_LIMITS, type MatrixSku, type MatrixSpec, priceSummary, specKeyOf, specTextOf } from './product-matrix';

const specs: MatrixSpec[] = [
  { name: '颜色', values: ['白', '黑'] },
  { name: '尺码', values: ['M', 'L'] },
];
const sku = (specValues: string[], over: Partial<MatrixSku> = {}): MatrixSku => ({ specValues, price: 1000, stock: 1, ...over });
const fields = (s: MatrixSpec[], k: MatrixSku[]): string[] => checkMatrix(s, k).map((e) => e.field);

describe('checkMatrix', () => {
  it('accepts a full or partial matrix, and a product without specs', () => {
    expect(checkMatrix(specs, [sku(['白', 'M']), sku(['白', 'L']), sku(['黑', 'M']), sku(['黑', 'L'])])).toEqual([]);
    expect(checkMatrix(specs, [sku(['黑', 'L'], { linePrice: 1000, code: 'A' })])).toEqual([]);
    expect(checkMatrix([], [sku([])])).toEqual([]);
  });

  it('names the SKU whose spec values do not fit the specs', () => {
    expect(fields(specs, [sku(['白'])])).toEqual(['skus[0].specValues']);
    expect(fields(specs, [sku(['白', 'M']), sku(['白', 'M', 'X'])])).toEqual(['skus[1].specValues']);
    expect(fields(specs, [sku(['M', '白'])])).toEqual(['skus[0].specValues']);
    expect(fields(specs, [sku(['红', 'M'])])).toEqual(['skus[0].specValues']);
    expect(fields([], [sku(['白'])])).toEqual(['skus[0].specValues']);
    expect(checkMatrix(specs, [sku(['红', 'XL'])])[0]!.errors).toEqual([
      '"红" is not a value of spec "颜色"',
      '"XL" is not a value of spec "尺码"',
    ]);
  });

  it('refuses duplicate combinations, ids and codes, naming the later one', () => {
    expect(fields(specs, [sku(['白', 'M']), sku(['黑', 'M']), sku(['白', 'M'])])).toEqual(['skus[2].specValues']);
    expect(fields(specs, [sku(['白', 'M'], { id: 3 }), sku(['黑', 'M'], { id: 3 })])).toEqual(['skus[1].id']);
    expect(fields(specs, [sku(['白', 'M'], { code: 'X' }), sku(['黑', 'M'], { code: 'X' })])).toEqual(['skus[1].code']);
    expect(fields(specs, [sku(['白', 'M'], { code: '' }), sku(['黑', 'M'], { code: '' })])).toEqual([]);
  });

  it('checks prices, line prices and stock', () => {
    expect(fields(specs, [sku(['白', 'M'], { price: 0 })])).toEqual(['skus[0].price']);
    expect(fields(specs, [sku(['白', 'M'], { price: MAX_FEN + 1 })])).toEqual(['skus[0].price']);
    expect(fields(specs, [sku(['白', 'M'], { price: 10.5 })])).toEqual(['skus[0].price']);
    expect(fields(specs, [sku(['白', 'M'], { price: MAX_FEN })])).toEqual([]);
    expect(fields(specs, [sku(['白', 'M'], { price: 1000, linePrice: 999 })])).toEqual(['skus[0].linePrice']);
    expect(fields(specs, [sku(['白', 'M'], { linePrice: null })])).toEqual([]);
    expect(fields(specs, [sku(['白', 'M'], { stock: -1 })])).toEqual(['skus[0].stock']);
    expect(fields(specs, [sku(['白', 'M'], { stock: MATRIX_LIMITS.maxStock + 1 })])).toEqual(['skus[0].stock']);
    expect(fields(specs, [sku(['白', 'M'], { stock: undefined })])).toEqual([]);
  });

  it('checks the specs themselves and the sizes', () => {
    expect(fields([...specs, { name: '颜色', values: ['x'] }], [sku(['白', 'M', 'x'])])).toEqual(['specs[2].name']);
    expect(fields([{ name: '颜色', values: ['白', '白'] }], [sku(['白'])])).toEqual(['specs[0].values']);
    expect(fields([{ name: '颜色', values: [] }], [])).toEqual(['specs[0].values', 'skus']);
    const four = ['a', 'b', 'c', 'd'].map((name) => ({ name, values: ['1'] }));
    expect(fields(four, [sku(['1', '1', '1', '1'])])).toEqual(['specs']);
    const many = [{ name: 'n', values: Array.from({ length: 21 }, (_, i) => String(i)) }];
    expect(fields(many, [sku(['0'])])).toEqual(['specs[0].values']);
    expect(
      fields(
        [],
        Array.from({ length: 201 }, () => sku([])),
      ),
    ).toContain('skus');
  });
});

describe('derived values', () => {
  it('builds spec text and the unique key', () => {
    expect(specTextOf(['白', 'M'])).toBe('白 / M');
    expect(specTextOf([])).toBe('');
    expect(specKeyOf(['白', 'M'])).toBe('["白","M"]');
    expect(specKeyOf(['a", "b'])).not.toBe(specKeyOf(['a', 'b']));
  });

  it('summarizes listing prices from the cheapest SKU', () => {
    expect(priceSummary([{ price: 300, linePrice: 500 }, { price: 100 }, { price: 200, linePrice: 900 }])).toEqual({
      minPrice: 100,
      maxPrice: 300,
      linePrice: null,
    });
    expect(
      priceSummary([
        { price: 100, linePrice: 150 },
        { price: 100, linePrice: 180 },
      ]),
    ).toEqual({
      minPrice: 100,
      maxPrice: 100,
      linePrice: 180,
    });
    expect(priceSummary([])).toEqual({ minPrice: 0, maxPrice: 0, linePrice: null });
  });
});

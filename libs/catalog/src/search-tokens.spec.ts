import { documentTokens, queryTokens, textTokens } from './search-tokens';

describe('search tokens', () => {
  it('splits Chinese into characters and adjacent pairs, Latin and digits into lower-case words', () => {
    expect(textTokens('法式连衣 长裙')).toEqual({
      unigrams: ['法', '式', '连', '衣', '长', '裙'],
      bigrams: ['法式', '式连', '连衣', '长裙'],
      words: [],
    });
    expect(textTokens('iPhone15 Pro 纯棉T恤 500ml')).toEqual({
      unigrams: ['纯', '棉', '恤'],
      bigrams: ['纯棉'],
      words: ['iphone15', 'pro', 't', '500ml'],
    });
  });

  it('folds full-width forms and accents, drops punctuation and characters outside the BMP', () => {
    expect(textTokens('ＡＢＣ１２３ Café!! 𠀀').words).toEqual(['abc123', 'cafe']);
    expect(textTokens('𠀀𠀁').unigrams).toEqual([]);
  });

  it('requires every character and word of a query and scores its pairs', () => {
    expect(queryTokens('连衣裙')).toEqual({ required: ['连', '衣', '裙'], optional: ['连衣', '衣裙'] });
    expect(queryTokens('T-W-M')).toEqual({ required: ['t', 'w', 'm'], optional: [] });
    expect(queryTokens('!!! ...')).toEqual({ required: [], optional: [] });
  });

  it('weighs a token by the fields it appears in (title > subtitle > the rest)', () => {
    const tokens = documentTokens({ title: '连衣裙', subtitle: '长裙', categories: ['裙装'], specs: ['颜色', '白'], codes: ['DR-01'] });
    expect(tokens.get('连衣')).toBe(16);
    expect(tokens.get('裙')).toBe(16 + 4 + 2);
    expect(tokens.get('长')).toBe(4);
    expect(tokens.get('白')).toBe(1);
    expect(tokens.get('dr')).toBe(1);
    expect(tokens.get('01')).toBe(1);
  });
});

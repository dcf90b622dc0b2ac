/*
 * The search index's tokens, computed by the application so MySQL 8 and MariaDB 10.11 (no ngram parser) index the
 * same thing (docs/decisions.md, "Search"). Chinese has no spaces: every CJK character is a token (a query matches
 * when all its characters are present, so 连衣裙 finds "连衣 长裙") and every pair of adjacent characters is a token
 * too (it ranks the exact phrase first). Latin letters and digits form lower-case words ("T恤" is "t" + "恤").
 */

/** Where a token was found: the product's score for a query is the sum of the weights of the tokens it matched. */
export const FIELD_WEIGHTS = { title: 16, subtitle: 4, category: 2, spec: 1, code: 1 } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;

/** Longest stored token (the column's length); longer Latin words are cut. */
export const MAX_TOKEN_LENGTH = 32;

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const RUNS = new RegExp(`[${CJK}]+|[a-z0-9]+`, 'gu');
const COMBINING = /\p{M}/gu;

/**
 * The text as the index reads it: compatibility forms folded (full-width ＡＢＣ１ is abc1), accents dropped, lower case.
 * Characters outside the Basic Multilingual Plane are dropped: utf8mb4_unicode_ci compares them all equal, so
 * two of them would collide in the token table's primary key.
 */
function normalize(text: string): string {
  return [...text.normalize('NFKD').replace(COMBINING, '').normalize('NFKC').toLowerCase()]
    .filter((c) => c.codePointAt(0)! <= 0xffff)
    .join('');
}

function isCjk(run: string): boolean {
  return !/^[a-z0-9]/.test(run);
}

/** The tokens of one text: CJK characters and character pairs, Latin/digit words. */
export function textTokens(text: string): { unigrams: string[]; bigrams: string[]; words: string[] } {
  const unigrams: string[] = [];
  const bigrams: string[] = [];
  const words: string[] = [];
  for (const run of normalize(text).match(RUNS) ?? []) {
    if (!isCjk(run)) {
      words.push(run.slice(0, MAX_TOKEN_LENGTH));
      continue;
    }
    const chars = [...run];
    chars.forEach((c, i) => {
      unigrams.push(c);
      if (i > 0) bigrams.push(chars[i - 1]! + c);
    });
  }
  return { unigrams, bigrams, words };
}

export interface SearchDocument {
  title: string;
  subtitle: string;
  /** The product's category and its parent's name. */
  categories: string[];
  /** Spec values (白, XL) and spec names. */
  specs: string[];
  /** Merchant SKU codes. */
  codes: string[];
}

/** Token -> weight for one product: each field a token appears in adds that field's weight once. */
export function documentTokens(doc: SearchDocument): Map<string, number> {
  const out = new Map<string, number>();
  const add = (field: SearchField, texts: string[]): void => {
    const seen = new Set<string>();
    for (const text of texts) {
      const { unigrams, bigrams, words } = textTokens(text);
      for (const token of [...unigrams, ...bigrams, ...words]) seen.add(token);
    }
    for (const token of seen) out.set(token, (out.get(token) ?? 0) + FIELD_WEIGHTS[field]);
  };
  add('title', [doc.title]);
  add('subtitle', [doc.subtitle]);
  add('category', doc.categories);
  add('spec', doc.specs);
  add('code', doc.codes);
  return out;
}

export interface QueryTokens {
  /** Every one must be present: the CJK characters and Latin words of the query. */
  required: string[];
  /** Scored when present (adjacent character pairs), never required. */
  optional: string[];
}

/** Most tokens a query keeps (a 50-character keyword has at most ~100). */
const MAX_QUERY_TOKENS = 64;

/** The tokens of a shopper's query; `required` is empty when the query has no letter, digit or CJK character. */
export function queryTokens(keyword: string): QueryTokens {
  const { unigrams, bigrams, words } = textTokens(keyword);
  const required = [...new Set([...unigrams, ...words])].slice(0, MAX_QUERY_TOKENS);
  const optional = [...new Set(bigrams)].filter((b) => !required.includes(b)).slice(0, MAX_QUERY_TOKENS);
  return { required, optional };
}

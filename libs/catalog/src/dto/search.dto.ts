import { IsText, PageOf, PageQuery } from '@app/common';
import { IsTextList } from './validators';

/** Most words a shopper's history keeps (the newest), popular words shown, suggestions answered. */
export const SEARCH_HISTORY_SIZE = 10;
export const POPULAR_WORDS = 10;
export const SUGGESTIONS = 10;
export const MAX_PINNED_WORDS = 20;

export class RecordSearchDto {
  /** What the shopper searched (trimmed; runs of spaces count as one). */
  @IsText(1, 50)
  keyword!: string;
}

export class SearchHistoryView {
  /** Newest first, at most SEARCH_HISTORY_SIZE (10). */
  words!: string[];
}

export class PopularWordsView {
  /** Operator-pinned words in their order, then the most searched. */
  words!: string[];
}

export class SuggestionsQuery {
  /** What the shopper has typed so far. */
  @IsText(1, 50)
  q!: string;
}

export class SuggestionView {
  text!: string;
  /** The product whose title this is; null for a popular word. */
  productId!: number | null;
}

export class SuggestionsView {
  /** Popular words starting with the prefix (most searched first), then on-sale product titles starting with it. */
  suggestions!: SuggestionView[];
}

export class AdminSearchWordsQuery extends PageQuery {}

export class AdminSearchWordView {
  id!: number;
  word!: string;
  /** Searches counted (first result pages of `GET /products?keyword=`). */
  searchCount!: number;
  /** Position among the pinned words; null = not pinned. */
  pinnedSort!: number | null;
}

export class AdminSearchWordPage extends PageOf(AdminSearchWordView) {}

export class PinnedWordsDto {
  /** The pinned words in display order; replaces the list ([] unpins every word). */
  @IsTextList(0, MAX_PINNED_WORDS, 1, 50)
  words!: string[];
}

import type { Ok } from './api-types';
import type { WxmallClient } from './client';

export type SearchHistory = Ok<'/api/v1/search/history', 'get'>;
export type PopularWords = Ok<'/api/v1/search/popular', 'get'>;
export type Suggestions = Ok<'/api/v1/search/suggestions', 'get'>;

/** The search page's words (results: `catalog.products({ keyword })`). */
export function searchApi(c: WxmallClient) {
  return {
    /** Pinned words, then the most searched (public). */
    popular: (): Promise<PopularWords> => c.call('get', '/api/v1/search/popular', { auth: false }),
    /** Popular words and on-sale titles starting with what was typed (public). */
    suggestions: (q: string): Promise<Suggestions> => c.call('get', '/api/v1/search/suggestions', { query: { q }, auth: false }),
    /** The shopper's recent words, newest first. */
    history: (): Promise<SearchHistory> => c.call('get', '/api/v1/search/history'),
    /** Adds a search to the shopper's history. */
    record: (keyword: string): Promise<SearchHistory> => c.call('post', '/api/v1/search/history', { body: { keyword } }),
    /** Clears the shopper's history. */
    clearHistory: async (): Promise<void> => {
      await c.call('delete', '/api/v1/search/history');
    },
  };
}

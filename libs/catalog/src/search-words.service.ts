import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull, Not } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { isDuplicateKeyError, ReadReplicas, select, TransactionRunner } from '@app/database';
import { bumpCatalogVersion, CatalogCache } from './catalog-cache';
import { SUGGEST_TITLES, SUGGEST_WORDS } from './catalog.sql';
import {
  type AdminSearchWordPage,
  type AdminSearchWordsQuery,
  type AdminSearchWordView,
  POPULAR_WORDS,
  type PopularWordsView,
  SUGGESTIONS,
  type SuggestionsView,
} from './dto/search.dto';
import { SearchWord } from './search-word.entity';
import { queryTokens } from './search-tokens';

/** Searches counted in memory before a flush; words beyond it in one interval are not counted. */
const MAX_BUFFERED_WORDS = 1000;
/** How often counted searches are written (each instance adds its own counts: increments, so instances agree). */
const FLUSH_MS = 5000;

/** A keyword as a word: spaces trimmed and collapsed (the unique index ignores case). */
export function searchWord(keyword: string): string {
  return keyword.trim().replace(/\s+/g, ' ');
}

/** `prefix%` for LIKE, wildcards typed by the shopper matching themselves ('!' escapes). */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * Popular words (counted from searches, pinned by operators) and suggestions while typing. Searches are counted in
 * memory and added to `search_word` every few seconds, so a burst of the same search is one UPDATE, not a hot row.
 */
@Injectable()
export class SearchWordsService implements OnApplicationShutdown {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly cache: CatalogCache,
    private readonly replicas: ReadReplicas,
  ) {}

  /** Counts a search (first result pages only: paging on is the same search). */
  count(keyword: string): void {
    const word = searchWord(keyword);
    if (queryTokens(word).required.length === 0) return;
    if (!this.pending.has(word) && this.pending.size >= MAX_BUFFERED_WORDS) return;
    this.pending.set(word, (this.pending.get(word) ?? 0) + 1);
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), FLUSH_MS).unref();
  }

  /** Writes the counted searches (also at shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    const repo = this.ds.getRepository(SearchWord);
    for (const [word, n] of batch) {
      const updatedAt = this.clock.now();
      const add = (): Promise<{ affected?: number }> =>
        repo
          .createQueryBuilder()
          .update()
          .set({ searchCount: () => `search_count + ${n}`, updatedAt })
          .where({ word })
          .execute();
      if ((await add()).affected) continue;
      try {
        await repo.insert({ word, searchCount: n, pinnedSort: null, updatedAt });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        await add(); // another instance inserted it meanwhile
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush().catch(() => undefined);
  }

  /** Cached: new counts show within CATALOG_CACHE_MAX_AGE_MS, pinned words within the version check. */
  popular(): Promise<PopularWordsView> {
    return this.cache.get('popular', () => this.replicas.read((m) => this.readPopular(m)));
  }

  private async readPopular(m: EntityManager): Promise<PopularWordsView> {
    const repo = m.getRepository(SearchWord);
    const pinned = await repo.find({ where: { pinnedSort: Not(IsNull()) }, order: { pinnedSort: 'ASC', id: 'ASC' }, take: POPULAR_WORDS });
    const words = pinned.map((w) => w.word);
    if (words.length < POPULAR_WORDS) {
      const searched = await repo.find({
        where: { pinnedSort: IsNull(), searchCount: Not(0) },
        order: { searchCount: 'DESC', id: 'ASC' },
        take: POPULAR_WORDS - words.length,
      });
      words.push(...searched.map((w) => w.word));
    }
    return { words };
  }

  suggestions(prefix: string): Promise<SuggestionsView> {
    const word = searchWord(prefix);
    return this.cache.get(`suggest:${word.toLowerCase()}`, () => this.replicas.read((m) => this.readSuggestions(m, word)));
  }

  private async readSuggestions(m: EntityManager, word: string): Promise<SuggestionsView> {
    const pattern = prefixPattern(word);
    const words = await select(m, SUGGEST_WORDS, [pattern, SUGGESTIONS]);
    const titles = await select(m, SUGGEST_TITLES, [pattern, SUGGESTIONS]);
    const seen = new Set<string>();
    const suggestions = [
      ...words.map((w) => ({ text: w.word, productId: null })),
      ...titles.map((p) => ({ text: p.title, productId: Number(p.id) })),
    ].filter((s) => !seen.has(s.text.toLowerCase()) && seen.add(s.text.toLowerCase()));
    return { suggestions: suggestions.slice(0, SUGGESTIONS) };
  }

  async adminList(q: AdminSearchWordsQuery): Promise<AdminSearchWordPage> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds
      .getRepository(SearchWord)
      .findAndCount({ order: { searchCount: 'DESC', id: 'ASC' }, skip: offset, take: pageSize });
    return toPage(rows.map(toAdminSearchWordView), total, q) satisfies Page<AdminSearchWordView>;
  }

  /** Replaces the pinned list: these words in this order (created when never searched), every other word unpinned. */
  async pin(words: string[]): Promise<PopularWordsView> {
    const list = [...new Map(words.map((w) => [searchWord(w).toLowerCase(), searchWord(w)])).values()];
    await this.tx.run(async (m) => {
      const repo = m.getRepository(SearchWord);
      const updatedAt = this.clock.now();
      await repo.update({ pinnedSort: Not(IsNull()) }, { pinnedSort: null, updatedAt });
      for (const [sort, word] of list.entries()) {
        const { affected } = await repo.update({ word }, { pinnedSort: sort, updatedAt });
        if (!affected) await repo.insert({ word, searchCount: 0, pinnedSort: sort, updatedAt });
      }
      await bumpCatalogVersion(m);
    });
    return this.readPopular(this.ds.manager); // the admin sees their own write: the primary
  }
}

function toAdminSearchWordView(w: SearchWord): AdminSearchWordView {
  return { id: w.id, word: w.word, searchCount: w.searchCount, pinnedSort: w.pinnedSort };
}

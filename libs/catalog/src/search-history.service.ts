import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { isDuplicateKeyError } from '@app/database';
import { SEARCH_HISTORY_SIZE, type SearchHistoryView } from './dto/search.dto';
import { SearchHistory } from './search-history.entity';
import { searchWord } from './search-words.service';

/** A shopper's recent searches (the starter's search page): the newest SEARCH_HISTORY_SIZE words, clearable. */
@Injectable()
export class SearchHistoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(userId: number): Promise<SearchHistoryView> {
    const rows = await this.ds
      .getRepository(SearchHistory)
      .find({ where: { userId }, order: { searchedAt: 'DESC', id: 'DESC' }, take: SEARCH_HISTORY_SIZE, select: { keyword: true } });
    return { words: rows.map((r) => r.keyword) };
  }

  /** Records a search: a word already in the history moves to the front; the oldest beyond the limit go. */
  async record(userId: number, keyword: string): Promise<SearchHistoryView> {
    const repo = this.ds.getRepository(SearchHistory);
    const word = searchWord(keyword);
    const searchedAt = this.clock.now();
    const { affected } = await repo.update({ userId, keyword: word }, { searchedAt });
    if (!affected) {
      try {
        await repo.insert({ userId, keyword: word, searchedAt });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err; // the same word recorded twice at once
      }
    }
    const stale = await repo.find({
      where: { userId },
      order: { searchedAt: 'DESC', id: 'DESC' },
      skip: SEARCH_HISTORY_SIZE,
      take: 100,
      select: { id: true },
    });
    if (stale.length > 0) await repo.delete(stale.map((s) => s.id));
    return this.list(userId);
  }

  async clear(userId: number): Promise<void> {
    await this.ds.getRepository(SearchHistory).delete({ userId });
  }
}

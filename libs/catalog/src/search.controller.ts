import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { RecordSearchDto, type PopularWordsView, type SearchHistoryView, SuggestionsQuery, type SuggestionsView } from './dto/search.dto';
import { SearchHistoryService } from './search-history.service';
import { SearchWordsService } from './search-words.service';

/** The starter's search page: history, popular words, suggestions (results: `GET /products?keyword=`). */
@ApiTags('catalog')
@Controller('search')
export class SearchController {
  constructor(
    private readonly words: SearchWordsService,
    private readonly history: SearchHistoryService,
  ) {}

  /** Pinned words, then the most searched. */
  @Get('popular')
  @Public()
  @ApiOperation({ operationId: 'listPopularSearchWords' })
  popular(): Promise<PopularWordsView> {
    return this.words.popular();
  }

  /** Popular words and on-sale product titles starting with what was typed. */
  @Get('suggestions')
  @Public()
  @ApiOperation({ operationId: 'listSearchSuggestions' })
  suggestions(@Query() q: SuggestionsQuery): Promise<SuggestionsView> {
    return this.words.suggestions(q.q);
  }

  /** The shopper's recent search words, newest first. */
  @Get('history')
  @ShopperAuth()
  @ApiOperation({ operationId: 'listSearchHistory' })
  listHistory(@CurrentUser() user: ShopperIdentity): Promise<SearchHistoryView> {
    return this.history.list(user.userId);
  }

  /** Add a search to the shopper's history (the client calls it when the shopper searches). */
  @Post('history')
  @HttpCode(200)
  @ShopperAuth()
  @ApiOperation({ operationId: 'recordSearch' })
  record(@CurrentUser() user: ShopperIdentity, @Body() dto: RecordSearchDto): Promise<SearchHistoryView> {
    return this.history.record(user.userId, dto.keyword);
  }

  /** Clear the shopper's search history. */
  @Delete('history')
  @HttpCode(204)
  @ShopperAuth()
  @ApiOperation({ operationId: 'clearSearchHistory' })
  clear(@CurrentUser() user: ShopperIdentity): Promise<void> {
    return this.history.clear(user.userId);
  }
}

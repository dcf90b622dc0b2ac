import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { AdminSearchWordsQuery, type AdminSearchWordPage, PinnedWordsDto, type PopularWordsView } from './dto/search.dto';
import { SearchWordsService } from './search-words.service';

@ApiTags('admin')
@Controller('admin/search')
export class AdminSearchController {
  constructor(private readonly words: SearchWordsService) {}

  /** Searched and pinned words, most searched first. */
  @Get('words')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListSearchWords' })
  list(@Query() q: AdminSearchWordsQuery): Promise<AdminSearchWordPage> {
    return this.words.adminList(q);
  }

  /** Set the pinned popular words (in order); the answer is the popular words shoppers now see. */
  @Put('pinned-words')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminSetPinnedSearchWords' })
  pin(@Body() dto: PinnedWordsDto): Promise<PopularWordsView> {
    return this.words.pin(dto.words);
  }
}

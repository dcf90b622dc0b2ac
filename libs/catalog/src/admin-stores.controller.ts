import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { IdPipe, type Page, PageQuery } from '@app/common';
import type { StoreView } from './dto/catalog.mappers';
import { CreateStoreDto, UpdateStoreDto } from './dto/storefront.dto';
import { StoresService } from './stores.service';

@ApiTags('admin')
@Controller('admin/stores')
export class AdminStoresController {
  constructor(private readonly stores: StoresService) {}

  @Get()
  @AdminAuth('viewer')
  list(@Query() q: PageQuery): Promise<Page<StoreView>> {
    return this.stores.list(q);
  }

  @Get(':id')
  @AdminAuth('viewer')
  get(@Param('id', IdPipe) id: number): Promise<StoreView> {
    return this.stores.get(id);
  }

  @Post()
  @AdminAuth('operator')
  create(@Body() dto: CreateStoreDto): Promise<StoreView> {
    return this.stores.create(dto);
  }

  @Patch(':id')
  @AdminAuth('operator')
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateStoreDto): Promise<StoreView> {
    return this.stores.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @AdminAuth('operator')
  remove(@Param('id', IdPipe) id: number): Promise<void> {
    return this.stores.remove(id);
  }
}

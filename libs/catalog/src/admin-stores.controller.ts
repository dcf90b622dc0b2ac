import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { ApiErrors, IdPipe, PageQuery } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import type { StorePage, StoreView } from './dto/storefront-view.dto';
import { CreateStoreDto, UpdateStoreDto } from './dto/storefront.dto';
import { StoresService } from './stores.service';

@ApiTags('admin')
@Controller('admin/stores')
export class AdminStoresController {
  constructor(private readonly stores: StoresService) {}

  /** Every store, in sort order. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListStores' })
  list(@Query() q: PageQuery): Promise<StorePage> {
    return this.stores.list(q);
  }

  /** One store. */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetStore' })
  @ApiErrors(CatalogErrors.storeNotFound)
  get(@Param('id', IdPipe) id: number): Promise<StoreView> {
    return this.stores.get(id);
  }

  /** Create a store. */
  @Post()
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminCreateStore' })
  create(@Body() dto: CreateStoreDto): Promise<StoreView> {
    return this.stores.create(dto);
  }

  /** Change a store (fields given). */
  @Patch(':id')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminUpdateStore' })
  @ApiErrors(CatalogErrors.storeNotFound)
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateStoreDto): Promise<StoreView> {
    return this.stores.update(id, dto);
  }

  /** Delete a store. */
  @Delete(':id')
  @HttpCode(204)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminDeleteStore' })
  @ApiErrors(CatalogErrors.storeNotFound)
  remove(@Param('id', IdPipe) id: number): Promise<void> {
    return this.stores.remove(id);
  }
}

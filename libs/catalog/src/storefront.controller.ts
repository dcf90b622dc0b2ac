import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import type { HomeView, StorePage } from './dto/storefront-view.dto';
import { StoreQuery } from './dto/storefront.dto';
import { HomeService } from './home.service';
import { StoresService } from './stores.service';

@ApiTags('storefront')
@Controller()
@Public()
export class StorefrontController {
  constructor(
    private readonly home: HomeService,
    private readonly stores: StoresService,
  ) {}

  /** The home page: banners in their time window and sections with their on-sale products. */
  @Get('home')
  @ApiOperation({ operationId: 'getHome' })
  homePage(): Promise<HomeView> {
    return this.home.home();
  }

  /** Active stores; nearest first, with distanceMeters, when lat and lng are given. */
  @Get('stores')
  @ApiOperation({ operationId: 'listStores' })
  nearby(@Query() q: StoreQuery): Promise<StorePage> {
    return this.stores.nearby(q);
  }
}

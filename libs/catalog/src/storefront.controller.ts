import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import type { Page } from '@app/common';
import type { HomeView, StoreView } from './dto/catalog.mappers';
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

  /** Banners in their time window and sections with their on-sale products. */
  @Get('home')
  homePage(): Promise<HomeView> {
    return this.home.home();
  }

  /** Active stores; nearest first with distanceMeters when lat and lng are given. */
  @Get('stores')
  nearby(@Query() q: StoreQuery): Promise<Page<StoreView>> {
    return this.stores.nearby(q);
  }
}

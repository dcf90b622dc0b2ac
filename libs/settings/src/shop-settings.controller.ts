import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/access';
import type { PublicShopSettingsView } from './dto/settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('storefront')
@Controller('shop-settings')
@Public()
export class ShopSettingsController {
  constructor(private readonly settings: SettingsService) {}

  /** The shipping rule and customer service contact, for the shop's pages. */
  @Get()
  @ApiOperation({ operationId: 'getShopSettings' })
  get(): PublicShopSettingsView {
    const s = this.settings.current();
    return {
      shippingFee: s.shippingFee,
      freeShippingThreshold: s.freeShippingThreshold,
      customerServicePhone: s.customerServicePhone,
      customerServiceHours: s.customerServiceHours,
    };
  }
}

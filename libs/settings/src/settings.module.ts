import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminSettingsController } from './admin-settings.controller';
import { SettingsService } from './settings.service';
import { ShopSettingsController } from './shop-settings.controller';
import { ShopSettingsRow } from './shop-settings.entity';

/** Runtime shop settings; global because every domain reads them. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ShopSettingsRow])],
  controllers: [AdminSettingsController, ShopSettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}

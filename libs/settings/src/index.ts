export { SettingsModule } from './settings.module';
export { SettingsService } from './settings.service';
export type { ShopSettings } from './shop-settings';

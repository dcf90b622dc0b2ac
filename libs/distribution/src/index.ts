export { DistributionModule } from './distribution.module';
export type { DistributionSettings } from './distribution-settings';

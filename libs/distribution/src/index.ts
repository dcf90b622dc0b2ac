export { DistributionModule } from './distribution.module';
export type { DistributionSettings } from './distribution-settings';
export type { WithdrawalStatus } from './distribution-state';

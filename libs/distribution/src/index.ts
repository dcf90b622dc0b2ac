export { DistributionModule } from './distribution.module';
export type { DistributionSettings } from './distribution-settings';
export type { CommissionStatus, WithdrawalStatus } from './distribution-state';

export { DistributionModule } from './distribution.module';
export { DistributionSettingsService } from './distribution-settings.service';
export { DEFAULT_DISTRIBUTION_SETTINGS, type DistributionSettings } from './distribution-settings';
export { SETTLE_COMMISSIONS_SWEEP } from './commissions.service';
export { TRANSFER_QUERY_SWEEP } from './transfers.service';
export { DistributionErrors } from './distribution.errors';

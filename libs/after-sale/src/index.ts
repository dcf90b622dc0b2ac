export { AfterSaleModule } from './after-sale.module';
export { AFTER_SALE_REASONS, AFTER_SALE_STATUSES, afterSaleStates, type AfterSaleStatus, type AfterSaleType } from './after-sale-state';
export { RETURN_DEADLINE_SWEEP } from './after-sale-sweeps';
export type { AfterSaleView } from './dto/after-sale.mappers';
export { AfterSaleOpenRequests } from './after-sale-open-requests';

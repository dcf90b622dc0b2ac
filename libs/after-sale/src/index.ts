export { AfterSaleModule } from './after-sale.module';
export { AFTER_SALE_STATUSES, type AfterSaleStatus, type AfterSaleType } from './after-sale-state';
export type { AfterSaleView } from './dto/after-sale.mappers';
export { AdminAfterSaleListQuery } from './dto/after-sale.dto';
export { AfterSaleOpenRequests } from './after-sale-open-requests';

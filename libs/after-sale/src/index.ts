export { AfterSaleModule } from './after-sale.module';
export type { AfterSaleStatus, AfterSaleType } from './after-sale-state';
export type { AfterSaleView } from './dto/after-sale.mappers';
export { AfterSaleOpenRequests } from './after-sale-open-requests';

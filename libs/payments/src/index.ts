export { PaymentsModule } from './payments.module';
export { PaymentsService } from './payments.service';
export { RefundsService, type RefundListener, type RefundSettledEvent } from './refunds.service';
export { PaymentsErrors } from './payments.errors';
export type { RefundStatus } from './refund.entity';
export type { RefundView } from './dto/payment.mappers';

export { PaymentsModule } from './payments.module';
export { PaymentsService } from './payments.service';
export { RefundsService, type RefundListener, type RefundSettledEvent } from './refunds.service';
export { PaymentsErrors } from './payments.errors';
export type { RefundStatus } from './refund.entity';
export type { RefundView } from './dto/payment.mappers';
export { RECONCILE_PAYMENTS_SWEEP, RECONCILE_REFUNDS_SWEEP } from './reconciliation';
export { CLOSE_JOB, CONFIRM_RECEIVE_JOB, REFUND_JOB, SHIPPING_JOB, SUBSCRIBE_JOB } from './payment-jobs';
export { RefundsQuery } from './dto/refunds-query.dto';

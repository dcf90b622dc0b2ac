import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ApiErrors, CommonErrors } from '@app/common';
import { OrdersErrors } from '@app/orders';
import type { MockPaymentResult } from './dto/payment-view.dto';
import { PaymentsErrors } from './payments.errors';
import { PaymentsService } from './payments.service';
import { MockPaymentProvider } from './providers/mock-payment.provider';
import { PAYMENT_PROVIDER, type PaymentProvider } from './providers/payment-provider';

/** Local demo only (PAYMENT_PROVIDER=mock, which production refuses): pretend WeChat Pay notified success. */
@ApiTags('dev')
@Controller('dev/payments')
@Public()
export class DevPaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
  ) {}

  /**
   * Mock payments only: play WeChat Pay's notification that an order was paid.
   * @remarks 404 unless PAYMENT_PROVIDER=mock (never in production).
   */
  @Post(':orderNo/succeed')
  @HttpCode(200)
  @ApiOperation({ operationId: 'devSucceedPayment' })
  @ApiErrors(PaymentsErrors.devRouteDisabled, OrdersErrors.notFound, CommonErrors.field)
  async succeed(@Param('orderNo') orderNo: string): Promise<MockPaymentResult> {
    const mock = this.provider;
    if (!(mock instanceof MockPaymentProvider)) throw PaymentsErrors.devRouteDisabled();
    if (!/^[0-9A-Za-z]{6,32}$/.test(orderNo)) throw CommonErrors.field('orderNo', 'orderNo must be 6-32 letters or digits');
    const outcome = await this.payments.simulateMockPayment(orderNo, (no, amount) => mock.markPaid(no, amount, null));
    return { outcome };
  }
}

import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { CommonErrors } from '@app/common';
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

  @Post(':orderNo/succeed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mock provider only: simulate the payment notification of an order' })
  async succeed(@Param('orderNo') orderNo: string): Promise<{ outcome: string }> {
    const mock = this.provider;
    if (!(mock instanceof MockPaymentProvider)) throw PaymentsErrors.devRouteDisabled();
    if (!/^[0-9A-Za-z]{6,32}$/.test(orderNo)) throw CommonErrors.field('orderNo', 'orderNo must be 6-32 letters or digits');
    const outcome = await this.payments.simulateMockPayment(orderNo, (no, amount) => mock.markPaid(no, amount, null));
    return { outcome };
  }
}

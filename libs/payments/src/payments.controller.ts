import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActiveShopper, CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { OrdersErrors } from '@app/orders';
import type { RequestPaymentParams } from './dto/payment-view.dto';
import { PaymentsErrors } from './payments.errors';
import { PaymentsService } from './payments.service';

@ApiTags('orders')
@Controller('orders')
@ShopperAuth()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /**
   * Pay an order: the arguments for wx.requestPayment.
   * @remarks Success there is not proof of payment: WeChat Pay's notification is (poll the order until it is `paid`).
   * Asking again before paying answers the same prepayment while it is valid.
   */
  @Post(':id/pay')
  @HttpCode(200)
  @ActiveShopper()
  @ApiOperation({ operationId: 'payOrder' })
  @ApiErrors(
    OrdersErrors.notFound,
    OrdersErrors.stateConflict,
    PaymentsErrors.alreadyPaid,
    PaymentsErrors.notPayable,
    PaymentsErrors.openidRequired,
    PaymentsErrors.providerRejected,
    PaymentsErrors.providerUnavailable,
  )
  pay(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<RequestPaymentParams> {
    return this.payments.pay(user, id);
  }
}

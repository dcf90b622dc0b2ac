import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { IdPipe } from '@app/common';
import { PaymentsService } from './payments.service';
import type { RequestPaymentParams } from './providers/payment-provider';

@ApiTags('orders')
@Controller('orders')
@ShopperAuth()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /** The parameters for wx.requestPayment. Success there is not proof of payment: the notification is. */
  @Post(':id/pay')
  @HttpCode(200)
  pay(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<RequestPaymentParams> {
    return this.payments.pay(user, id);
  }
}

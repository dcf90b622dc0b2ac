import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { OrdersErrors } from '@app/orders';
import { PaymentsErrors } from '@app/payments';
import { AfterSaleErrors } from './after-sale.errors';
import type { AdminAfterSaleView } from './dto/after-sale-view.dto';
import { CloseOrderDto, MerchantRefundDto } from './dto/merchant-refund.dto';
import { MerchantRefundsService } from './merchant-refunds.service';

/** What refusing a merchant refund may say: the order, its items, the money left. */
const MERCHANT_REFUND_ERRORS = [
  OrdersErrors.notFound,
  OrdersErrors.stateConflict,
  AfterSaleErrors.notAllowed,
  AfterSaleErrors.itemBusy,
  AfterSaleErrors.quantityExceeded,
  AfterSaleErrors.amountTooHigh,
  PaymentsErrors.notPaid,
  PaymentsErrors.refundExceedsPaid,
  PaymentsErrors.refundLimit,
];

@ApiTags('admin')
@Controller('admin/orders')
@AdminAuth('operator')
export class AdminOrderRefundsController {
  constructor(private readonly merchantRefunds: MerchantRefundsService) {}

  /**
   * Refund a paid, shipped or completed order on the shop's initiative.
   * @remarks Chosen items and quantities, or everything still refundable. Goes through after-sale (a refund-only request by the merchant, approved at once): the same amounts, the
   * shipping fee only with the refund that leaves nothing of an unshipped order to ship, units that never shipped
   * back in stock when the refund succeeds, the order closed when everything is refunded. No after-sale window applies.
   */
  @Post(':id/refunds')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRefundOrder' })
  @ApiErrors(...MERCHANT_REFUND_ERRORS)
  refund(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: MerchantRefundDto,
  ): Promise<AdminAfterSaleView> {
    return this.merchantRefunds.refund(admin.adminId, id, dto);
  }

  /**
   * Close a paid order that cannot ship: refunds it in full, shipping fee included.
   * @remarks The order moves paid -> closed when the refund succeeds; shipping is refused meanwhile. Refused while a
   * buyer's request on the order is open (decide it first).
   */
  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminCloseOrder' })
  @ApiErrors(...MERCHANT_REFUND_ERRORS)
  close(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: CloseOrderDto): Promise<AdminAfterSaleView> {
    return this.merchantRefunds.close(admin.adminId, id, dto);
  }
}

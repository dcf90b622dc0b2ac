import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { PaymentsErrors } from '@app/payments';
import { AdminAfterSalesService } from './admin-after-sales.service';
import { AfterSaleErrors } from './after-sale.errors';
import { AdminAfterSaleListQuery, ApproveAfterSaleDto, RejectAfterSaleDto } from './dto/after-sale.dto';
import type { AdminAfterSalePage, AdminAfterSaleView } from './dto/after-sale-view.dto';

/** Any decision: the request exists and is in a state that allows it. */
const DECISION_ERRORS = [AfterSaleErrors.notFound, AfterSaleErrors.stateConflict];
/** Decisions that start a refund. */
const REFUND_ERRORS = [PaymentsErrors.notPaid, PaymentsErrors.refundExceedsPaid, PaymentsErrors.refundLimit];

@ApiTags('admin')
@Controller('admin/after-sales')
export class AdminAfterSalesController {
  constructor(private readonly afterSales: AdminAfterSalesService) {}

  /** Requests, newest first, by status. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListAfterSales' })
  list(@Query() q: AdminAfterSaleListQuery): Promise<AdminAfterSalePage> {
    return this.afterSales.list(q);
  }

  /** One request with its history and refund. */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetAfterSale' })
  @ApiErrors(AfterSaleErrors.notFound)
  detail(@Param('id', IdPipe) id: number): Promise<AdminAfterSaleView> {
    return this.afterSales.detail(id);
  }

  /**
   * Approve a request, optionally lowering the amount.
   * @remarks refund_only: the refund starts; return_refund: the buyer has RETURN_SHIP_DAYS to send the goods back.
   */
  @Post(':id/approve')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminApproveAfterSale' })
  @ApiErrors(...DECISION_ERRORS, AfterSaleErrors.amountTooHigh, ...REFUND_ERRORS)
  approve(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: ApproveAfterSaleDto,
  ): Promise<AdminAfterSaleView> {
    return this.afterSales.approve(admin.adminId, id, dto);
  }

  /** Reject a request, with a reason. */
  @Post(':id/reject')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRejectAfterSale' })
  @ApiErrors(...DECISION_ERRORS)
  reject(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: RejectAfterSaleDto,
  ): Promise<AdminAfterSaleView> {
    return this.afterSales.reject(admin.adminId, id, dto.reason);
  }

  /** The returned goods arrived: restock them and refund. */
  @Post(':id/receive')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminReceiveAfterSaleReturn' })
  @ApiErrors(...DECISION_ERRORS, ...REFUND_ERRORS)
  receive(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number): Promise<AdminAfterSaleView> {
    return this.afterSales.receive(admin.adminId, id);
  }

  /** The returned goods are not acceptable: close the request without a refund, with a reason. */
  @Post(':id/refuse-receipt')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRefuseAfterSaleReturn' })
  @ApiErrors(...DECISION_ERRORS)
  refuseReceipt(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: RejectAfterSaleDto,
  ): Promise<AdminAfterSaleView> {
    return this.afterSales.refuseReceipt(admin.adminId, id, dto.reason);
  }

  /** Try a failed refund again. */
  @Post(':id/retry-refund')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRetryAfterSaleRefund' })
  @ApiErrors(...DECISION_ERRORS, PaymentsErrors.refundNotFound, PaymentsErrors.refundNotRetryable, ...REFUND_ERRORS)
  retryRefund(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number): Promise<AdminAfterSaleView> {
    return this.afterSales.retryRefund(admin.adminId, id);
  }
}

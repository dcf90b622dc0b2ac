import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import type { RefundPage } from './dto/payment-view.dto';
import { RefundsQuery } from './dto/refunds-query.dto';
import { RefundsService } from './refunds.service';

@ApiTags('admin')
@Controller('admin/refunds')
@AdminAuth('viewer')
export class AdminRefundsController {
  constructor(private readonly refunds: RefundsService) {}

  /**
   * Refunds, newest first, by status and order.
   * @remarks `?status=abnormal` lists refunds that need a person (the buyer's card is gone, merchant balance...).
   */
  @Get()
  @ApiOperation({ operationId: 'adminListRefunds' })
  list(@Query() q: RefundsQuery): Promise<RefundPage> {
    return this.refunds.list(q);
  }
}

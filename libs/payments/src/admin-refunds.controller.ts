import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import type { Page } from '@app/common';
import type { RefundView } from './dto/payment.mappers';
import { RefundsQuery } from './dto/refunds-query.dto';
import { RefundsService } from './refunds.service';

@ApiTags('admin')
@Controller('admin/refunds')
@AdminAuth('viewer')
export class AdminRefundsController {
  constructor(private readonly refunds: RefundsService) {}

  /** `?status=abnormal` lists refunds that need a person (the buyer's card is gone, merchant balance, ...). */
  @Get()
  list(@Query() q: RefundsQuery): Promise<Page<RefundView>> {
    return this.refunds.list(q);
  }
}

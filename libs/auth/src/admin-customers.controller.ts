import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, IdPipe } from '@app/common';
import { AuthErrors } from './auth.errors';
import { CustomersService } from './customers.service';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/access';
import type { CustomerDetailView, CustomerPage } from './dto/customer.dto';
import { CustomerListQuery, CustomerStatusDto } from './dto/customer.dto';

@ApiTags('admin')
@Controller('admin/customers')
export class AdminCustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** Shoppers, newest first, by nickname prefix, whole phone number, whole openid and status, with their order totals. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListCustomers' })
  list(@Query() q: CustomerListQuery): Promise<CustomerPage> {
    return this.customers.list(q);
  }

  /** One shopper with their latest orders and after-sale requests. */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetCustomer' })
  @ApiErrors(AuthErrors.customerNotFound)
  detail(@Param('id', IdPipe) id: number): Promise<CustomerDetailView> {
    return this.customers.detail(id);
  }

  /**
   * Disable a shopper, with a reason.
   * @remarks They can still browse and read their orders; ordering, paying and applying for after-sale answer 403
   * USER_DISABLED.
   */
  @Post(':id/disable')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminDisableCustomer' })
  @ApiErrors(AuthErrors.customerNotFound, AuthErrors.customerStateConflict)
  disable(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: CustomerStatusDto,
  ): Promise<CustomerDetailView> {
    return this.customers.setStatus(admin.adminId, id, 'disabled', dto.reason);
  }

  /** Enable a disabled shopper again, with a reason. */
  @Post(':id/enable')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminEnableCustomer' })
  @ApiErrors(AuthErrors.customerNotFound, AuthErrors.customerStateConflict)
  enable(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: CustomerStatusDto,
  ): Promise<CustomerDetailView> {
    return this.customers.setStatus(admin.adminId, id, 'active', dto.reason);
  }
}

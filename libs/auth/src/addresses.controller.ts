import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, IdPipe } from '@app/common';
import { AddressesService } from './addresses.service';
import { AuthErrors } from './auth.errors';
import { CurrentUser, ShopperAuth } from './decorators';
import type { ShopperIdentity } from '@app/access';
import { type AddressView, CreateAddressDto, UpdateAddressDto } from './dto/address.dto';

@ApiTags('addresses')
@Controller('addresses')
@ShopperAuth()
export class AddressesController {
  constructor(private readonly addresses: AddressesService) {}

  /** The shopper's addresses, the default first. */
  @Get()
  @ApiOperation({ operationId: 'listAddresses' })
  list(@CurrentUser() user: ShopperIdentity): Promise<AddressView[]> {
    return this.addresses.list(user.userId);
  }

  /** One of the shopper's addresses. */
  @Get(':id')
  @ApiOperation({ operationId: 'getAddress' })
  @ApiErrors(AuthErrors.addressNotFound)
  get(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<AddressView> {
    return this.addresses.get(user.userId, id);
  }

  /**
   * Add an address (fields as wx.chooseAddress gives them).
   * @remarks The first address, or one sent with `isDefault: true`, becomes the default.
   */
  @Post()
  @ApiOperation({ operationId: 'createAddress' })
  @ApiErrors(AuthErrors.addressLimit)
  create(@CurrentUser() user: ShopperIdentity, @Body() dto: CreateAddressDto): Promise<AddressView> {
    return this.addresses.create(user.userId, dto);
  }

  /** Change an address; `isDefault: true` makes it the default. */
  @Patch(':id')
  @ApiOperation({ operationId: 'updateAddress' })
  @ApiErrors(AuthErrors.addressNotFound, AuthErrors.addressDefaultRequired)
  update(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number, @Body() dto: UpdateAddressDto): Promise<AddressView> {
    return this.addresses.update(user.userId, id, dto);
  }

  /** Delete an address (another becomes the default if it was). */
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteAddress' })
  @ApiErrors(AuthErrors.addressNotFound)
  remove(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<void> {
    return this.addresses.remove(user.userId, id);
  }
}

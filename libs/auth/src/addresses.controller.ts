import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe } from '@app/common';
import { AddressesService } from './addresses.service';
import { CurrentUser, ShopperAuth } from './decorators';
import type { ShopperIdentity } from './identity';
import { CreateAddressDto, UpdateAddressDto } from './dto/address.dto';
import type { AddressView } from './dto/auth.mappers';

@ApiTags('addresses')
@Controller('addresses')
@ShopperAuth()
export class AddressesController {
  constructor(private readonly addresses: AddressesService) {}

  @Get()
  list(@CurrentUser() user: ShopperIdentity): Promise<AddressView[]> {
    return this.addresses.list(user.userId);
  }

  @Get(':id')
  get(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<AddressView> {
    return this.addresses.get(user.userId, id);
  }

  @Post()
  create(@CurrentUser() user: ShopperIdentity, @Body() dto: CreateAddressDto): Promise<AddressView> {
    return this.addresses.create(user.userId, dto);
  }

  @Patch(':id')
  update(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number, @Body() dto: UpdateAddressDto): Promise<AddressView> {
    return this.addresses.update(user.userId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<void> {
    return this.addresses.remove(user.userId, id);
  }
}

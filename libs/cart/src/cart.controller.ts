import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { IdPipe } from '@app/common';
import { CartService } from './cart.service';
import { AddCartItemDto, SelectCartItemsDto, UpdateCartItemDto } from './dto/cart.dto';
import type { CartView } from './dto/cart.mappers';

@ApiTags('cart')
@Controller('cart')
@ShopperAuth()
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Get()
  view(@CurrentUser() user: ShopperIdentity): Promise<CartView> {
    return this.cart.view(user.userId);
  }

  @Post('items')
  add(@CurrentUser() user: ShopperIdentity, @Body() dto: AddCartItemDto): Promise<CartView> {
    return this.cart.add(user.userId, dto);
  }

  @Patch('items/:id')
  update(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number, @Body() dto: UpdateCartItemDto): Promise<CartView> {
    return this.cart.update(user.userId, id, dto);
  }

  @Delete('items/:id')
  @HttpCode(204)
  remove(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<void> {
    return this.cart.remove(user.userId, id);
  }

  @Post('select')
  @HttpCode(200)
  select(@CurrentUser() user: ShopperIdentity, @Body() dto: SelectCartItemsDto): Promise<CartView> {
    return this.cart.select(user.userId, dto.selected, dto.itemIds);
  }
}

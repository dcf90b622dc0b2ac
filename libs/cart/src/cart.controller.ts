import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { CatalogErrors } from '@app/catalog';
import { ApiErrors, IdPipe } from '@app/common';
import { CartErrors } from './cart.errors';
import { CartService } from './cart.service';
import { AddCartItemDto, type CartView, SelectCartItemsDto, UpdateCartItemDto } from './dto/cart.dto';

@ApiTags('cart')
@Controller('cart')
@ShopperAuth()
export class CartController {
  constructor(private readonly cart: CartService) {}

  /** The cart with live prices and stock: lines that can be bought, lines that cannot (and why), totals of the selected. */
  @Get()
  @ApiOperation({ operationId: 'getCart' })
  view(@CurrentUser() user: ShopperIdentity): Promise<CartView> {
    return this.cart.view(user.userId);
  }

  /** Add a SKU to the cart (merged into its line when there is one); answers the cart. */
  @Post('items')
  @ApiOperation({ operationId: 'addCartItem' })
  @ApiErrors(
    CatalogErrors.unknownSkus,
    CartErrors.skuUnavailable,
    CartErrors.quantityLimit,
    CartErrors.quantityTooHigh,
    CartErrors.cartFull,
  )
  add(@CurrentUser() user: ShopperIdentity, @Body() dto: AddCartItemDto): Promise<CartView> {
    return this.cart.add(user.userId, dto);
  }

  /** Change a line's quantity or selection; answers the cart. */
  @Patch('items/:id')
  @ApiOperation({ operationId: 'updateCartItem' })
  @ApiErrors(CartErrors.itemNotFound, CartErrors.quantityLimit, CartErrors.quantityTooHigh)
  update(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number, @Body() dto: UpdateCartItemDto): Promise<CartView> {
    return this.cart.update(user.userId, id, dto);
  }

  /** Remove a line. */
  @Delete('items/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeCartItem' })
  @ApiErrors(CartErrors.itemNotFound)
  remove(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<void> {
    return this.cart.remove(user.userId, id);
  }

  /** Select or unselect all lines, or the lines given; answers the cart. */
  @Post('select')
  @HttpCode(200)
  @ApiOperation({ operationId: 'selectCartItems' })
  select(@CurrentUser() user: ShopperIdentity, @Body() dto: SelectCartItemsDto): Promise<CartView> {
    return this.cart.select(user.userId, dto.selected, dto.itemIds);
  }
}

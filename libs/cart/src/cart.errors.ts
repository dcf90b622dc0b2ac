import { AppException, CommonErrors } from '@app/common';

export const CartErrors = {
  itemNotFound: (): AppException => CommonErrors.notFound('Cart item'),
  skuUnavailable: (skuId: number, reason: string): AppException =>
    new AppException(409, 'SKU_UNAVAILABLE', 'This item cannot be bought now', { skuId, reason }),
  quantityTooHigh: (max: number): AppException =>
    new AppException(409, 'QUANTITY_EXCEEDS_STOCK', `Only ${max} left in stock`, { available: max }),
  quantityLimit: (max: number): AppException => new AppException(409, 'CART_QUANTITY_LIMIT', `At most ${max} per line`, { max }),
  cartFull: (max: number): AppException => new AppException(409, 'CART_FULL', `At most ${max} lines in the cart`, { max }),
};

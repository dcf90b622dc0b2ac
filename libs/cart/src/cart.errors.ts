import { CommonErrors, defineError } from '@app/common';

export const CartErrors = {
  itemNotFound: CommonErrors.notFound.with('Cart item'),
  skuUnavailable: defineError(409, 'SKU_UNAVAILABLE', (skuId: number, reason: string) => ({
    message: 'This item cannot be bought now',
    details: { skuId, reason },
  })),
  quantityTooHigh: defineError(409, 'QUANTITY_EXCEEDS_STOCK', (max: number) => ({
    message: `Only ${max} left in stock`,
    details: { available: max },
  })),
  quantityLimit: defineError(409, 'CART_QUANTITY_LIMIT', (max: number) => ({ message: `At most ${max} per line`, details: { max } })),
  cartFull: defineError(409, 'CART_FULL', (max: number) => ({ message: `At most ${max} lines in the cart`, details: { max } })),
};

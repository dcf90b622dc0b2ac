export { CartModule } from './cart.module';
export { CartService, lineProblem, MAX_CART_LINES, type CartLine } from './cart.service';
export type { CartLineProblem } from './dto/cart.mappers';

export { CartModule } from './cart.module';
export { CartService, type CartLine } from './cart.service';
export type { CartLineProblem } from './dto/cart.mappers';

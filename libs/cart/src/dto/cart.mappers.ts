export type { CartLineProblem, CartLineView, CartView, InvalidCartLineView } from './cart.dto';

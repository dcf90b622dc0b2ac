export { createWxmall, type Wxmall } from './wxmall';
export { WxmallClient, type CallOptions, type ContainerConfig, type RequestConfig, type WxmallConfig } from './client';
export { isWxmallError, WxmallError, type ClientErrorCode } from './errors';
export { newIdempotencyKey } from './idempotency-key';
export type {
  Body,
  components,
  HttpMethod,
  MethodOf,
  Ok,
  Operation,
  Path,
  paths,
  Query,
  ResponseOf,
  Schemas,
  Undocumented,
} from './api-types';
export type * from './catalog';
export type * from './search';
export type * from './cart';
export type * from './checkout';
export type * from './coupons';
export type * from './orders';
export type * from './payments';
export type * from './after-sales';
export type * from './reviews';
export type * from './addresses';
export type * from './profile';
export type { WxCallContainerOptions, WxFail, WxLike, WxPaymentParams, WxRequestOptions, WxResponse } from './wx';

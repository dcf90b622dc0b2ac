import type { components, paths } from './generated/openapi';

/**
 * Types of wxmall's operations, read from the generated OpenAPI types (`npm run sdk:types`), so that every SDK
 * function is exactly as precise as the document: request bodies, query and path parameters, and responses.
 */
export type { components, paths };
export type Schemas = components['schemas'];

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Path = keyof paths;
/** The methods a path has. */
export type MethodOf<P extends Path> = { [M in HttpMethod]: paths[P][M] extends undefined ? never : M }[HttpMethod];
export type Operation<P extends Path, M extends MethodOf<P>> = NonNullable<paths[P][M]>;

export type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
export type QueryParams<O> = O extends { parameters: { query?: infer X } } ? NonNullable<X> : never;
export type RequestBody<O> = O extends { requestBody?: { content: { 'application/json': infer X } } } ? X : never;

type SuccessStatus = 200 | 201 | 202 | 204;
type SuccessResponses<O> = O extends { responses: infer R } ? R[Extract<keyof R, SuccessStatus>] : never;
type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** No schema, or Nest's empty `{}` placeholder (Record<string, never>), or an array of those. */
type IsUndocumented<T> = [T] extends [never]
  ? true
  : T extends readonly (infer E)[]
    ? IsUndocumented<E>
    : string extends keyof T
      ? [T[keyof T]] extends [never]
        ? true
        : false
      : false;

/**
 * What an operation answers when the document does not describe it yet. wxmall's document is being completed
 * (issue 15: a response schema for every operation); regenerating the types then makes every response precise.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an undocumented response can only be `any` or useless
export type Undocumented = any;

/** The JSON body of an operation's success response. */
export type ResponseOf<O> = IsUndocumented<JsonContent<SuccessResponses<O>>> extends true ? Undocumented : JsonContent<SuccessResponses<O>>;

/** Shorthands by path and method: `Ok<'/api/v1/cart', 'get'>` is the cart. */
export type Ok<P extends Path, M extends MethodOf<P>> = ResponseOf<Operation<P, M>>;
export type Body<P extends Path, M extends MethodOf<P>> = RequestBody<Operation<P, M>>;
export type Query<P extends Path, M extends MethodOf<P>> = QueryParams<Operation<P, M>>;

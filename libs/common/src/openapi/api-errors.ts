import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApiDefaultResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { CommonErrors, type ErrorCode } from '../errors/app-exception';
import { ErrorBody } from './error-body.dto';

const API_ERRORS = 'wxmall:apiErrors';
type ErrorGroups = Record<string, readonly ErrorCode[]>;

/**
 * The errors a route may answer, by their definitions in the modules' `*.errors.ts`
 * (`@ApiErrors(OrdersErrors.notFound, OrdersErrors.stateConflict)`); on a controller, for each of its routes.
 * The OpenAPI document lists them per status with their codes (`applyErrorResponses`), together with the errors
 * the route's other decorators imply: its access rule, its rate limit, its validated input.
 */
export function ApiErrors(...errors: ErrorCode[]): ClassDecorator & MethodDecorator {
  return ApiErrorGroup('route', ...errors);
}

/**
 * Errors that come with a decorator (`access`: @ShopperAuth, @AdminAuth...). A group given on a route replaces the
 * controller's group of the same name: a @Public() route in a @ShopperAuth() controller answers no 401.
 */
export function ApiErrorGroup(group: string, ...errors: ErrorCode[]): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder = (descriptor?.value as object | undefined) ?? target;
    const groups = { ...((Reflect.getOwnMetadata(API_ERRORS, holder) as ErrorGroups | undefined) ?? {}) };
    groups[group] = [...(groups[group] ?? []), ...errors];
    Reflect.defineMetadata(API_ERRORS, groups, holder);
  };
}

/** A JSON body that does not parse (or nests too deep, or carries a `__proto__` key): any route that reads a body. */
export const MALFORMED_BODY = CommonErrors.badRequest.with('Malformed JSON body');

const OTHER_ERRORS =
  'Any other error, in the same shape: 413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE, 500 INTERNAL, ' +
  '503 DATABASE_UNAVAILABLE (retry shortly).';

/** What a route's inputs imply: a DTO or a pipe validates (400 VALIDATION_FAILED), a body may not parse. */
function impliedErrors(controller: Function, name: string, fn: Function): ErrorCode[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { pipes?: unknown[] }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, name) ?? []) as unknown[];
  const out: ErrorCode[] = [];
  let validated = false;
  for (const [key, arg] of Object.entries(args)) {
    const kind = Number(key.split(':')[0]) as RouteParamtypes;
    const index = Number(key.split(':')[1]);
    const dto = typeof types[index] === 'function' && ![String, Number, Object, Boolean].includes(types[index] as never);
    if ((kind === RouteParamtypes.BODY || kind === RouteParamtypes.QUERY) && dto) validated = true;
    if (kind === RouteParamtypes.PARAM && (arg.pipes?.length ?? 0) > 0) validated = true;
  }
  if (validated) out.push(CommonErrors.validation);
  const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod;
  if (method !== RequestMethod.GET && method !== RequestMethod.HEAD) out.push(MALFORMED_BODY);
  return out;
}

const applied = new WeakSet<Function>();

/**
 * Writes each route's error responses into its OpenAPI metadata, before the document is built: per status, the
 * codes (an enum on ErrorBody's `code`) and what they mean, plus a `default` response for errors any route may
 * answer. Idempotent.
 */
export function applyErrorResponses(controllers: Iterable<Function>): void {
  for (const controller of controllers) {
    if (applied.has(controller)) continue;
    applied.add(controller);
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = proto[name];
      if (name === 'constructor' || typeof fn !== 'function' || Reflect.getMetadata(METHOD_METADATA, fn) === undefined) continue;
      const groups: ErrorGroups = {
        ...((Reflect.getMetadata(API_ERRORS, controller) as ErrorGroups | undefined) ?? {}),
        ...((Reflect.getMetadata(API_ERRORS, fn) as ErrorGroups | undefined) ?? {}),
      };
      const errors = [...impliedErrors(controller, name, fn), ...Object.values(groups).flat()];
      const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
      for (const [status, codes] of byStatus(errors)) {
        ApiResponse({
          status,
          description: [...codes]
            .map(([code, messages]) => `\`${code}\`${messages.size ? `: ${[...messages].join('; ')}` : ''}`)
            .join('  \n'),
          schema: {
            allOf: [
              { $ref: getSchemaPath(ErrorBody) },
              { type: 'object', properties: { code: { type: 'string', enum: [...codes.keys()] } } },
            ],
          },
        })(proto, name, descriptor);
      }
      ApiDefaultResponse({ description: OTHER_ERRORS, type: ErrorBody })(proto, name, descriptor);
    }
  }
}

/** status -> code -> the fixed messages of its definitions, in status and first-mention order. */
function byStatus(errors: ErrorCode[]): [number, Map<string, Set<string>>][] {
  const out = new Map<number, Map<string, Set<string>>>();
  for (const e of errors) {
    const codes = out.get(e.status) ?? new Map<string, Set<string>>();
    out.set(e.status, codes);
    const messages = codes.get(e.code) ?? new Set<string>();
    codes.set(e.code, messages);
    if (e.fixedMessage) messages.add(e.fixedMessage);
  }
  // A route that documents a 503 of its own replaces the default response for that status, and any route may also
  // answer DATABASE_UNAVAILABLE (error-body.ts): keep it in that status's codes.
  const unavailable = out.get(503);
  if (unavailable && !unavailable.has('DATABASE_UNAVAILABLE')) {
    unavailable.set('DATABASE_UNAVAILABLE', new Set(['The database is not answering: retry shortly']));
  }
  return [...out].sort(([a], [b]) => a - b);
}

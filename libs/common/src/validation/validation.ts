import { type ArgumentMetadata, Injectable, type PipeTransform, type Type, type ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { AppException, CommonErrors, FieldError } from '../errors/app-exception';

export const MAX_ID = 2_147_483_647;

/** Flattens class-validator's tree into `items[0].quantity`-style field names. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent === '' ? e.property : /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    if (e.constraints) {
      const messages = Object.entries(e.constraints).map(([key, text]) =>
        key === 'whitelistValidation' ? `${field} is not an allowed field` : text,
      );
      out.push({ field: field || 'body', errors: messages });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * Route params stay raw strings for their own pipes (IdPipe): the default primitive conversion
 * would turn "1e3" into 1000 and " 7" into 7 before anyone could refuse them.
 */
class AppValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }

  /** No body at all reads as `{}`; an explicit JSON `null` is a wrong type like any other non-object. */
  protected override toEmptyIfNil<T = unknown, R = T>(value: unknown, metatype: Type<unknown> | object): R | object | string {
    if (value === null) throw CommonErrors.field('body', 'body must be a JSON object');
    return super.toEmptyIfNil<T, R>(value, metatype);
  }
}

/** A class's validation rules as class-validator keeps them (opaque here). */
type Rules = readonly object[];
type RulesLookup = (target: Function, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => Rules;
const MEMOIZED = Symbol('wxmall.memoizedValidationRules');

/**
 * class-validator finds a DTO's rules (its own and inherited) by testing `instanceof` against every class that has
 * rules, on every validation: with this app's few hundred DTOs that was the largest part of validating a small body
 * (`POST /cart/items`, docs/benchmark.md). The answer only changes when a rule is added, so it is kept per class and
 * options until then (rules are added while modules load; mapped types add theirs through the same methods).
 */
export function memoizeValidationRules(): void {
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas: RulesLookup;
    addValidationMetadata(m: unknown): void;
    addConstraintMetadata(m: unknown): void;
    [MEMOIZED]?: true;
  };
  if (storage[MEMOIZED]) return;
  storage[MEMOIZED] = true;
  let known = new Map<Function, Map<string, Rules>>();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${groups?.join('\u0000') ?? ''}`;
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map<string, Rules>()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
  for (const add of ['addValidationMetadata', 'addConstraintMetadata'] as const) {
    const original = storage[add].bind(storage);
    storage[add] = (m) => {
      known = new Map();
      original(m);
    };
  }
}

/** Whitelist + forbid unknown fields + transform; failures become 400 VALIDATION_FAILED naming the fields. */
export function createValidationPipe(): ValidationPipe {
  memoizeValidationRules();
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]): AppException => {
      const fields = flattenValidationErrors(errors);
      return CommonErrors.validation(fields.length > 0 ? fields : [{ field: 'body', errors: ['must be a JSON object'] }]);
    },
  });
}

/** `@Param('id', IdPipe)`: a positive 32-bit integer, else 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const field = metadata.data ?? 'id';
    if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > MAX_ID) {
      throw CommonErrors.field(field, `${field} must be a positive integer`);
    }
    return Number(value);
  }
}

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

type ValidationMetadatas = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>;
let rulesMemoized = false;

/**
 * class-validator looks up a class's rules on every validation of an object of it (and Nest's pipe once more to look
 * for binary values): its own, then those of every class it has rules for, each tested for being an ancestor, a scan
 * of every DTO of the app per object validated (2.5% of order creation's CPU). The answer only changes when rules are
 * added (classes are decorated as they load), so it is kept per class and options until then.
 */
export function memoizeValidationRules(): void {
  if (rulesMemoized) return;
  rulesMemoized = true;
  const storage = getMetadataStorage();
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let known = new Map<unknown, Map<string, ValidationMetadatas>>();
  storage.addValidationMetadata = (metadata) => {
    known = new Map();
    addRule(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${String(schema)}|${always}|${strictGroups}|${groups === undefined ? '' : JSON.stringify(groups)}`;
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map<string, ValidationMetadatas>()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
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

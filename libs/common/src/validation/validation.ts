import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Whitelist + forbid unknown fields + transform; failures become 400 VALIDATION_FAILED naming the fields. */
export function createValidationPipe(): ValidationPipe {
  return new BodyValidationPipe({
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

/** Nest turns a `null` JSON body into `{}` (a PATCH would then succeed as a no-op): a body must be an object. */
class BodyValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === null) throw CommonErrors.validation([{ field: 'body', errors: ['must be a JSON object'] }]);
    return super.transform(value, metadata);
  }
}

/** `@Param('id', IdPipe)`: a positive 32-bit integer, else 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string | number, metadata: ArgumentMetadata): number {
    const field = metadata.data ?? 'id';
    // The global ValidationPipe (transform: true) runs first and has already turned a `number`-typed param into a
    // number ("abc" -> NaN), so both forms arrive here.
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text) || Number(text) > MAX_ID) {
      throw CommonErrors.field(field, `${field} must be a positive integer`);
    }
    return Number(text);
  }
}

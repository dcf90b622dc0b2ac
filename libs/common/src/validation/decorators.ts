import { applyDecorators, type Type } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- PartialDto below is the one wrapper of PartialType
import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform, Type as TransformType } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { MAX_ID } from './validation';
import { MAX_FEN } from '../money';

/**
 * The convention for optional fields (every DTO uses it; ESLint keeps class-validator's IsOptional out):
 * absent means "not given"; present means a valid value. A JSON `null` is refused with 400 naming the field
 * (IsOptional would let it through to a NOT NULL column), unless the field is `@Clearable()`.
 */
export function Optional(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: '$property must not be null (omit it to leave it unset)' }),
  );
}

/**
 * An optional field where `null` means "clear it" (no end date, no parent, unbind): absent or null skip the
 * other validators. The OpenAPI document marks it `nullable`, which is how clients (and the bad-input sweep)
 * know which fields take null.
 */
export function Clearable(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null),
    ApiProperty({ required: false, nullable: true }),
  );
}

/** PartialType that keeps the convention: every field becomes optional, and null stays refused unless the field is clearable. */
export function PartialDto<T>(classRef: Type<T>): Type<Partial<T>> {
  return PartialType(classRef, { skipNullProperties: false });
}

/**
 * A nested DTO: a JSON object validated as `type`; `{ each: true }` for a list of them. (ValidateNested alone
 * takes an array where an object belongs, and an array inside a list, and checks only their elements.)
 */
export function IsNested(type: () => Function, opts?: { each?: boolean }): PropertyDecorator {
  return applyDecorators(IsObject(opts), ValidateNested(opts), TransformType(type));
}

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A trimmed string of bounded length. Every string field gets one: huge strings are a 400, not a DB error. */
export function IsText(min: number, max: number): PropertyDecorator {
  return applyDecorators(trim, IsString(), MinLength(min), MaxLength(max));
}

/** A positive row id (body field); `{ each: true }` for arrays of ids. */
export function IsId(opts?: ValidationOptions): PropertyDecorator {
  return applyDecorators(IsInt(opts), Min(1, opts), Max(MAX_ID, opts));
}

/** Integer fen within [min, MAX_FEN]. */
export function IsFen(min = 0): PropertyDecorator {
  return applyDecorators(IsInt(), Min(min), Max(MAX_FEN));
}

/** Query-string numbers arrive as text: `?page=` means absent (not 0); "abc" becomes NaN and fails validation. */
export const ToQueryNumber = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    value === '' || value === undefined ? undefined : typeof value === 'string' ? Number(value) : value,
  );

/** An integer query parameter within [min, max]; optional unless `required`. */
export function IsQueryInt(min: number, max: number, opts: { required?: boolean } = {}): PropertyDecorator {
  const checks = [ToQueryNumber(), IsInt(), Min(min), Max(max)];
  return applyDecorators(...(opts.required ? checks : [Optional(), ...checks]));
}

/** Query-string id (a filter, or with `required` a mandatory parameter). */
export function IsQueryId(opts: { required?: boolean } = {}): PropertyDecorator {
  return IsQueryInt(1, MAX_ID, opts);
}

/** An image: an http(s) URL or a WeChat cloud file id (cloud://...); `{ each: true }` for lists. */
export function IsImageRef(opts?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    trim,
    IsString(opts),
    MaxLength(512, opts),
    Matches(/^(https?:\/\/[^\s]+|cloud:\/\/[^\s]+)$/, { ...opts, message: '$property must be an http(s) URL or a cloud:// file id' }),
  );
}

/** Mainland mobile or landline number as typed by people (digits, +, -, spaces). */
export function IsPhone(): PropertyDecorator {
  return applyDecorators(trim, IsString(), Matches(/^\+?[0-9][0-9 -]{4,18}[0-9]$/, { message: '$property must be a phone number' }));
}

/** A parcel tracking number. */
export function IsTrackingNo(): PropertyDecorator {
  return applyDecorators(IsText(4, 64), Matches(/^[A-Za-z0-9-]+$/, { message: '$property may contain letters, digits and - only' }));
}

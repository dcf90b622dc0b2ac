import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Optional } from '@app/common';

const trimEach = Transform(({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim() : v)) : value,
);

/** A list of trimmed strings, each of bounded length, with a bounded number of items. */
export function IsTextList(minItems: number, maxItems: number, minLength: number, maxLength: number): PropertyDecorator {
  return applyDecorators(
    trimEach,
    IsArray(),
    ArrayMinSize(minItems),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MinLength(minLength, { each: true }),
    MaxLength(maxLength, { each: true }),
  );
}

/** A list of image references (http(s) URLs or cloud:// file ids). */
export function IsImageList(maxItems: number): PropertyDecorator {
  return applyDecorators(
    trimEach,
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MaxLength(512, { each: true }),
    // Same rule as IsImageRef (@app/common), per item.
    Matches(/^(https?:\/\/[^\s]+|cloud:\/\/[^\s]+)$/, {
      each: true,
      message: 'each of $property must be an http(s) URL or a cloud:// file id',
    }),
  );
}

/** An optional display order (ascending among siblings). */
export function IsSort(): PropertyDecorator {
  return applyDecorators(Optional(), IsInt(), Min(-1_000_000), Max(1_000_000));
}

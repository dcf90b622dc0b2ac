import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { IsQueryInt, Optional } from './validation/decorators';

export const MAX_PAGE_SIZE = 100;

/** `?page=1&pageSize=20`, pageSize <= 100. Extend it for list filters. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsQueryInt(1, 100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsQueryInt(1, MAX_PAGE_SIZE)
  pageSize?: number;
}

/** A page of a list filtered by a time range: `?from&to` (ISO 8601, from inclusive, to exclusive). */
export class TimeRangePageQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'At or after (ISO 8601).' })
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before (ISO 8601).' })
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The response class of a list of `item`s, for the OpenAPI document: `export class OrderPage extends PageOf(OrderView) {}`
 * (named by the subclass).
 */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({ description: 'Items matching the filters, on every page.' })
    total!: number;

    @ApiProperty()
    page!: number;

    @ApiProperty()
    pageSize!: number;
  }
  return PageOfItems;
}

export function pageParams(q: PageQuery): { page: number; pageSize: number; offset: number } {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

export function toPage<T>(items: T[], total: number, q: PageQuery): Page<T> {
  const { page, pageSize } = pageParams(q);
  return { items, total, page, pageSize };
}

import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, Matches, Max, Min } from 'class-validator';
import {
  Clearable,
  IsId,
  IsImageRef,
  IsNested,
  IsPhone,
  IsText,
  MAX_ID,
  Optional,
  PageQuery,
  PartialDto,
  ToQueryNumber,
} from '@app/common';
import { LINK_TYPES, type LinkType } from '../link';
import { IsSort } from './validators';

export class LinkDto {
  @IsIn(LINK_TYPES)
  type!: LinkType;

  /** Product id (type product) or category id (type category). */
  @Clearable()
  @IsId()
  id?: number | null;

  /** An http(s) URL or a mini program page path such as /pages/goods/list/index (type url). */
  @Clearable()
  @IsText(1, 512)
  @Matches(/^(https?:\/\/\S+|\/\S+)$/, { message: 'url must be an http(s) URL or a page path starting with /' })
  url?: string | null;
}

class SortedDto {
  /** Ascending display order. */
  @IsSort()
  sort?: number;

  @Optional()
  @IsBoolean()
  isActive?: boolean;

  /** ISO 8601; shown from this instant (null = no start). */
  @Clearable()
  @IsISO8601({ strict: true })
  startsAt?: string | null;

  /** ISO 8601; hidden from this instant (null = no end). */
  @Clearable()
  @IsISO8601({ strict: true })
  endsAt?: string | null;

  /** Defaults to no link. */
  @Optional()
  @IsNested(() => LinkDto)
  link?: LinkDto;
}

export class CreateBannerDto extends SortedDto {
  @Optional()
  @IsText(0, 64)
  title?: string;

  @IsImageRef()
  image!: string;
}

export class UpdateBannerDto extends PartialDto(CreateBannerDto) {}

export class CreateHomeSectionDto extends SortedDto {
  @IsText(1, 32)
  title!: string;

  @Optional()
  @IsText(0, 64)
  subtitle?: string;

  @Clearable()
  @IsImageRef()
  image?: string | null;

  /** Products in display order (up to 20). */
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_ID, { each: true })
  productIds!: number[];
}

export class UpdateHomeSectionDto extends PartialDto(CreateHomeSectionDto) {}

export class CreateStoreDto {
  @IsText(1, 64)
  name!: string;

  @IsText(1, 32)
  province!: string;

  @IsText(1, 32)
  city!: string;

  @IsText(1, 32)
  district!: string;

  @IsText(1, 200)
  address!: string;

  /** GCJ-02 latitude, 6 decimals at most. */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(-90)
  @Max(90)
  latitude!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(-180)
  @Max(180)
  longitude!: number;

  @Optional()
  @IsPhone()
  phone?: string;

  /** e.g. 10:00-22:00 */
  @Optional()
  @IsText(0, 64)
  businessHours?: string;

  @Optional()
  @IsIn(['active', 'inactive'])
  status?: 'active' | 'inactive';

  /** Ascending display order. */
  @IsSort()
  sort?: number;

  /** Shoppers may collect orders here (pick-up at checkout). Default false. */
  @Optional()
  @IsBoolean()
  pickupEnabled?: boolean;

  /** Pick-up hours, e.g. 10:00-21:00. */
  @Optional()
  @IsText(0, 64)
  pickupHours?: string;

  /** Minutes needed to prepare an order for pick-up. */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10_080)
  pickupPrepMinutes?: number;
}

export class UpdateStoreDto extends PartialDto(CreateStoreDto) {}

export class StoreQuery extends PageQuery {
  /** Your latitude (send with lng): stores come nearest first, with distanceMeters. */
  @Optional()
  @ToQueryNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;

  @Optional()
  @ToQueryNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng?: number;
}

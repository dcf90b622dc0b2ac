import { IsInt, Matches, Max, Min } from 'class-validator';
import { Clearable, IsText } from '@app/common';

/**
 * A change of the shop's settings: a field present sets it, `null` returns it to the environment's default, a field
 * absent stays as it is. Bounds are those of the environment keys.
 */
export class UpdateSettingsDto {
  /** Flat shipping fee (fen). */
  @Clearable()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  shippingFee?: number | null;

  /** Orders at or above this items total ship free (fen). */
  @Clearable()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  freeShippingThreshold?: number | null;

  /** Minutes an order waits for payment (applies to orders created afterwards). */
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(1440)
  orderPayMinutes?: number | null;

  /** Days after shipping an order completes by itself. */
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(90)
  orderAutoConfirmDays?: number | null;

  /** Days after completion a buyer may still apply for after-sale. */
  @Clearable()
  @IsInt()
  @Min(0)
  @Max(365)
  afterSaleDays?: number | null;

  /** Days a buyer has to send goods back once a return is approved. */
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(60)
  returnShipDays?: number | null;

  /** Stock at or below which a SKU counts as low. */
  @Clearable()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  lowStockThreshold?: number | null;

  @Clearable()
  @IsText(1, 32)
  @Matches(/^[0-9+\-() ]+$/, { message: 'customerServicePhone may contain digits, spaces and + - ( ) only' })
  customerServicePhone?: string | null;

  /** Free text, e.g. "每天 9:00-21:00". */
  @Clearable()
  @IsText(1, 64)
  customerServiceHours?: string | null;
}

export class ShopSettingsView {
  shippingFee!: number;
  freeShippingThreshold!: number;
  orderPayMinutes!: number;
  orderAutoConfirmDays!: number;
  afterSaleDays!: number;
  returnShipDays!: number;
  lowStockThreshold!: number;
  customerServicePhone!: string;
  customerServiceHours!: string;
}

export class AdminSettingsView {
  /** What the shop uses now. */
  values!: ShopSettingsView;
  /** The environment's values, used where no value is stored. */
  defaults!: ShopSettingsView;
  /** Settings an owner has set (the others follow the environment). */
  overridden!: string[];
  /** Grows with every change. */
  version!: number;
  updatedBy!: number | null;
  updatedAt!: string | null;
}

/** What shoppers may see: the shipping rule and how to reach customer service. */
export class PublicShopSettingsView {
  shippingFee!: number;
  freeShippingThreshold!: number;
  customerServicePhone!: string;
  customerServiceHours!: string;
}

import type { AppConfig } from '@app/config';

/** What the shop decides at run time (issue 18). Money in fen, clocks in minutes or days. */
export interface ShopSettings {
  readonly shippingFee: number;
  readonly freeShippingThreshold: number;
  readonly orderPayMinutes: number;
  readonly orderAutoConfirmDays: number;
  readonly afterSaleDays: number;
  readonly returnShipDays: number;
  readonly lowStockThreshold: number;
  readonly customerServicePhone: string;
  readonly customerServiceHours: string;
}

export const SETTING_KEYS = [
  'shippingFee',
  'freeShippingThreshold',
  'orderPayMinutes',
  'orderAutoConfirmDays',
  'afterSaleDays',
  'returnShipDays',
  'lowStockThreshold',
  'customerServicePhone',
  'customerServiceHours',
] as const satisfies readonly (keyof ShopSettings)[];
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The environment's values: what a setting is until an owner changes it (and again when it is cleared). */
export function envDefaults(config: AppConfig): ShopSettings {
  const b = config.business;
  return Object.freeze(Object.fromEntries(SETTING_KEYS.map((k) => [k, b[k]])) as unknown as ShopSettings);
}

/** The effective settings: each stored value, or the default where none is stored. */
export function effective(defaults: ShopSettings, stored: Partial<Record<SettingKey, number | string | null>> | null): ShopSettings {
  return Object.freeze(Object.fromEntries(SETTING_KEYS.map((k) => [k, stored?.[k] ?? defaults[k]])) as unknown as ShopSettings);
}

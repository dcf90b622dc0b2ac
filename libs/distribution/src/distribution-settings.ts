import type { WithdrawalChannel } from './distribution-state';

export const BINDING_MODES = ['first_share', 'latest_share', 'first_login'] as const;
/**
 * first_share: the first share binds for good (until the binding expires); latest_share: every share rebinds;
 * first_login: only a shopper who has just registered (within `firstLoginMinutes`) and never was bound is bound.
 */
export type BindingMode = (typeof BINDING_MODES)[number];

/** issue 17 "Settings": editable by owners at runtime, every change audited. */
export interface DistributionSettings {
  enabled: boolean;
  /** false: every shopper may promote; true: applicants wait for an operator's approval. */
  promoterApproval: boolean;
  bindingMode: BindingMode;
  /** How long a binding lasts; 0 = for good. */
  bindingDays: number;
  firstLoginMinutes: number;
  /** Basis points of the item's paid amount. */
  level1RateBp: number;
  level2RateBp: number;
  /** Whether a promoter's own purchases earn them level 1 (and their promoter level 2). */
  selfPurchase: boolean;
  /** Days after completion before commissions settle; null = the after-sale window (AFTER_SALE_DAYS). */
  freezeDays: number | null;
  withdrawMin: number;
  withdrawMax: number;
  withdrawDailyCount: number;
  /** Fee in basis points of the amount, floored. */
  withdrawFeeBp: number;
  channels: WithdrawalChannel[];
  /** The mini program page a share code opens (wxacode.getUnlimited `page`). */
  sharePage: string;
  /** The mini program version share codes open: release (the page must be published), trial or develop. */
  shareEnvVersion: ShareEnvVersion;
}

export const SHARE_ENV_VERSIONS = ['release', 'trial', 'develop'] as const;
export type ShareEnvVersion = (typeof SHARE_ENV_VERSIONS)[number];

export const DEFAULT_DISTRIBUTION_SETTINGS: Readonly<DistributionSettings> = Object.freeze<DistributionSettings>({
  enabled: false,
  promoterApproval: true,
  bindingMode: 'first_share',
  bindingDays: 0,
  firstLoginMinutes: 30,
  level1RateBp: 1000,
  level2RateBp: 500,
  selfPurchase: false,
  freezeDays: null,
  withdrawMin: 100,
  withdrawMax: 200_000,
  withdrawDailyCount: 3,
  withdrawFeeBp: 0,
  channels: ['wechat'] as WithdrawalChannel[],
  sharePage: 'pages/index/index',
  shareEnvVersion: 'release',
});

/** The fee of a withdrawal of `amount` fen. */
export function withdrawalFee(s: Pick<DistributionSettings, 'withdrawFeeBp'>, amount: number): number {
  return Math.floor((amount * s.withdrawFeeBp) / 10_000);
}

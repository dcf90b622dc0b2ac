import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';
import { Clearable, MAX_FEN, IsFen, IsId, IsQueryId, IsQueryInt, IsText, Optional, PageQuery } from '@app/common';
import { COMMISSION_RULE_MODES, type CommissionRuleMode } from '../commission.entity';
import { BINDING_MODES, type BindingMode, SHARE_ENV_VERSIONS, type ShareEnvVersion } from '../distribution-settings';
import {
  COMMISSION_STATUSES,
  type CommissionStatus,
  PROMOTER_STATUSES,
  type PromoterStatus,
  WITHDRAWAL_CHANNELS,
  WITHDRAWAL_STATUSES,
  type WithdrawalChannel,
  type WithdrawalStatus,
} from '../distribution-state';

export class BindDto {
  /** The promoter code a share carried (page query or mini program code `scene`). */
  @Matches(/^[A-Za-z0-9]{4,16}$/, { message: 'code must be 4-16 letters or digits' })
  code!: string;
}

export class ApplyPromoterDto {
  @Optional()
  @IsText(0, 200)
  note?: string;
}

export class UpdateDistributionSettingsDto {
  /** Why (kept in the audit). */
  @IsText(1, 200)
  reason!: string;

  /** The version read; a change since then is refused (409). */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  version?: number;

  @Optional()
  @IsBoolean()
  enabled?: boolean;

  @Optional()
  @IsBoolean()
  promoterApproval?: boolean;

  @Optional()
  @IsIn(BINDING_MODES)
  bindingMode?: BindingMode;

  /** 0 = for good. */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(3650)
  bindingDays?: number;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(10_080)
  firstLoginMinutes?: number;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(5000)
  level1RateBp?: number;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(5000)
  level2RateBp?: number;

  @Optional()
  @IsBoolean()
  selfPurchase?: boolean;

  /** null = the after-sale window. */
  @Clearable()
  @IsInt()
  @Min(0)
  @Max(365)
  freezeDays?: number | null;

  @Optional()
  @IsFen(1)
  withdrawMin?: number;

  @Optional()
  @IsFen(1)
  withdrawMax?: number;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  withdrawDailyCount?: number;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(5000)
  withdrawFeeBp?: number;

  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(WITHDRAWAL_CHANNELS, { each: true })
  channels?: WithdrawalChannel[];

  @Optional()
  @Matches(/^(?=.{1,120}$)[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, {
    message: 'sharePage must be a mini program page path like pages/index/index (no leading slash, no query)',
  })
  sharePage?: string;

  /** The mini program version share codes open (release: the page must be published). */
  @Optional()
  @IsIn(SHARE_ENV_VERSIONS)
  shareEnvVersion?: ShareEnvVersion;
}

export class CommissionRuleDto {
  @IsId()
  productId!: number;

  /** 0 = the whole product. */
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  skuId!: number;

  @IsIn(COMMISSION_RULE_MODES)
  mode!: CommissionRuleMode;

  /** Basis points (rate, at most 5000) or fen per unit (fixed). */
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  level1!: number;

  @IsInt()
  @Min(0)
  @Max(100_000_000)
  level2!: number;

  @IsText(1, 200)
  reason!: string;
}

export class CommissionRuleQuery {
  @IsQueryId()
  productId?: number;
}

export class DeleteCommissionRuleQuery {
  /** The SKU whose override goes; omitted or 0: the product's. */
  @IsQueryInt(0, 2_147_483_647)
  skuId?: number;
}

export class PromoterDecisionDto {
  @IsText(1, 200)
  reason!: string;
}

export class ChangeBindingDto {
  /** The new promoter; null unbinds. */
  @Clearable()
  @IsId()
  promoterId!: number | null;

  @IsText(1, 200)
  reason!: string;
}

export class AdminPromoterQuery extends PageQuery {
  @Optional()
  @IsIn(PROMOTER_STATUSES)
  status?: PromoterStatus;

  /** A promoter code (exact). */
  @Optional()
  @Matches(/^[A-Za-z0-9]{1,16}$/, { message: 'code must be letters or digits' })
  code?: string;

  @IsQueryId()
  userId?: number;

  /**
   * Part of the shopper's nickname: promoters whose nickname contains it (case-insensitive; `%` and `_` match
   * themselves). Searched through the promoter list, each promoter's shopper by primary key.
   */
  @Optional()
  @IsText(1, 32)
  keyword?: string;
}

export class AdminBindingQuery extends PageQuery {
  @IsQueryId()
  promoterId?: number;

  @IsQueryId()
  userId?: number;
}

export class CommissionQuery extends PageQuery {
  @Optional()
  @IsIn(COMMISSION_STATUSES)
  status?: CommissionStatus;
}

export class AdminCommissionQuery extends CommissionQuery {
  @IsQueryId()
  promoterId?: number;

  @IsQueryId()
  orderId?: number;

  /** Created at or after (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Created before (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ApplyWithdrawalDto {
  @IsFen(1)
  amount!: number;

  @IsIn(WITHDRAWAL_CHANNELS)
  channel!: WithdrawalChannel;

  /**
   * The promoter's real name as verified by WeChat: required for a WeChat withdrawal paying out 2,000 yuan or more
   * (the quote's `realNameRequired`), ignored otherwise.
   */
  @Optional()
  @IsText(1, 64)
  realName?: string;
}

export class WithdrawalQuoteQuery {
  @IsQueryInt(1, MAX_FEN, { required: true })
  amount!: number;
}

export class WithdrawalQuery extends PageQuery {
  @Optional()
  @IsIn(WITHDRAWAL_STATUSES)
  status?: WithdrawalStatus;
}

export class AdminWithdrawalQuery extends WithdrawalQuery {
  @IsQueryId()
  promoterId?: number;
}

export class RejectWithdrawalDto {
  @IsText(1, 200)
  reason!: string;
}

export class MarkWithdrawalPaidDto {
  /** The payout's reference outside (bank or transfer number). */
  @IsText(1, 128)
  reference!: string;
}

export class ReportQuery {
  /** Period start (ISO 8601, inclusive). */
  @IsISO8601({ strict: true })
  from!: string;

  /** Period end (ISO 8601, exclusive). */
  @IsISO8601({ strict: true })
  to!: string;

  @IsQueryId()
  promoterId?: number;
}

export class TeamQuery extends PageQuery {
  /** 1: shoppers bound to the promoter; 2: shoppers bound to the promoter's level-1 members. */
  @IsQueryInt(1, 2)
  level?: number;
}

import { PageOf } from '@app/common';
import type { CommissionRuleMode } from '../commission.entity';
import type { BindingMode, ShareEnvVersion } from '../distribution-settings';
import type { CommissionStatus, PromoterStatus, WithdrawalChannel, WithdrawalStatus } from '../distribution-state';

export class DistributionSettingsView {
  enabled!: boolean;
  promoterApproval!: boolean;
  bindingMode!: BindingMode;
  bindingDays!: number;
  firstLoginMinutes!: number;
  level1RateBp!: number;
  level2RateBp!: number;
  selfPurchase!: boolean;
  freezeDays!: number | null;
  /** The freeze in force (freezeDays, or the after-sale window). */
  effectiveFreezeDays!: number;
  withdrawMin!: number;
  withdrawMax!: number;
  withdrawDailyCount!: number;
  withdrawFeeBp!: number;
  channels!: WithdrawalChannel[];
  sharePage!: string;
  shareEnvVersion!: ShareEnvVersion;
  version!: number;
  updatedAt!: string | null;
}

export class SettingsChangeView {
  id!: number;
  adminId!: number;
  reason!: string;
  version!: number;
  /** The stored document before and after the change (as JSON text). */
  before!: string;
  after!: string;
  createdAt!: string;
}
export class SettingsChangePage extends PageOf(SettingsChangeView) {}

export class BalancesView {
  frozen!: number;
  /** May be negative after a clawback. */
  withdrawable!: number;
  withdrawing!: number;
  withdrawn!: number;
  totalEarned!: number;
}

export class PromoterView {
  id!: number;
  code!: string;
  status!: PromoterStatus;
  balances!: BalancesView;
  createdAt!: string;
  approvedAt!: string | null;
}

export class AdminPromoterView extends PromoterView {
  userId!: number;
  nickname!: string;
  note!: string;
  /** Level-1 members (shoppers bound now). */
  memberCount!: number;
}
export class AdminPromoterPage extends PageOf(AdminPromoterView) {}

export class BindingView {
  promoterId!: number | null;
  boundAt!: string | null;
  expiresAt!: string | null;
}

export class BindResultView extends BindingView {
  /** bound, rebound, renewed (same promoter, validity restarted), already_bound or not_first_login (nothing changed). */
  outcome!: string;
}

export class DistributionCenterView {
  enabled!: boolean;
  /** Whether applying needs an operator's approval. */
  promoterApproval!: boolean;
  promoter!: PromoterView | null;
  binding!: BindingView | null;
}

export class AdminBindingView {
  userId!: number;
  promoterId!: number;
  boundAt!: string;
  expiresAt!: string | null;
}
export class AdminBindingPage extends PageOf(AdminBindingView) {}

/** One binding or rebinding of a shopper: from which promoter to which (null: none), who did it and why. */
export class BindingChangeView {
  id!: number;
  fromPromoterId!: number | null;
  toPromoterId!: number | null;
  /** user (a share), admin (an operator's change) or system. */
  actor!: string;
  actorId!: number | null;
  reason!: string;
  createdAt!: string;
}
export class BindingChangePage extends PageOf(BindingChangeView) {}

export class CommissionView {
  id!: number;
  orderId!: number;
  orderItemId!: number;
  title!: string;
  specText!: string;
  image!: string;
  level!: number;
  quantity!: number;
  baseAmount!: number;
  ruleMode!: string;
  ruleValue!: number;
  initialAmount!: number;
  /** What is left after refunds. */
  amount!: number;
  status!: CommissionStatus;
  settledAt!: string | null;
  createdAt!: string;
}
export class CommissionPage extends PageOf(CommissionView) {}

export class AdminCommissionView extends CommissionView {
  promoterId!: number;
  buyerUserId!: number;
}
export class AdminCommissionPage extends PageOf(AdminCommissionView) {}

export class CommissionRuleView {
  productId!: number;
  skuId!: number;
  mode!: CommissionRuleMode;
  level1!: number;
  level2!: number;
  updatedAt!: string;
}

export class LedgerEntryView {
  id!: number;
  type!: string;
  frozenDelta!: number;
  withdrawableDelta!: number;
  withdrawingDelta!: number;
  withdrawnDelta!: number;
  totalDelta!: number;
  refType!: string;
  refId!: number;
  note!: string;
  createdAt!: string;
}
export class LedgerPage extends PageOf(LedgerEntryView) {}

/** What `wx.requestMerchantTransfer` needs while the bill waits for the promoter's confirmation. */
export class TransferConfirmView {
  mchId!: string;
  appId!: string;
  package!: string;
}

export class WithdrawalView {
  id!: number;
  withdrawalNo!: string;
  channel!: WithdrawalChannel;
  amount!: number;
  fee!: number;
  payout!: number;
  status!: WithdrawalStatus;
  transferState!: string | null;
  failReason!: string | null;
  rejectReason!: string | null;
  transfer!: TransferConfirmView | null;
  createdAt!: string;
  finishedAt!: string | null;
}
export class WithdrawalPage extends PageOf(WithdrawalView) {}

export class AdminWithdrawalView extends WithdrawalView {
  promoterId!: number;
  userId!: number;
  attempt!: number;
  outBillNo!: string;
  /** The payee's real name (WeChat transfers of 2,000 yuan or more), masked: first character and asterisks. */
  payeeName!: string | null;
  manualReference!: string | null;
}
export class AdminWithdrawalPage extends PageOf(AdminWithdrawalView) {}

export class WithdrawalQuoteView {
  amount!: number;
  fee!: number;
  payout!: number;
  /** A WeChat withdrawal of this amount needs the promoter's real name (`realName`): 2,000 yuan or more paid out. */
  realNameRequired!: boolean;
  withdrawable!: number;
  min!: number;
  max!: number;
  dailyCount!: number;
  usedToday!: number;
}

export class TeamMemberView {
  /** Masked (first character and asterisks). */
  nickname!: string;
  boundAt!: string;
}
export class TeamMemberPage extends PageOf(TeamMemberView) {}

export class TeamView {
  level1Count!: number;
  level2Count!: number;
  /** The level listed in `members`. */
  level!: number;
  members!: TeamMemberPage;
}

export class AdminTeamMemberView {
  userId!: number;
  /** In full (operators see who they are). */
  nickname!: string;
  boundAt!: string;
}
export class AdminTeamMemberPage extends PageOf(AdminTeamMemberView) {}

export class AdminTeamView {
  level1Count!: number;
  level2Count!: number;
  level!: number;
  members!: AdminTeamMemberPage;
}

export class AttributedOrderView {
  orderId!: number;
  /** The promoter's level on the order (1 or 2). */
  level!: number;
  /** Commission the order earned at payment, fen. */
  earned!: number;
  /** What is left of it after refunds. */
  amount!: number;
  createdAt!: string;
}
export class AttributedOrderPage extends PageOf(AttributedOrderView) {}

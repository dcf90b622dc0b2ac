import type { DistributionBinding, DistributionBindingChange } from '../binding.entity';
import type { CommissionRule, Commission } from '../commission.entity';
import type { DistributionSettings } from '../distribution-settings';
import type { SettingsChangeView as SettingsChangeRow } from '../distribution-settings.service';
import type { Promoter, PromoterLedger } from '../promoter.entity';
import type { BindResult } from '../bindings.service';
import type { Withdrawal } from '../withdrawal.entity';
import type {
  AdminBindingView,
  BindingChangeView,
  BindingView,
  BindResultView,
  CommissionRuleView,
  CommissionView,
  DistributionSettingsView,
  LedgerEntryView,
  PromoterView,
  SettingsChangeView,
  AdminWithdrawalView,
  WithdrawalView,
} from './distribution-view.dto';

export type * from './distribution-view.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The first character and asterisks: a person is shown, not identified (members' nicknames, payees' names). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length === 0 ? '' : `${chars[0]}${'*'.repeat(Math.min(Math.max(chars.length - 1, 1), 2))}`;
}

export function toSettingsView(
  s: DistributionSettings,
  version: number,
  updatedAt: Date | null,
  effectiveFreezeDays: number,
): DistributionSettingsView {
  return { ...s, channels: [...s.channels], effectiveFreezeDays, version, updatedAt: iso(updatedAt) };
}

export function toSettingsChangeView(c: SettingsChangeRow): SettingsChangeView {
  return {
    id: c.id,
    adminId: c.adminId,
    reason: c.reason,
    version: c.version,
    before: JSON.stringify(c.beforeDoc),
    after: JSON.stringify(c.afterDoc),
    createdAt: c.createdAt.toISOString(),
  };
}

export function toPromoterView(p: Promoter): PromoterView {
  return {
    id: p.id,
    code: p.code,
    status: p.status,
    balances: {
      frozen: p.frozen,
      withdrawable: p.withdrawable,
      withdrawing: p.withdrawing,
      withdrawn: p.withdrawn,
      totalEarned: p.totalEarned,
    },
    createdAt: p.createdAt.toISOString(),
    approvedAt: iso(p.approvedAt),
  };
}

export function toBindingView(b: DistributionBinding | null): BindingView | null {
  return b ? { promoterId: b.promoterId, boundAt: b.boundAt.toISOString(), expiresAt: iso(b.expiresAt) } : null;
}

export function toBindResultView(r: BindResult): BindResultView {
  return { outcome: r.outcome, promoterId: r.promoterId, boundAt: iso(r.boundAt), expiresAt: iso(r.expiresAt) };
}

export function toBindingChangeView(c: DistributionBindingChange): BindingChangeView {
  return {
    id: c.id,
    fromPromoterId: c.fromPromoterId,
    toPromoterId: c.toPromoterId,
    actor: c.actor,
    actorId: c.actorId,
    reason: c.reason,
    createdAt: c.createdAt.toISOString(),
  };
}

export function toAdminBindingView(b: DistributionBinding): AdminBindingView {
  return { userId: b.userId, promoterId: b.promoterId, boundAt: b.boundAt.toISOString(), expiresAt: iso(b.expiresAt) };
}

export function toCommissionView(c: Commission, info?: { title: string; specText: string; image: string }): CommissionView {
  return {
    id: c.id,
    orderId: c.orderId,
    orderItemId: c.orderItemId,
    title: info?.title ?? '',
    specText: info?.specText ?? '',
    image: info?.image ?? '',
    level: c.level,
    quantity: c.quantity,
    baseAmount: c.baseAmount,
    ruleMode: c.ruleMode,
    ruleValue: c.ruleValue,
    initialAmount: c.initialAmount,
    amount: c.amount,
    status: c.status,
    settledAt: iso(c.settledAt),
    createdAt: c.createdAt.toISOString(),
  };
}

export function toRuleView(r: CommissionRule): CommissionRuleView {
  return { productId: r.productId, skuId: r.skuId, mode: r.mode, level1: r.level1, level2: r.level2, updatedAt: r.updatedAt.toISOString() };
}

export function toLedgerView(l: PromoterLedger): LedgerEntryView {
  return {
    id: l.id,
    type: l.type,
    frozenDelta: l.frozenDelta,
    withdrawableDelta: l.withdrawableDelta,
    withdrawingDelta: l.withdrawingDelta,
    withdrawnDelta: l.withdrawnDelta,
    totalDelta: l.totalDelta,
    refType: l.refType,
    refId: l.refId,
    note: l.note,
    createdAt: l.createdAt.toISOString(),
  };
}

/** `transfer` carries what wx.requestMerchantTransfer needs while the bill waits for the promoter. */
export function toWithdrawalView(w: Withdrawal, ids: { mchId: string; appId: string } | null): WithdrawalView {
  const waiting = w.status === 'transferring' && w.transferState === 'WAIT_USER_CONFIRM' && w.packageInfo && ids;
  return {
    id: w.id,
    withdrawalNo: w.withdrawalNo,
    channel: w.channel,
    amount: w.amount,
    fee: w.fee,
    payout: w.payout,
    status: w.status,
    transferState: w.transferState,
    failReason: w.failReason,
    rejectReason: w.rejectReason,
    transfer: waiting ? { mchId: ids.mchId, appId: ids.appId, package: w.packageInfo! } : null,
    createdAt: w.createdAt.toISOString(),
    finishedAt: iso(w.finishedAt),
  };
}

export function toAdminWithdrawalView(w: Withdrawal): AdminWithdrawalView {
  return {
    ...toWithdrawalView(w, null),
    promoterId: w.promoterId,
    userId: w.userId,
    attempt: w.attempt,
    outBillNo: w.outBillNo,
    payeeName: w.payeeName ? maskName(w.payeeName) : null,
    manualReference: w.manualReference,
  };
}

import { StateMachine, type TransitionKey } from '@app/common';

export const PROMOTER_STATUSES = ['applied', 'active', 'rejected', 'disabled'] as const;
export type PromoterStatus = (typeof PROMOTER_STATUSES)[number];
export type DistributionActor = 'user' | 'admin' | 'system' | 'wechat';

/** Who may move a promoter: applying (or re-applying) is the shopper's, every decision an operator's. */
export const PROMOTER_TRANSITION_ACTORS: Partial<Record<TransitionKey<PromoterStatus>, readonly DistributionActor[]>> = {
  'applied->active': ['admin'],
  'applied->rejected': ['admin'],
  'rejected->applied': ['user'],
  'active->disabled': ['admin'],
  'disabled->active': ['admin'],
};

export const promoterStates = new StateMachine<PromoterStatus, DistributionActor>(
  'promoter',
  { applied: ['active', 'rejected'], active: ['disabled'], rejected: ['applied'], disabled: ['active'] },
  PROMOTER_TRANSITION_ACTORS,
);

export const COMMISSION_STATUSES = ['frozen', 'settled', 'cancelled'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

export const WITHDRAWAL_STATUSES = ['applied', 'approved', 'transferring', 'succeeded', 'failed', 'rejected', 'cancelled'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];
export const WITHDRAWAL_CHANNELS = ['wechat', 'manual'] as const;
export type WithdrawalChannel = (typeof WITHDRAWAL_CHANNELS)[number];

/**
 * issue 17: applied -> approved -> transferring -> succeeded | failed; applied -> rejected; transferring -> cancelled
 * (the user never confirmed). Besides: a WeChat bill refused for good fails from approved; a manual payout is marked
 * paid from approved; an operator retries a failed transfer (failed -> approved, the money taken again).
 */
export const WITHDRAWAL_TRANSITION_ACTORS: Partial<Record<TransitionKey<WithdrawalStatus>, readonly DistributionActor[]>> = {
  'applied->approved': ['admin'],
  'applied->rejected': ['admin'],
  'approved->transferring': ['system'],
  'approved->failed': ['system'],
  'approved->succeeded': ['admin'], // manual channel: paid outside, reference recorded
  'transferring->succeeded': ['wechat'],
  'transferring->failed': ['wechat'],
  'transferring->cancelled': ['wechat'],
  'failed->approved': ['admin'],
};

export const withdrawalStates = new StateMachine<WithdrawalStatus, DistributionActor>(
  'withdrawal',
  {
    applied: ['approved', 'rejected'],
    approved: ['transferring', 'failed', 'succeeded'],
    transferring: ['succeeded', 'failed', 'cancelled'],
    succeeded: [],
    failed: ['approved'],
    rejected: [],
    cancelled: [],
  },
  WITHDRAWAL_TRANSITION_ACTORS,
);

/** Statuses whose money has gone back to the balance (entered exactly once per attempt). */
export const MONEY_RETURNED: readonly WithdrawalStatus[] = ['failed', 'rejected', 'cancelled'];

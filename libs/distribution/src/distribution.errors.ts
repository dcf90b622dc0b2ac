import { CommonErrors, defineError } from '@app/common';
import type { PromoterStatus, WithdrawalStatus } from './distribution-state';

export const DistributionErrors = {
  disabled: defineError(409, 'DISTRIBUTION_DISABLED', () => 'Distribution is not enabled in this shop'),
  promoterNotFound: CommonErrors.notFound.with('Promoter'),
  codeNotFound: CommonErrors.notFound.with('Promoter code'),
  withdrawalNotFound: CommonErrors.notFound.with('Withdrawal'),
  notPromoter: defineError(409, 'NOT_A_PROMOTER', () => 'You are not an active promoter'),
  promoterInactive: defineError(409, 'PROMOTER_INACTIVE', () => 'This promoter cannot take new members now'),
  alreadyPromoter: defineError(409, 'ALREADY_PROMOTER', (status: PromoterStatus) => ({
    message: `You already are a promoter (${status})`,
    details: { status },
  })),
  selfBinding: defineError(409, 'SELF_BINDING', () => 'A shopper cannot bind to their own promoter code'),
  bindingCycle: defineError(409, 'BINDING_CYCLE', () => 'This binding would put a promoter under their own member'),
  promoterState: defineError(409, 'PROMOTER_STATE_CONFLICT', (status: PromoterStatus, action: string) => ({
    message: `The promoter is ${status}: cannot ${action}`,
    details: { status },
  })),
  settingsConflict: defineError(409, 'SETTINGS_VERSION_CONFLICT', (version: number) => ({
    message: 'The settings changed since you read them',
    details: { version },
  })),
  invalidSettings: CommonErrors.field,
  channelUnavailable: defineError(409, 'WITHDRAWAL_CHANNEL_UNAVAILABLE', (channel: string) => ({
    message: `Withdrawals through ${channel} are not available`,
    details: { channel },
  })),
  amountOutOfBounds: defineError(409, 'WITHDRAWAL_AMOUNT_OUT_OF_BOUNDS', (min: number, max: number) => ({
    message: `A withdrawal must be between ${min} and ${max} fen`,
    details: { min, max },
  })),
  dailyLimit: defineError(409, 'WITHDRAWAL_DAILY_LIMIT', (count: number) => ({
    message: `At most ${count} withdrawals a day`,
    details: { count },
  })),
  insufficientBalance: defineError(409, 'INSUFFICIENT_BALANCE', (withdrawable: number) => ({
    message: 'The withdrawable balance does not cover this amount',
    details: { withdrawable },
  })),
  // The code payments answers when WeChat Pay needs an openid it does not have: one meaning for clients.
  openidRequired: defineError(
    409,
    'WX_OPENID_REQUIRED',
    () => 'A withdrawal to WeChat Pay needs your openid: log in through WeChat (wx.login or the Cloud Hosting gateway)',
  ),
  realNameRequired: defineError(400, 'REAL_NAME_REQUIRED', (minFen: number) => ({
    message: `A WeChat withdrawal paying out ${minFen / 100} yuan or more needs your real name (realName)`,
    details: { field: 'realName', minPayout: minFen },
  })),
  shareCodeUnavailable: defineError(503, 'SHARE_CODE_UNAVAILABLE', () => 'WeChat could not make the share code right now: retry shortly'),
  shareCodeRefused: defineError(502, 'SHARE_CODE_REFUSED', (errcode: number, hint: string) => ({
    message: `WeChat refused to make the share code (errcode ${errcode})${hint ? `: ${hint}` : ''}`,
    details: { errcode },
  })),
  withdrawalState: defineError(409, 'WITHDRAWAL_STATE_CONFLICT', (status: WithdrawalStatus, action: string) => ({
    message: `The withdrawal is ${status}: cannot ${action}`,
    details: { status },
  })),
};

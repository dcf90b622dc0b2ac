import type { WxSuggest } from '@app/wechat';

export type CheckKind = 'text' | 'image';
/** checking: no verdict yet (call pending, retried, or waiting for the push); done: verdict in `suggest`;
 * timed_out: no push in time; failed: WeChat refused the request (e.g. the image could not be fetched). */
export type CheckStatus = 'checking' | 'done' | 'timed_out' | 'failed';
/** wechat: asked WeChat; reused: identical text within the dedupe window; off: CONTENT_SECURITY=off. */
export type CheckSource = 'wechat' | 'reused' | 'off';

/** The verdict over all checks of a piece of content: public only on `pass`. */
export type ContentVerdict = 'pending' | 'pass' | 'review' | 'risky';

/** msgSecCheck / mediaCheckAsync scenes by kind of content. */
export const SCENE = { profile: 1, comment: 2 } as const;

/**
 * Any risky check makes the content risky; any check still waiting keeps it pending; a check that came back
 * `review`, timed out or failed holds it for an operator; all passed (or none needed) publishes it.
 */
export function combineVerdicts(checks: readonly { status: CheckStatus; suggest: WxSuggest | null }[]): ContentVerdict {
  if (checks.some((c) => c.suggest === 'risky')) return 'risky';
  if (checks.some((c) => c.status === 'checking')) return 'pending';
  if (checks.some((c) => c.status !== 'done' || c.suggest !== 'pass')) return 'review';
  return 'pass';
}

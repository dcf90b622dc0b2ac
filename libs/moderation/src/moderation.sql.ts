import { statusStep } from '@app/database';
import type { ContentCheck } from './content-check.entity';

/*
 * moderation's hand-written statements: the steps of a content check (docs/decisions.md, "When SQL is written by
 * hand"), conditional on the status they leave so a duplicate push or a racing sweep changes nothing twice.
 */
export const CHECK_STEPS = {
  /** WeChat's verdict (msgSecCheck answer, or the pushed mediaCheckAsync result). */
  verdict: statusStep<ContentCheck, 'suggest' | 'label' | 'traceId' | 'late' | 'checkedAt'>('content_check', [
    'suggest',
    'label',
    'traceId',
    'late',
    'checkedAt',
  ]),
  /** mediaCheckAsync accepted the image: the trace_id its pushed verdict will carry. */
  submitted: statusStep<ContentCheck, 'traceId'>('content_check', ['traceId']),
  /** No verdict: timed out, or WeChat refused the request. */
  unanswered: statusStep<ContentCheck, 'error' | 'checkedAt'>('content_check', ['error', 'checkedAt']),
};

import { StateMachine, type TransitionKey } from '@app/common';
import type { ContentVerdict } from '@app/moderation';

/**
 * A review's (and a follow-up's) moderation: checking until every content check answered; then passed (public),
 * held (an operator decides: approved or rejected) or rejected (risky). A verdict arriving late still moves a held
 * review; what an operator decided stays.
 */
export const REVIEW_MODERATIONS = ['checking', 'passed', 'held', 'approved', 'rejected'] as const;
export type ReviewModeration = (typeof REVIEW_MODERATIONS)[number];
export type ReviewActor = 'user' | 'admin' | 'system';

export const REVIEW_ACTIONS = ['create', 'follow_up', 'moderation', 'hide', 'show', 'reply', 'pin', 'unpin', 'approve', 'reject'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const REVIEW_TRANSITION_ACTORS: Partial<Record<TransitionKey<ReviewModeration>, readonly ReviewActor[]>> = {
  'checking->passed': ['system'],
  'checking->held': ['system'],
  'checking->rejected': ['system', 'admin'],
  'checking->approved': ['admin'],
  'held->passed': ['system'],
  'held->approved': ['admin'],
  'held->rejected': ['system', 'admin'],
};

export const reviewModeration = new StateMachine<ReviewModeration, ReviewActor>(
  'review moderation',
  {
    checking: ['passed', 'held', 'rejected', 'approved'],
    held: ['passed', 'approved', 'rejected'],
    passed: [],
    approved: [],
    rejected: [],
  },
  REVIEW_TRANSITION_ACTORS,
);

/** The moderation state content checks call for. */
export const MODERATION_BY_VERDICT: Record<ContentVerdict, ReviewModeration> = {
  pending: 'checking',
  pass: 'passed',
  review: 'held',
  risky: 'rejected',
};

export const isPublished = (m: ReviewModeration | null): boolean => m === 'passed' || m === 'approved';

/** The list's grade of a rating: 3 good (4-5 stars), 2 medium (3), 1 bad (1-2). */
export const gradeOf = (rating: number): 1 | 2 | 3 => (rating >= 4 ? 3 : rating === 3 ? 2 : 1);

/** What the buyer and the admin list see of a review's state. */
export const REVIEW_STATUSES = ['published', 'pending', 'held', 'rejected', 'hidden'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export function reviewStatus(r: { moderation: ReviewModeration; hidden: boolean }): ReviewStatus {
  if (r.moderation === 'rejected') return 'rejected';
  if (r.moderation === 'checking') return 'pending';
  if (r.moderation === 'held') return 'held';
  return r.hidden ? 'hidden' : 'published';
}

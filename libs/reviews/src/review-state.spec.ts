import { gradeOf, REVIEW_MODERATIONS, reviewModeration, reviewStatus } from './review-state';

describe('review moderation state machine', () => {
  const legal: Record<string, string[]> = {
    'checking->passed': ['system'],
    'checking->held': ['system'],
    'checking->rejected': ['system', 'admin'],
    'checking->approved': ['admin'],
    'held->passed': ['system'],
    'held->approved': ['admin'],
    'held->rejected': ['system', 'admin'],
  };

  it('walks every (from, to) pair and actor: exactly these transitions, by exactly these actors', () => {
    for (const from of REVIEW_MODERATIONS) {
      for (const to of REVIEW_MODERATIONS) {
        const key = `${from}->${to}`;
        expect([key, reviewModeration.can(from, to)]).toEqual([key, key in legal]);
        for (const actor of ['user', 'admin', 'system'] as const) {
          expect([key, actor, reviewModeration.allows(actor, from, to)]).toEqual([key, actor, (legal[key] ?? []).includes(actor)]);
        }
      }
    }
  });

  it('an operator decision and a final verdict are terminal', () => {
    expect(['passed', 'approved', 'rejected'].every((s) => reviewModeration.isTerminal(s as 'passed'))).toBe(true);
  });

  it('grades and statuses', () => {
    expect([1, 2, 3, 4, 5].map(gradeOf)).toEqual([1, 1, 2, 3, 3]);
    expect(reviewStatus({ moderation: 'approved', hidden: true })).toBe('hidden');
    expect(reviewStatus({ moderation: 'passed', hidden: false })).toBe('published');
    expect(reviewStatus({ moderation: 'held', hidden: false })).toBe('held');
  });
});

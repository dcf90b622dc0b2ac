import { combineVerdicts } from './content-verdict';

describe('combineVerdicts', () => {
  const done = (suggest: 'pass' | 'review' | 'risky') => ({ status: 'done' as const, suggest });
  it('publishes only when every check passed', () => {
    expect(combineVerdicts([])).toBe('pass');
    expect(combineVerdicts([done('pass'), done('pass')])).toBe('pass');
    expect(combineVerdicts([done('pass'), done('review')])).toBe('review');
    expect(combineVerdicts([done('pass'), { status: 'timed_out', suggest: null }])).toBe('review');
    expect(combineVerdicts([done('pass'), { status: 'failed', suggest: null }])).toBe('review');
  });
  it('waits for checks without an answer, unless one is already risky', () => {
    expect(combineVerdicts([done('review'), { status: 'checking', suggest: null }])).toBe('pending');
    expect(combineVerdicts([done('risky'), { status: 'checking', suggest: null }])).toBe('risky');
  });
});

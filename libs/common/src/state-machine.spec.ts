import { StateMachine } from './state-machine';

describe('StateMachine', () => {
  type S = 'a' | 'b' | 'c';
  const table = { a: ['b'], b: ['c'], c: [] } as const satisfies Record<S, readonly S[]>;

  it('refuses an actor table that misses a transition or names one the table does not allow', () => {
    expect(() => new StateMachine<S, 'x'>('m', table, { 'a->b': ['x'] })).toThrow('m: b -> c names no actor');
    expect(() => new StateMachine<S, 'x'>('m', table, { 'a->b': ['x'], 'b->c': ['x'], 'a->c': ['x'] })).toThrow(
      'm: actors named for a->c, which the table does not allow',
    );
  });

  it('allows a transition to the actors named for it, and to no one without an actor table', () => {
    const m = new StateMachine<S, 'x' | 'y'>('m', table, { 'a->b': ['x'], 'b->c': ['x', 'y'] });
    expect([m.allows('x', 'a', 'b'), m.allows('y', 'a', 'b'), m.allows('x', 'a', 'c')]).toEqual([true, false, false]);
    expect(() => m.assertAllowed('y', 'a', 'b', '1')).toThrow('m 1: y may not move a -> b');
    expect(new StateMachine<S>('plain', table).can('a', 'b')).toBe(true);
  });
});

/**
 * A state machine as data: a transition table (`from -> allowed targets`) plus guards. Modules keep
 * their table in `<noun>-state.ts`; writes go through a conditional UPDATE on the expected `from`
 * state, so a lost race is detected instead of overwritten.
 */
export class StateMachine<S extends string> {
  readonly states: readonly S[];

  constructor(
    readonly name: string,
    private readonly table: Readonly<Record<S, readonly S[]>>,
  ) {
    this.states = Object.keys(table) as S[];
    for (const [from, targets] of Object.entries(table) as [S, readonly S[]][]) {
      for (const to of targets) if (!(to in table)) throw new Error(`${name}: ${from} -> ${to} targets an unknown state`);
    }
  }

  can(from: S, to: S): boolean {
    return this.table[from]?.includes(to) ?? false;
  }

  targets(from: S): readonly S[] {
    return this.table[from] ?? [];
  }

  isTerminal(state: S): boolean {
    return this.targets(state).length === 0;
  }

  /** Throws for a transition the table does not allow (a programming error: callers check `can` for user input). */
  assert(from: S, to: S): void {
    if (!this.can(from, to)) throw new Error(`${this.name}: illegal transition ${from} -> ${to}`);
  }
}

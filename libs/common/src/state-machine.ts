/** `from->to`: a transition's key in a machine's actor table. */
export type TransitionKey<S extends string> = `${S}->${S}`;

/**
 * A state machine as data: a transition table (`from -> allowed targets`) plus guards, among them who may cause each
 * transition (the actor table, when the machine has one). Modules keep theirs in `<noun>-state.ts`; writes go through
 * a conditional UPDATE on the expected `from` state (a lost race is detected instead of overwritten), and every
 * change writes an audit row naming the actor and why (orders, after-sale, payments and refunds alike).
 */
export class StateMachine<S extends string, A extends string = never> {
  readonly states: readonly S[];

  constructor(
    readonly name: string,
    private readonly table: Readonly<Record<S, readonly S[]>>,
    private readonly actors?: Readonly<Partial<Record<TransitionKey<S>, readonly A[]>>>,
  ) {
    this.states = Object.keys(table) as S[];
    for (const [from, targets] of Object.entries(table) as [S, readonly S[]][]) {
      for (const to of targets) {
        if (!(to in table)) throw new Error(`${name}: ${from} -> ${to} targets an unknown state`);
        if (actors && !actors[`${from}->${to}`]?.length) throw new Error(`${name}: ${from} -> ${to} names no actor`);
      }
    }
    for (const key of Object.keys(actors ?? {})) {
      const [from, to] = key.split('->') as [S, S];
      if (!this.can(from, to)) throw new Error(`${name}: actors named for ${key}, which the table does not allow`);
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

  /** Whether `actor` may cause from -> to: the table allows it and the actor table names the actor. */
  allows(actor: A, from: S, to: S): boolean {
    return this.can(from, to) && (this.actors?.[`${from}->${to}`]?.includes(actor) ?? false);
  }

  /** The actors that may cause from -> to (none for a transition the table does not allow). */
  actorsOf(from: S, to: S): readonly A[] {
    return this.can(from, to) ? (this.actors?.[`${from}->${to}`] ?? []) : [];
  }

  /** Throws for a transition the table does not allow (a programming error: callers check `can` for user input). */
  assert(from: S, to: S): void {
    if (!this.can(from, to)) throw new Error(`${this.name}: illegal transition ${from} -> ${to}`);
  }

  /** Throws unless `actor` may cause from -> to (a programming error: callers check the state for user input). */
  assertAllowed(actor: A, from: S, to: S, subject: string): void {
    if (!this.allows(actor, from, to)) throw new Error(`${this.name} ${subject}: ${actor} may not move ${from} -> ${to}`);
  }
}

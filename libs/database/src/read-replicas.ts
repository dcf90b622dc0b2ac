import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { errorText, isDatabaseUnavailable } from '@app/common';
import { APP_CONFIG, type AppConfig, type MysqlConfig, redactUrl } from '@app/config';
import { dataSourceOptions } from './data-source-options';
import { MYSQL_BEAT_HEARTBEAT, MYSQL_READ_HEARTBEAT } from './database.sql';
import { applyDatabaseTimeouts } from './database-timeouts';
import { execute, select } from './plain-sql';

interface Replica {
  /** The URL without its password, for logs. */
  readonly name: string;
  readonly config: MysqlConfig;
  ds?: DataSource;
  probing?: Promise<number>;
  /** Answered the last probe in time. */
  up: boolean;
  /** How far its copy is behind the primary's beat of the previous check (Infinity until measured). */
  lagMs: number;
  /** What the log last said of it, so a state is logged once, not at every check. */
  said?: 'usable' | 'down' | 'lagging';
}

export interface ReplicaState {
  name: string;
  up: boolean;
  lagMs: number | null;
  usable: boolean;
}

/**
 * Read-only instances (DATABASE_REPLICA_URLS) for reads that may lag the primary a little: shopper catalog, search,
 * public reviews, reports (docs/decisions.md, "Beyond one database server"). Each replica is a DataSource of its
 * own (the primary's entities, session settings and timeouts) next to the primary's; writes and reads of one's own
 * writes never come here, they use the primary's DataSource as before.
 *
 * Every `checkMs` each replica's heartbeat row is read (a probe unanswered by then counts as down) and compared with
 * the beat the previous check wrote on the primary (`NOW(3)`, so one clock, the primary's). A replica is used while
 * it answered its last probe and lags at most `maxLagMs`; otherwise reads go to another replica or to the primary. A
 * read that fails because a replica stopped answering or refused the connection runs again on the primary.
 */
@Injectable()
export class ReadReplicas implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly replicas: Replica[];
  private readonly maxLagMs: number;
  private readonly checkMs: number;
  private next = 0;
  private lastBeat: number | undefined;
  private beating?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly primary: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const db = config.database;
    const replicas = db.kind === 'mysql' ? db.replicas : { urls: [], maxLagMs: 0, checkMs: 0 };
    this.maxLagMs = replicas.maxLagMs;
    this.checkMs = replicas.checkMs;
    this.replicas =
      db.kind === 'mysql' ? replicas.urls.map((url) => ({ name: redactUrl(url), config: { ...db, url }, up: false, lagMs: Infinity })) : [];
  }

  /**
   * At most how old a replica's answer can be: its lag was at most `maxLagMs` behind a beat written up to one check
   * earlier, measured up to one check ago. 0 without replicas.
   */
  get staleBoundMs(): number {
    return this.replicas.length === 0 ? 0 : this.maxLagMs + 2 * this.checkMs;
  }

  onModuleInit(): void {
    if (this.replicas.length === 0) return;
    this.beating = this.beat();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const r of this.replicas) await r.ds?.destroy().catch(() => undefined);
  }

  /** Runs `work` on a usable replica, else on the primary; again on the primary when the replica stops answering. */
  async read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const r = this.pick();
    if (!r) return work(this.primary.manager);
    try {
      return await work(r.ds!.manager);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      r.up = false;
      this.say(r, 'down', err);
      return work(this.primary.manager);
    }
  }

  /** Each replica as the last check saw it (metrics and tests). */
  states(): ReplicaState[] {
    return this.replicas.map((r) => ({
      name: r.name,
      up: r.up,
      lagMs: Number.isFinite(r.lagMs) ? r.lagMs : null,
      usable: this.usable(r),
    }));
  }

  private usable(r: Replica): boolean {
    return r.ds !== undefined && r.up && r.lagMs <= this.maxLagMs;
  }

  /** The next usable replica in turn. */
  private pick(): Replica | undefined {
    const n = this.replicas.length;
    for (let i = 0; i < n; i++) {
      const r = this.replicas[(this.next + i) % n]!;
      if (this.usable(r)) {
        this.next = (this.next + i + 1) % n;
        return r;
      }
    }
    return undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check().finally(() => this.schedule()), this.checkMs);
    this.timer.unref();
  }

  /** Probes every replica against the previous beat, then beats the primary again. */
  private async check(): Promise<void> {
    const since = this.lastBeat;
    await Promise.all(this.replicas.map((r) => this.probe(r, since)));
    // A primary that is slow to take the beat is not waited for twice: the next check compares with the older beat.
    this.beating ??= this.beat();
    await within(this.beating, this.checkMs).catch(() => undefined);
  }

  private async probe(r: Replica, since: number | undefined): Promise<void> {
    r.probing ??= this.readBeat(r).finally(() => (r.probing = undefined));
    try {
      const beat = await within(r.probing, this.checkMs);
      r.up = true;
      if (since !== undefined) r.lagMs = Math.max(0, since - beat);
      this.say(r, r.lagMs <= this.maxLagMs ? 'usable' : 'lagging');
    } catch (err) {
      r.up = false;
      this.say(r, 'down', err);
    }
  }

  private async readBeat(r: Replica): Promise<number> {
    if (!r.ds) r.ds = await this.open(r.config);
    const [row] = await select(r.ds.manager, MYSQL_READ_HEARTBEAT, []);
    return beatMs(row?.beatAt);
  }

  /** A DataSource for the replica: the primary's entities and driver, its own pool and the same timeouts. */
  private async open(config: MysqlConfig): Promise<DataSource> {
    const entities = this.primary.entityMetadatas.map((m) => m.target);
    const flavor = this.primary.options.type === 'mariadb' ? 'mariadb' : 'mysql';
    const ds = await new DataSource(dataSourceOptions(config, entities, flavor)).initialize();
    applyDatabaseTimeouts(ds, config);
    return ds;
  }

  private async beat(): Promise<void> {
    try {
      await execute(this.primary.manager, MYSQL_BEAT_HEARTBEAT, []);
      const [row] = await select(this.primary.manager, MYSQL_READ_HEARTBEAT, []);
      this.lastBeat = beatMs(row?.beatAt);
    } catch (err) {
      if (!this.stopped) this.logger.warn({ error: errorText(err) }, 'could not write the replica heartbeat on the primary');
    } finally {
      this.beating = undefined;
    }
  }

  private say(r: Replica, state: NonNullable<Replica['said']>, err?: unknown): void {
    if (r.said === state || this.stopped) return;
    r.said = state;
    const facts = {
      replica: r.name,
      lagMs: Number.isFinite(r.lagMs) ? r.lagMs : null,
      error: err === undefined ? undefined : errorText(err),
    };
    if (state === 'usable') this.logger.log(facts, 'read replica in use');
    else this.logger.warn(facts, state === 'down' ? 'read replica not answering: skipped' : 'read replica lagging: skipped');
  }
}

function beatMs(v: Date | string | undefined): number {
  if (v === undefined) throw new Error('replica_heartbeat has no row');
  return v instanceof Date ? v.getTime() : Date.parse(`${v.replace(' ', 'T')}Z`);
}

/** `p`, or a rejection once `ms` have passed (p goes on). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

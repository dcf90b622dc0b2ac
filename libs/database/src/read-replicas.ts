import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Counter, Gauge } from 'prom-client';
import { errorText, isDatabaseUnavailable, Metrics } from '@app/common';
import { APP_CONFIG, type AppConfig, type MysqlConfig, redactUrl } from '@app/config';
import { dataSourceOptions } from './data-source-options';
import { MYSQL_BEAT_HEARTBEAT, MYSQL_READ_HEARTBEAT } from './database.sql';
import { applyDatabaseTimeouts } from './database-timeouts';
import { execute, select } from './plain-sql';

interface Replica {
  /** The URL without its password, for logs. */
  readonly name: string;
  /** host:port, the metrics label. */
  readonly host: string;
  readonly config: MysqlConfig;
  ds?: DataSource;
  probing?: Promise<void>;
  /** Answered the last probe in time. */
  up: boolean;
  /** How far its copy is behind the primary's beat of the previous check (Infinity until measured). */
  lagMs: number;
  /** When (this process's clock) the beat that lag was measured against was on the primary. */
  measuredAt: number;
  probeStartedAt: number;
  /** What the log last said of it, so a state is logged once, not at every check. */
  said?: 'usable' | 'down' | 'lagging';
}

/** A beat written on the primary: its time there, and when this process had it back. */
interface Beat {
  primaryMs: number;
  localAt: number;
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
 * Every `checkMs` each replica's heartbeat row is read (one probe at a time; one unanswered after two checks, and at
 * least a second, counts as down) and compared with the beat the previous check wrote on the primary (`NOW(3)`, so
 * one clock, the primary's), then a new beat is written. A replica is used while it answered its last probe, lagged
 * at most `maxLagMs`, and that measurement is recent (`freshMs`); otherwise reads go to another replica or to the
 * primary. A read that fails because a replica stopped answering or refused the connection runs again on the primary.
 */
@Injectable()
export class ReadReplicas implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly replicas: Replica[];
  private readonly maxLagMs: number;
  private readonly checkMs: number;
  private readonly downAfterMs: number;
  private next = 0;
  private lastBeat: Beat | undefined;
  private beating?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Reads by where they ran, each series resolved once (this is on the hot path of cache misses). */
  private readonly reads: Record<'replica' | 'primary' | 'fallback', { inc(): void }>;

  constructor(
    private readonly primary: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    metrics: Metrics,
  ) {
    const db = config.database;
    const replicas = db.kind === 'mysql' ? db.replicas : { urls: [], maxLagMs: 0, checkMs: 0 };
    this.maxLagMs = replicas.maxLagMs;
    this.checkMs = replicas.checkMs;
    // A probe is one primary-key read: one that takes longer than this (a second at least, so a busy moment does not
    // count) means the replica is in trouble.
    this.downAfterMs = Math.max(2 * this.checkMs, 1000);
    this.replicas =
      db.kind === 'mysql'
        ? replicas.urls.map((url) => ({
            name: redactUrl(url),
            host: new URL(url).host,
            config: { ...db, url },
            up: false,
            lagMs: Infinity,
            measuredAt: -Infinity,
            probeStartedAt: 0,
          }))
        : [];
    const reads = new Counter({
      name: 'db_replica_reads_total',
      help: 'Reads that may use a replica, by where they ran (replica; primary: none usable; fallback: the replica failed)',
      labelNames: ['server'],
      registers: [metrics.registry],
    });
    this.reads = { replica: reads.labels('replica'), primary: reads.labels('primary'), fallback: reads.labels('fallback') };
    if (this.replicas.length === 0) return;
    const states = (): ReplicaState[] => this.states();
    const hosts = this.replicas.map((r) => r.host);
    new Gauge({
      name: 'db_replica_lag_ms',
      help: 'How far each read replica was behind the primary at its last check (-1: not measured)',
      labelNames: ['replica'],
      registers: [metrics.registry],
      collect() {
        states().forEach((st, i) => this.set({ replica: hosts[i]! }, st.lagMs ?? -1));
      },
    });
    new Gauge({
      name: 'db_replica_usable',
      help: 'Whether each read replica takes reads (answering, within REPLICA_MAX_LAG_MS)',
      labelNames: ['replica'],
      registers: [metrics.registry],
      collect() {
        states().forEach((st, i) => this.set({ replica: hosts[i]! }, st.usable ? 1 : 0));
      },
    });
  }

  /**
   * At most how old a replica's answer can be: it is used only while it was at most `maxLagMs` behind a beat that was
   * on the primary at most `freshMs` ago. 0 without replicas.
   */
  get staleBoundMs(): number {
    return this.replicas.length === 0 ? 0 : this.maxLagMs + this.freshMs;
  }

  /** How old the beat a replica's lag was measured against may be: a probe every check, answered in `downAfterMs`. */
  private get freshMs(): number {
    return 2 * this.checkMs + this.downAfterMs;
  }

  onModuleInit(): void {
    if (this.replicas.length === 0) return;
    this.beating = this.beat();
    this.timer = setInterval(() => this.check(), this.checkMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.beforeApplicationShutdown();
    for (const r of this.replicas) await r.ds?.destroy().catch(() => undefined);
  }

  /** Runs `work` on a usable replica, else on the primary; again on the primary when the replica stops answering. */
  async read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const r = this.pick();
    if (!r) {
      if (this.replicas.length > 0) this.reads.primary.inc();
      return work(this.primary.manager);
    }
    try {
      const result = await work(r.ds!.manager);
      this.reads.replica.inc();
      return result;
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      r.up = false;
      this.say(r, 'down', err);
      this.reads.fallback.inc();
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
    return r.ds !== undefined && r.up && r.lagMs <= this.maxLagMs && Date.now() - r.measuredAt <= this.freshMs;
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

  /** Every `checkMs`: a probe of each replica (one at a time each) against the latest beat, and a new beat. */
  private check(): void {
    const now = Date.now();
    for (const r of this.replicas) {
      if (!r.probing) {
        r.probeStartedAt = now;
        r.probing = this.probe(r, this.lastBeat).finally(() => (r.probing = undefined));
      } else if (r.up && now - r.probeStartedAt >= this.downAfterMs) {
        r.up = false;
        this.say(r, 'down', new Error(`no answer within ${this.downAfterMs} ms`));
      }
    }
    this.beating ??= this.beat();
  }

  private async probe(r: Replica, since: Beat | undefined): Promise<void> {
    try {
      const beat = await this.readBeat(r);
      r.up = true;
      if (since !== undefined) {
        r.lagMs = Math.max(0, since.primaryMs - beat);
        r.measuredAt = since.localAt;
      }
      this.say(r, r.lagMs <= this.maxLagMs ? 'usable' : 'lagging');
    } catch (err) {
      r.up = false;
      this.say(r, 'down', err);
    }
  }

  private async readBeat(r: Replica): Promise<number> {
    if (!r.ds) {
      const ds = await this.open(r.config);
      // Opened while the service was shutting down: it would outlive the pools closed meanwhile.
      if (this.stopped) {
        await ds.destroy();
        throw new Error('shutting down');
      }
      r.ds = ds;
    }
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
      this.lastBeat = { primaryMs: beatMs(row?.beatAt), localAt: Date.now() };
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

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, type Page, pageParams, PageQuery, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { TransactionRunner, writeLock } from '@app/database';
import { SettingsService } from '@app/settings';
import { DistributionSettingsChange, DistributionSettingsRow } from './distribution-settings.entity';
import { DEFAULT_DISTRIBUTION_SETTINGS, type DistributionSettings } from './distribution-settings';
import { DistributionErrors } from './distribution.errors';

const ROW_ID = 1;

export interface SettingsState {
  settings: DistributionSettings;
  version: number;
  updatedAt: Date | null;
}

export interface SettingsChangeView {
  id: number;
  adminId: number;
  reason: string;
  version: number;
  beforeDoc: Record<string, unknown>;
  afterDoc: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Distribution settings stored in the database (one versioned row over the defaults), editable by owners, every
 * change audited with who and why. The lib reads them only through this service, so they can move to a general
 * settings lib later.
 */
@Injectable()
export class DistributionSettingsService {
  /** This instance's copy for the payment path (`recent`), with when it was read (clock ms). */
  private copy: { state: SettingsState; readAt: number } | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly shop: SettingsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async get(m: EntityManager = this.ds.manager): Promise<DistributionSettings> {
    return (await this.state(m)).settings;
  }

  async state(m: EntityManager = this.ds.manager, lock = false): Promise<SettingsState> {
    const row = await m.findOne(DistributionSettingsRow, { where: { id: ROW_ID }, ...(lock ? writeLock(m) : {}) });
    return {
      settings: { ...DEFAULT_DISTRIBUTION_SETTINGS, ...(row?.document ?? {}) },
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt ?? null,
    };
  }

  /**
   * The settings as this instance read them at most SETTINGS_REFRESH_MS ago (the bound shop settings have), for the
   * payment notification's transaction: a read there on every payment was one more statement and round trip under
   * the order's lock, for a row that changes a few times a year. The instance that changes them has the new ones at
   * once; others within the bound. Reads and writes that must see the row itself use `get`/`state`.
   */
  async recent(m: EntityManager): Promise<DistributionSettings> {
    const copy = this.copy;
    const now = this.clock.now().getTime();
    if (copy && now >= copy.readAt && now - copy.readAt < this.config.settingsRefreshMs) return copy.state.settings;
    // Through the caller's transaction: a read on another pool connection could wait on connections held by
    // transactions that all wait here.
    const readAt = now;
    const state = await this.state(m);
    this.remember(state, readAt);
    return state.settings;
  }

  /** Keeps the newer of two reads (a slow read must not put back what a change replaced). */
  private remember(state: SettingsState, readAt: number): void {
    if (!this.copy || state.version >= this.copy.state.version) this.copy = { state, readAt };
  }

  /** The freeze after completion, in days (unless set, the after-sale window as the shop's settings say now). */
  freezeDays(s: DistributionSettings): number {
    return s.freezeDays ?? this.shop.current().afterSaleDays;
  }

  /**
   * Serializes the callers that must not interleave (bindings between promoters, which could otherwise close a
   * cycle from both ends at once) on the settings row.
   */
  async lockRow(m: EntityManager): Promise<void> {
    await this.lockedRow(m, { id: true });
  }

  /**
   * The row, locked; created first only when missing. Creating it every time (INSERT IGNORE, then the lock) took a
   * shared lock on the existing row before the exclusive one, and two callers at once deadlocked on the upgrade: eight
   * promoters binding at once (the benchmark's setup) got 500s once the retries ran out.
   */
  private async lockedRow(m: EntityManager, select?: { id: true }): Promise<DistributionSettingsRow> {
    const lock = { where: { id: ROW_ID }, ...(select ? { select } : {}), ...writeLock(m) };
    const row = await m.findOne(DistributionSettingsRow, lock);
    if (row) return row;
    await this.ensureRow(m);
    return m.findOneOrFail(DistributionSettingsRow, lock);
  }

  async update(adminId: number, patch: Partial<DistributionSettings>, reason: string, expectedVersion?: number): Promise<SettingsState> {
    const state = await this.tx.run(async (m) => {
      const row = await this.lockedRow(m);
      if (expectedVersion !== undefined && expectedVersion !== row.version) throw DistributionErrors.settingsConflict(row.version);
      const before = { ...DEFAULT_DISTRIBUTION_SETTINGS, ...row.document };
      // Absent fields stay as they are (the DTO may carry them as undefined).
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const after: DistributionSettings = { ...before, ...given };
      check(after);
      const now = this.clock.now();
      const version = row.version + 1;
      await m.update(DistributionSettingsRow, { id: ROW_ID }, { document: after, version, updatedAt: now });
      await m.insert(DistributionSettingsChange, {
        adminId,
        reason,
        beforeDoc: row.document as never,
        afterDoc: after as never,
        version,
        createdAt: now,
      });
      return { settings: after, version, updatedAt: now };
    });
    this.remember(state, this.clock.now().getTime()); // committed: this instance follows at once
    return state;
  }

  /** Audits a change of what the settings cover outside the document (commission overrides). */
  async audit(
    m: EntityManager,
    adminId: number,
    reason: string,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): Promise<void> {
    const { version } = await this.state(m);
    await m.insert(DistributionSettingsChange, {
      adminId,
      reason,
      beforeDoc: before as never,
      afterDoc: after as never,
      version,
      createdAt: this.clock.now(),
    });
  }

  async changes(q: PageQuery): Promise<Page<SettingsChangeView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(DistributionSettingsChange, {
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows, total, q);
  }

  private async ensureRow(m: EntityManager): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(DistributionSettingsRow)
      .values({ id: ROW_ID, document: {}, version: 0, updatedAt: this.clock.now() })
      .orIgnore()
      .execute();
  }
}

/** Rules between fields (each field's own bounds are the DTO's). */
function check(s: DistributionSettings): void {
  if (s.withdrawMin > s.withdrawMax) throw DistributionErrors.invalidSettings('withdrawMin', 'must not exceed withdrawMax');
  if (s.channels.length === 0) throw DistributionErrors.invalidSettings('channels', 'must name at least one channel');
  if (s.withdrawFeeBp > 0 && Math.floor((s.withdrawMin * s.withdrawFeeBp) / 10_000) >= s.withdrawMin)
    throw DistributionErrors.invalidSettings('withdrawFeeBp', 'would leave nothing of the minimum withdrawal');
}

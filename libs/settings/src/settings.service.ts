import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock, errorText } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { TransactionRunner, writeLock } from '@app/database';
import type { AdminSettingsView, UpdateSettingsDto } from './dto/settings.dto';
import { effective, envDefaults, SETTING_KEYS, type SettingKey, type ShopSettings } from './shop-settings';
import { ShopSettingsRow } from './shop-settings.entity';

const ROW_ID = 1;

/**
 * The shop's runtime settings for every instance. Reads are synchronous and free: `current()` answers this
 * instance's copy. A timer checks the row's version every SETTINGS_REFRESH_MS (one primary-key read) and reloads the
 * row only when it changed, so a change made on any instance is seen everywhere within about that interval, without a
 * query on the hot paths (pricing, checkout). The instance that makes a change sees it at once.
 */
@Injectable()
export class SettingsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SettingsService.name);
  private readonly defaults: ShopSettings;
  private values: ShopSettings;
  private row: ShopSettingsRow | null = null;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(
    @InjectRepository(ShopSettingsRow) private readonly rows: Repository<ShopSettingsRow>,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.defaults = envDefaults(config);
    this.values = this.defaults;
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.settingsRefreshMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The settings as this instance knows them (at most about SETTINGS_REFRESH_MS behind another instance's change). */
  current(): ShopSettings {
    return this.values;
  }

  /**
   * Checks the version now and reloads when it changed (the timer calls this; tests call it instead of waiting). A
   * failed check keeps the last known values: settings never make a request fail.
   */
  refresh(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  async adminView(): Promise<AdminSettingsView> {
    await this.refresh();
    return this.view();
  }

  /** Applies an owner's change (validated by the DTO), bumps the version; other instances follow on their next check. */
  async update(adminId: number, dto: UpdateSettingsDto): Promise<AdminSettingsView> {
    const patch = Object.fromEntries(SETTING_KEYS.filter((k) => dto[k] !== undefined).map((k) => [k, dto[k]])) as Partial<
      Pick<ShopSettingsRow, SettingKey>
    >;
    const row = await this.tx.run(async (m) => {
      const now = this.clock.now();
      const found = await m.findOne(ShopSettingsRow, { where: { id: ROW_ID }, ...writeLock(m) });
      if (!found) {
        // The embedded demo database has no migration to create the row.
        await m.insert(ShopSettingsRow, { ...emptyRow(), ...patch, version: 1, updatedBy: adminId, updatedAt: now });
      } else {
        await m.update(ShopSettingsRow, { id: ROW_ID }, { ...patch, version: found.version + 1, updatedBy: adminId, updatedAt: now });
      }
      return m.findOneOrFail(ShopSettingsRow, { where: { id: ROW_ID } });
    });
    this.apply(row);
    return this.view();
  }

  private async check(): Promise<void> {
    try {
      const head = await this.rows.findOne({ where: { id: ROW_ID }, select: { id: true, version: true } });
      if (!head || head.version === this.row?.version) return;
      const row = await this.rows.findOne({ where: { id: ROW_ID } });
      if (row) this.apply(row);
    } catch (err) {
      this.logger.warn({ error: errorText(err) }, 'settings check failed; keeping the last known values');
    }
  }

  private apply(row: ShopSettingsRow): void {
    if (this.row && row.version < this.row.version) return; // a slower read of an older version
    this.row = row;
    this.values = effective(this.defaults, row);
  }

  private view(): AdminSettingsView {
    const row = this.row;
    return {
      values: { ...this.values },
      defaults: { ...this.defaults },
      overridden: SETTING_KEYS.filter((k) => row !== null && row[k] !== null),
      version: row?.version ?? 0,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ? row.updatedAt.toISOString() : null,
    };
  }
}

function emptyRow(): Omit<ShopSettingsRow, 'version' | 'updatedBy' | 'updatedAt'> {
  return { id: ROW_ID, ...(Object.fromEntries(SETTING_KEYS.map((k) => [k, null])) as Record<SettingKey, null>) };
}

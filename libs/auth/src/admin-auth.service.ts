import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, type Repository } from 'typeorm';
import { type AppConfig, InjectConfig } from '@app/config';
import { Clock } from '@app/common';
import { isDuplicateKeyError } from '@app/database';
import { AdminUser } from './admin-user.entity';
import { AuthErrors } from './auth.errors';
import { toAdminView, type AdminLoginResult } from './dto/auth.mappers';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { TokensService } from './tokens.service';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/** Admin login with lockout, and the one-time owner bootstrap. */
@Injectable()
export class AdminAuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminAuthService.name);

  constructor(
    @InjectRepository(AdminUser) private readonly admins: Repository<AdminUser>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly tokens: TokensService,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string): Promise<AdminLoginResult> {
    const admin = await this.admins.findOne({ where: { username } });
    if (!admin) {
      await verifyPassword(DUMMY_HASH, password);
      throw AuthErrors.invalidCredentials();
    }
    const now = this.clock.now();
    if (admin.lockedUntil && admin.lockedUntil > now) throw AuthErrors.accountLocked(admin.lockedUntil);

    const ok = (await verifyPassword(admin.passwordHash, password)) && admin.status === 'active';
    if (!ok) {
      await this.recordFailure(admin.id, now);
      throw AuthErrors.invalidCredentials();
    }
    await this.admins.update({ id: admin.id }, { failedLogins: 0, lockedUntil: null, lastLoginAt: now, updatedAt: now });
    this.logger.log({ adminId: admin.id }, 'admin logged in');
    return { ...this.tokens.issue({ sub: String(admin.id), typ: 'admin', ver: admin.tokenVersion }), admin: toAdminView(admin) };
  }

  /** Atomic increment, then lock once the count reaches the limit: concurrent guesses cannot slip past it. */
  private async recordFailure(adminId: number, now: Date): Promise<void> {
    await this.admins.increment({ id: adminId }, 'failedLogins', 1);
    const locked = await this.admins.update(
      { id: adminId, failedLogins: MoreThanOrEqual(MAX_FAILED_LOGINS) },
      { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS), updatedAt: now },
    );
    if (locked.affected) this.logger.warn({ adminId }, 'admin account locked after repeated failed logins');
  }

  /** Creates the first owner from ADMIN_BOOTSTRAP_* when there is no admin account at all. */
  async onApplicationBootstrap(): Promise<void> {
    const boot = this.config.auth.adminBootstrap;
    if (!boot || (await this.admins.count()) > 0) return;
    try {
      const now = this.clock.now();
      await this.admins.insert({
        username: boot.username,
        passwordHash: await hashPassword(boot.password),
        role: 'owner',
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      this.logger.log({ username: boot.username }, 'bootstrap owner account created');
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // another instance created it first
    }
  }
}

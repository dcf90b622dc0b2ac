import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { type AppConfig, InjectConfig } from '@app/config';
import { Clock } from '@app/common';
import { isDuplicateKeyError } from '@app/database';
import { AdminUser } from './admin-user.entity';
import { AuthErrors } from './auth.errors';
import { toAdminView, type AdminLoginResult } from './dto/auth.mappers';
import type { AdminIdentity } from '@app/access';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { RevokedToken } from './revoked-token.entity';
import { TokensService } from './tokens.service';

/** Admin login (throttled per username and client address), logout, and the one-time owner bootstrap. */
@Injectable()
export class AdminAuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminAuthService.name);

  constructor(
    @InjectRepository(AdminUser) private readonly admins: Repository<AdminUser>,
    @InjectRepository(RevokedToken) private readonly revoked: Repository<RevokedToken>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly tokens: TokensService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string, client: string): Promise<AdminLoginResult> {
    if (!this.hasher.hasRoom()) throw AuthErrors.loginBusy();
    // Counted before the password is checked, and alike for unknown usernames (same answers, same work).
    await this.throttle.admit(username, client);
    const admin = await this.admins.findOne({ where: { username } });
    const ok = (await this.hasher.verify(admin?.passwordHash, password)) && admin?.status === 'active';
    if (!ok || !admin) throw AuthErrors.invalidCredentials();

    await this.throttle.succeeded(username, client);
    const now = this.clock.now();
    await this.admins.update({ id: admin.id }, { lastLoginAt: now, updatedAt: now });
    await this.upgradeHash(admin, password);
    this.logger.log({ adminId: admin.id }, 'admin logged in');
    return { ...this.tokens.issue({ sub: String(admin.id), typ: 'admin', ver: admin.tokenVersion }), admin: toAdminView(admin) };
  }

  /** Ends the admin token of this request (every instance refuses it from now on). */
  async logout(identity: AdminIdentity): Promise<void> {
    if (!identity.token) return; // an admin by bound openid has no admin token to end
    await this.revoked.createQueryBuilder().insert().values(identity.token).orIgnore().execute();
    this.logger.log({ adminId: identity.adminId }, 'admin logged out');
  }

  /** Deletes revocations of tokens that have expired anyway. */
  async sweepRevoked(now: Date): Promise<number> {
    return (await this.revoked.delete({ expiresAt: LessThan(now) })).affected ?? 0;
  }

  /** A hash made at a lower cost (before the OWASP baseline) is replaced now that we hold the password. */
  private async upgradeHash(admin: AdminUser, password: string): Promise<void> {
    if (!this.hasher.needsRehash(admin.passwordHash) || !this.hasher.hasRoom()) return;
    try {
      const passwordHash = await this.hasher.hash(password);
      // Conditional: a password reset meanwhile wins.
      await this.admins.update({ id: admin.id, passwordHash: admin.passwordHash }, { passwordHash });
    } catch (err) {
      this.logger.warn({ adminId: admin.id, error: (err as Error).message }, 'password rehash skipped');
    }
  }

  /** Creates the first owner from ADMIN_BOOTSTRAP_* when there is no admin account at all. */
  async onApplicationBootstrap(): Promise<void> {
    const boot = this.config.auth.adminBootstrap;
    if (!boot || (await this.admins.count()) > 0) return;
    try {
      const now = this.clock.now();
      await this.admins.insert({
        username: boot.username,
        passwordHash: await this.hasher.hash(boot.password),
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

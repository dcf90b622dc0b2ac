import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ShopperLogins, type UnlinkedLogin, UsersService } from '@app/auth';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { JobRegistry, JobsService, PermanentJobError } from '@app/jobs';
import { LINK_JOB } from './login-bridge-jobs';
import { LoginBridgeClient, LoginBridgeError } from './login-bridge.client';

/** The job waits this long before its first run: the login's own attempt usually links the shopper first. */
const JOB_DELAY_MS = 60_000;
/** With the runner's backoff (doubling from 15 s up to 30 min) about a day of attempts. */
const MAX_ATTEMPTS = 60;

/**
 * The login bridge (LOGIN_BRIDGE_URL): at a WeChat login of a shopper not linked yet, the existing backend is told
 * the openid/unionid (signed) and answers its user id, stored as the shopper's external id. The job is written
 * first, then the call is tried at once within LOGIN_BRIDGE_TIMEOUT_MS; whatever that call does, the login goes on,
 * and the job (one per shopper) asks again until the shopper is linked. Duplicates are harmless: the backend links
 * by openid (the same answer again), and the link is stored only while the shopper has none.
 */
@Injectable()
export class LoginBridgeService implements OnModuleInit {
  private readonly logger = new Logger(LoginBridgeService.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly ds: DataSource,
    private readonly registry: JobRegistry,
    private readonly jobs: JobsService,
    private readonly logins: ShopperLogins,
    private readonly users: UsersService,
    private readonly client: LoginBridgeClient,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // Defined even when the bridge is off, so jobs written before it was switched off end visibly (dead, with why).
    this.registry.defineJob(LINK_JOB, (p) => this.runJob(p.userId), { maxAttempts: MAX_ATTEMPTS });
    if (this.config.externalIdentity.loginBridge) this.logins.listen((login) => this.onLogin(login));
  }

  /** At a WeChat login: the durable job, then one bounded attempt; the external id when linked now. */
  async onLogin(login: UnlinkedLogin): Promise<string | undefined> {
    // A crash between the shopper's insert and this write is healed by their next login (still unlinked: written then).
    await this.jobs.enqueue(
      this.ds.manager,
      LINK_JOB,
      { userId: login.userId },
      { dedupeKey: `${LINK_JOB}:${login.userId}`, runAt: new Date(this.clock.now().getTime() + JOB_DELAY_MS) },
    );
    try {
      return await this.link(login);
    } catch (err) {
      this.logger.warn({ userId: login.userId, error: (err as Error).message }, 'login bridge failed: the job will retry');
      return undefined;
    }
  }

  async runJob(userId: number): Promise<void> {
    const user = await this.users.bridgeSubject(userId);
    // Gone, linked meanwhile (the login's own attempt, a token of the backend), or nothing to tell: done.
    if (!user || user.externalId !== null || user.openid === null || user.appid === null) return;
    try {
      await this.link({ userId, appid: user.appid, openid: user.openid, unionid: user.unionid });
    } catch (err) {
      if (err instanceof LoginBridgeError && !err.retryable) throw new PermanentJobError(err.message);
      throw err;
    }
  }

  private async link(login: UnlinkedLogin): Promise<string | undefined> {
    const externalId = await this.client.link(login);
    const outcome = await this.users.linkExternal(login.userId, externalId);
    // One wxmall user per external id: another shopper (say, first seen through the backend's token) holds it.
    // Nothing is merged; the job ends dead with the reason for an operator.
    if (outcome === 'taken') throw new LoginBridgeError(`external user ${externalId} is linked to another shopper`, false);
    if (outcome === 'other') {
      this.logger.warn({ userId: login.userId }, 'login bridge answered another external id than the one linked: kept the first');
      return undefined;
    }
    this.logger.log({ userId: login.userId }, 'shopper linked to the existing backend');
    return externalId;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import { Clock } from '@app/common';
import { dbDateTime, execute, insertRows, isDuplicateKeyError, select, TransactionRunner } from '@app/database';
import { WebhookEvents } from '@app/webhooks';
import {
  BRIDGE_SUBJECT,
  FIND_EXTERNAL,
  FIND_IDENTITY,
  INSERT_EXTERNAL_USER,
  INSERT_USER,
  LINK_EXTERNAL,
  LOCK_USER,
  TOUCH_USER,
  TOUCH_USER_UNIONID,
  USER_BY_ID,
} from './auth.sql';
import { AuthErrors } from './auth.errors';
import { toCustomerView } from './dto/customer.mappers';
import { User, type UserStatus } from './user.entity';

interface CachedUser {
  id: number;
  openid: string | null;
  status: UserStatus;
  until: number;
}

const CACHE_MS = 30_000;
const CACHE_MAX = 50_000;
/** last_seen_at is refreshed at most hourly: no write per request. */
const TOUCH_MS = 3_600_000;

/**
 * Finds shoppers by openid (creating them on first sight) and answers "is this user active?".
 * A small per-instance cache keeps the identity lookup off the database on hot paths (30 s). A disabled shopper
 * still resolves (they may browse and read their orders); the routes that buy or apply check the status fresh.
 */
@Injectable()
export class UsersService {
  private readonly byOpenid = new Map<string, CachedUser>();
  private readonly byId = new Map<number, CachedUser>();

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionRunner,
    private readonly webhooks: WebhookEvents,
    private readonly clock: Clock,
  ) {}

  /** Safe under concurrency: two first requests of one openid create one user (unique key + re-read). */
  async findOrCreate(appid: string, openid: string, unionid?: string): Promise<{ id: number; openid: string | null }> {
    const key = `${appid}:${openid}`;
    const hit = this.byOpenid.get(key);
    if (hit && hit.until > Date.now()) return this.active(hit);

    // Plain SQL: this runs before every shopper request whose identity is not cached.
    const m = this.users.manager;
    const now = this.clock.now();
    const at = dbDateTime(m, now);
    const find = () => select(m, FIND_IDENTITY, [dbDateTime(m, new Date(now.getTime() - TOUCH_MS)), appid, openid]);
    let [user] = await find();
    if (!user) {
      try {
        if (await this.webhooks.wants(m, 'shopper.created')) {
          // With its webhook event, in one transaction: of two first requests racing, only the one that inserts emits.
          await this.tx.run(async (tm) => {
            const id = await insertRows(tm, INSERT_USER, [appid, openid, unionid ?? null, at, at]);
            await this.webhooks.emit(tm, 'shopper.created', `shopper:${id}`, async () =>
              toCustomerView(await tm.findOneByOrFail(User, { id }), undefined),
            );
          });
        } else {
          await execute(m, INSERT_USER, [appid, openid, unionid ?? null, at, at]);
        }
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      [user] = await find();
      if (!user) throw new Error(`user ${key} not found after insert`);
    } else if ((unionid && user.unionid !== unionid) || Number(user.stale) === 1) {
      if (unionid) await execute(m, TOUCH_USER_UNIONID, [at, unionid, user.id]);
      else await execute(m, TOUCH_USER, [at, user.id]);
    }
    return this.active(this.remember(key, user));
  }

  /**
   * The shopper linked to an existing backend's user id (its token's `sub`), created on first sight. Safe under
   * concurrency like findOrCreate: the unique key on external_id lets one insert win, the others re-read its row.
   */
  async findOrCreateExternal(externalId: string): Promise<{ id: number; openid: string | null }> {
    const key = `external:${externalId}`;
    const hit = this.byOpenid.get(key);
    if (hit && hit.until > Date.now()) return this.active(hit);
    const m = this.users.manager;
    const now = this.clock.now();
    const at = dbDateTime(m, now);
    const find = () => select(m, FIND_EXTERNAL, [dbDateTime(m, new Date(now.getTime() - TOUCH_MS)), externalId]);
    let [user] = await find();
    if (!user) {
      try {
        await execute(m, INSERT_EXTERNAL_USER, [externalId, at, at, at]);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      [user] = await find();
      if (!user) throw new Error(`user of external id ${externalId} not found after insert`);
    } else if (Number(user.stale) === 1) {
      await execute(m, TOUCH_USER, [at, user.id]);
    }
    return this.active(this.remember(key, user));
  }

  /** What the login bridge tells the existing backend about a shopper (undefined: no such shopper). */
  async bridgeSubject(userId: number): Promise<Pick<User, 'id' | 'appid' | 'openid' | 'unionid' | 'externalId'> | undefined> {
    const [user] = await select(this.users.manager, BRIDGE_SUBJECT, [userId]);
    return user;
  }

  /**
   * Stores the existing backend's user id on a shopper, once. `linked`: stored now or earlier (the same id: a
   * repeated answer is harmless); `other`: the shopper is linked to another id already; `taken`: another shopper
   * holds this id (one wxmall user per external id: nothing is merged, an operator decides).
   */
  async linkExternal(userId: number, externalId: string): Promise<'linked' | 'other' | 'taken'> {
    const m = this.users.manager;
    try {
      await execute(m, LINK_EXTERNAL, [externalId, dbDateTime(m, this.clock.now()), userId]);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return 'taken';
    }
    const user = await this.bridgeSubject(userId);
    if (!user) throw new Error(`user ${userId} not found`);
    return user.externalId === externalId ? 'linked' : 'other';
  }

  /** The token's shopper (invalid token when the row is gone); cached like findOrCreate. Disabled ones too: they browse. */
  async assertExists(userId: number): Promise<{ id: number; openid: string | null }> {
    const hit = this.byId.get(userId);
    if (hit && hit.until > Date.now()) return this.active(hit);
    const [user] = await select(this.users.manager, USER_BY_ID, [userId]);
    if (!user) throw AuthErrors.tokenInvalid();
    return this.active(this.remember(`${user.appid}:${user.openid}`, user));
  }

  /**
   * Throws USER_DISABLED unless the shopper is active, read from the database (not the cache): only the routes that
   * buy or ask for money back ask, so a disable applies to them at once on every instance, for one primary-key read.
   */
  async assertActiveNow(userId: number): Promise<void> {
    const [user] = await select(this.users.manager, USER_BY_ID, [userId]);
    if (!user) throw AuthErrors.tokenInvalid();
    if (user.status !== 'active') throw AuthErrors.userDisabled();
    this.remember(`${user.appid}:${user.openid}`, user);
  }

  /** Drops the shopper from this instance's cache (after an admin changed their status). */
  forget(userId: number): void {
    this.byId.delete(userId);
    for (const [key, entry] of this.byOpenid) if (entry.id === userId) this.byOpenid.delete(key);
  }

  /**
   * Locks the user's row for the rest of the caller's transaction: a per-user mutex, so limits over a
   * user's rows (20 addresses, 100 cart lines, one default address) hold under concurrent requests.
   */
  async lockUser(manager: EntityManager, userId: number): Promise<void> {
    await select(manager, LOCK_USER, [userId]);
  }

  async findById(userId: number): Promise<User | null> {
    return this.users.findOne({ where: { id: userId } });
  }

  /** Nicknames of these shoppers, in one query (lists that show who). */
  async nicknames(userIds: number[]): Promise<Map<number, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.users.find({ where: { id: In([...new Set(userIds)]) }, select: { id: true, nickname: true } });
    return new Map(rows.map((u) => [u.id, u.nickname]));
  }

  /**
   * Narrows a query over rows that name a shopper (`userIdColumn`, e.g. `p.userId`) to shoppers whose nickname contains
   * `keyword` (the column's collation: case-insensitive; `%` and `_` match themselves). A subquery on the shopper's
   * primary key: the outer table drives it, so the cost follows that table (promoters), not the number of shoppers; a
   * `LIKE '%...%'` could not use idx_user_nickname anyway.
   */
  whereNicknameContains<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, userIdColumn: string, keyword: string): SelectQueryBuilder<T> {
    const matching = qb.subQuery().select('u.id').from(User, 'u').where("u.nickname LIKE :nicknameKeyword ESCAPE '!'").getQuery();
    return qb.andWhere(`${userIdColumn} IN ${matching}`, { nicknameKeyword: `%${keyword.replace(/[!%_]/g, (c) => `!${c}`)}%` });
  }

  async update(userId: number, patch: Partial<Pick<User, 'nickname' | 'avatarUrl' | 'phone' | 'phoneCountryCode'>>): Promise<User> {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length > 0) await this.users.update({ id: userId }, set);
    return this.users.findOneOrFail({ where: { id: userId } });
  }

  private remember(key: string, user: Pick<User, 'id' | 'openid' | 'status'>): CachedUser {
    if (this.byId.size >= CACHE_MAX) {
      this.byId.clear();
      this.byOpenid.clear();
    }
    const entry: CachedUser = { id: user.id, openid: user.openid, status: user.status, until: Date.now() + CACHE_MS };
    this.byOpenid.set(key, entry);
    this.byId.set(user.id, entry);
    return entry;
  }

  private active(u: CachedUser): { id: number; openid: string | null } {
    return { id: u.id, openid: u.openid };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock, CommonErrors, type Page, pageParams, type PageQuery, toPage } from '@app/common';
import { isDuplicateKeyError, TransactionRunner, writeLock } from '@app/database';
import { AdminUser } from './admin-user.entity';
import { AuthErrors } from './auth.errors';
import { toAdminView, type AdminView } from './dto/auth.mappers';
import type { CreateAdminUserDto, UpdateAdminUserDto } from './dto/admin-user.dto';
import { clearLoginThrottle } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import type { AdminRole } from '@app/access';

/** /admin/admin-users: accounts, roles and openid binding (owners only). */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectRepository(AdminUser) private readonly admins: Repository<AdminUser>,
    private readonly tx: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async list(q: PageQuery): Promise<Page<AdminView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.admins.findAndCount({ order: { id: 'ASC' }, skip: offset, take: pageSize });
    return toPage(rows.map(toAdminView), total, q);
  }

  async get(id: number): Promise<AdminView> {
    const admin = await this.admins.findOne({ where: { id } });
    if (!admin) throw CommonErrors.notFound('Admin user');
    return toAdminView(admin);
  }

  async create(dto: CreateAdminUserDto): Promise<AdminView> {
    checkStore(dto.role, dto.storeId ?? null);
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      const { identifiers } = await this.admins.insert({
        username: dto.username,
        passwordHash,
        role: dto.role,
        status: 'active',
        boundOpenid: dto.boundOpenid ?? null,
        storeId: dto.storeId ?? null,
        createdAt: this.clock.now(),
        updatedAt: this.clock.now(),
      });
      return this.get((identifiers[0] as { id: number }).id);
    } catch (err) {
      throw this.uniqueViolation(err, dto.boundOpenid);
    }
  }

  async update(id: number, dto: UpdateAdminUserDto): Promise<AdminView> {
    const passwordHash = dto.password !== undefined ? await this.hasher.hash(dto.password) : undefined;
    try {
      await this.tx.run(async (m) => {
        // Lock the owners while deciding, so two owners demoting each other cannot leave none.
        const owners = await m
          .getRepository(AdminUser)
          .find({ where: { role: 'owner', status: 'active' }, select: { id: true }, ...writeLock(m) });
        const admin = await m.getRepository(AdminUser).findOne({ where: { id }, ...writeLock(m) });
        if (!admin) throw CommonErrors.notFound('Admin user');
        const losesOwner =
          admin.role === 'owner' && admin.status === 'active' && ((dto.role && dto.role !== 'owner') || dto.status === 'disabled');
        if (losesOwner && owners.length <= 1) throw AuthErrors.lastOwner();
        checkStore(dto.role ?? admin.role, dto.storeId !== undefined ? dto.storeId : admin.storeId);
        await this.apply(m, admin, dto, passwordHash);
      });
    } catch (err) {
      throw this.uniqueViolation(err, dto.boundOpenid ?? undefined);
    }
    return this.get(id);
  }

  private async apply(m: EntityManager, admin: AdminUser, dto: UpdateAdminUserDto, passwordHash?: string): Promise<void> {
    const patch: Partial<AdminUser> = {};
    if (dto.role !== undefined) patch.role = dto.role;
    if (dto.status !== undefined) patch.status = dto.status;
    if (dto.boundOpenid !== undefined) patch.boundOpenid = dto.boundOpenid;
    if (dto.storeId !== undefined) patch.storeId = dto.storeId;
    else if (dto.role !== undefined && dto.role !== 'store_staff') patch.storeId = null;
    if (passwordHash !== undefined) {
      patch.passwordHash = passwordHash;
      await clearLoginThrottle(m, admin.username);
    }
    // Existing tokens die with a password change or a disable.
    if (passwordHash !== undefined || dto.status === 'disabled') patch.tokenVersion = admin.tokenVersion + 1;
    if (Object.keys(patch).length > 0) await m.getRepository(AdminUser).update({ id: admin.id }, { ...patch, updatedAt: this.clock.now() });
  }

  private uniqueViolation(err: unknown, boundOpenid?: string | null): unknown {
    if (!isDuplicateKeyError(err)) return err;
    return boundOpenid && /openid/i.test((err as Error).message) ? AuthErrors.openidBound() : AuthErrors.usernameTaken();
  }
}

/** A store_staff account belongs to one store; the other roles to none (400 naming storeId otherwise). */
function checkStore(role: AdminRole, storeId: number | null): void {
  if (role === 'store_staff' && storeId === null) throw CommonErrors.field('storeId', 'storeId is required for store_staff');
  if (role !== 'store_staff' && storeId !== null) throw CommonErrors.field('storeId', 'storeId is only for store_staff');
}

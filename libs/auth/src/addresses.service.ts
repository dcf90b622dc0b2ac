import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, CommonErrors } from '@app/common';
import { select, TransactionRunner } from '@app/database';
import { Address } from './address.entity';
import { AuthErrors } from './auth.errors';
import { OWNED_ADDRESS } from './auth.sql';
import { toAddressView, type AddressView } from './dto/auth.mappers';
import type { CreateAddressDto, UpdateAddressDto } from './dto/address.dto';
import { UsersService } from './users.service';

export const MAX_ADDRESSES = 20;

/**
 * The address book. Invariants: at most 20 per user; exactly one default whenever any exist.
 * Every write locks the owner's user row first, so concurrent writes of one user serialize and
 * cannot break either invariant; other users are never blocked.
 */
@Injectable()
export class AddressesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly users: UsersService,
  ) {}

  async list(userId: number): Promise<AddressView[]> {
    return (await this.all(this.ds.manager, userId)).map(toAddressView);
  }

  async get(userId: number, id: number): Promise<AddressView> {
    return toAddressView(await this.own(this.ds.manager, userId, id));
  }

  /** For checkout (a hot path, hence plain SQL): the user's own address, else 404. */
  async findOwned(manager: EntityManager, userId: number, id: number): Promise<AddressView> {
    const [row] = await select(manager, OWNED_ADDRESS, [id, userId]);
    if (!row) throw CommonErrors.notFound('Address');
    return toAddressView(row);
  }

  async create(userId: number, dto: CreateAddressDto): Promise<AddressView> {
    return this.tx.run(async (m) => {
      await this.users.lockUser(m, userId);
      const count = await m.getRepository(Address).count({ where: { userId } });
      if (count >= MAX_ADDRESSES) throw AuthErrors.addressLimit(MAX_ADDRESSES);
      const makeDefault = count === 0 || dto.isDefault === true;
      if (makeDefault) await m.getRepository(Address).update({ userId, isDefault: true }, { isDefault: false });
      const now = this.clock.now();
      const { identifiers } = await m
        .getRepository(Address)
        .insert({ ...dto, postalCode: dto.postalCode ?? null, userId, isDefault: makeDefault, createdAt: now, updatedAt: now });
      return toAddressView(await this.own(m, userId, (identifiers[0] as { id: number }).id));
    });
  }

  async update(userId: number, id: number, dto: UpdateAddressDto): Promise<AddressView> {
    return this.tx.run(async (m) => {
      await this.users.lockUser(m, userId);
      const address = await this.own(m, userId, id);
      if (dto.isDefault === false && address.isDefault) throw AuthErrors.addressDefaultRequired();
      if (dto.isDefault === true && !address.isDefault)
        await m.getRepository(Address).update({ userId, isDefault: true }, { isDefault: false });
      const { isDefault, ...fields } = dto;
      await m
        .getRepository(Address)
        .update({ id, userId }, { ...fields, ...(isDefault ? { isDefault } : {}), updatedAt: this.clock.now() });
      return toAddressView(await this.own(m, userId, id));
    });
  }

  async remove(userId: number, id: number): Promise<void> {
    await this.tx.run(async (m) => {
      await this.users.lockUser(m, userId);
      const address = await this.own(m, userId, id);
      await m.getRepository(Address).delete({ id, userId });
      if (address.isDefault) {
        const next = await m
          .getRepository(Address)
          .findOne({ where: { userId }, order: { updatedAt: 'DESC', id: 'DESC' }, select: { id: true } });
        if (next) await m.getRepository(Address).update({ id: next.id }, { isDefault: true });
      }
    });
  }

  private async all(m: EntityManager, userId: number): Promise<Address[]> {
    return m.getRepository(Address).find({ where: { userId }, order: { isDefault: 'DESC', updatedAt: 'DESC', id: 'DESC' } });
  }

  private async own(m: EntityManager, userId: number, id: number): Promise<Address> {
    const address = await m.getRepository(Address).findOne({ where: { id, userId } });
    if (!address) throw CommonErrors.notFound('Address');
    return address;
  }
}

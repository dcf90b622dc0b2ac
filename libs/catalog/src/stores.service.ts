import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, type Page, pageParams, type PageQuery, toPage } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import { toStoreView, type StoreView } from './dto/catalog.mappers';
import type { CreateStoreDto, StoreQuery, UpdateStoreDto } from './dto/storefront.dto';
import { haversineMeters } from './geo';
import { Store } from './store.entity';

/** A store as a pick-up order records it. */
export interface PickupStore {
  id: number;
  name: string;
  province: string;
  city: string;
  district: string;
  address: string;
  fullAddress: string;
  phone: string;
  pickupHours: string;
  pickupPrepMinutes: number;
}

/**
 * Physical stores. A shop has a handful to a few hundred, so "nearest first" is computed in process over the
 * active ones (the same on MySQL and the embedded database) instead of trigonometry in SQL.
 */
@Injectable()
export class StoresService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async nearby(q: StoreQuery): Promise<Page<StoreView>> {
    if ((q.lat === undefined) !== (q.lng === undefined)) {
      const missing = q.lat === undefined ? 'lat' : 'lng';
      throw CatalogErrors.field(missing, 'lat and lng are given together');
    }
    const stores = await this.ds.getRepository(Store).find({ where: { status: 'active' }, order: { sort: 'ASC', id: 'ASC' } });
    let views = stores.map((s) => toStoreView(s));
    if (q.lat !== undefined && q.lng !== undefined) {
      const { lat, lng } = q;
      views = stores
        .map((s) => toStoreView(s, haversineMeters(lat, lng, s.latitude, s.longitude)))
        .sort((a, b) => a.distanceMeters! - b.distanceMeters! || a.id - b.id);
    }
    const { offset, pageSize } = pageParams(q);
    return toPage(views.slice(offset, offset + pageSize), views.length, q);
  }

  async list(q: PageQuery): Promise<Page<StoreView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds
      .getRepository(Store)
      .findAndCount({ order: { sort: 'ASC', id: 'ASC' }, skip: offset, take: pageSize });
    return toPage(
      rows.map((s) => toStoreView(s)),
      total,
      q,
    );
  }

  async get(id: number): Promise<StoreView> {
    const store = await this.ds.getRepository(Store).findOne({ where: { id } });
    if (!store) throw CatalogErrors.storeNotFound();
    return toStoreView(store);
  }

  async create(dto: CreateStoreDto): Promise<StoreView> {
    const now = this.clock.now();
    const { identifiers } = await this.ds.getRepository(Store).insert({
      ...dto,
      phone: dto.phone ?? '',
      businessHours: dto.businessHours ?? '',
      status: dto.status ?? 'active',
      sort: dto.sort ?? 0,
      pickupEnabled: dto.pickupEnabled ?? false,
      pickupHours: dto.pickupHours ?? '',
      pickupPrepMinutes: dto.pickupPrepMinutes ?? 0,
      createdAt: now,
      updatedAt: now,
    });
    return this.get((identifiers[0] as { id: number }).id);
  }

  async update(id: number, dto: UpdateStoreDto): Promise<StoreView> {
    const res = await this.ds.getRepository(Store).update({ id }, { ...dto, updatedAt: this.clock.now() });
    if (!res.affected) throw CatalogErrors.storeNotFound();
    return this.get(id);
  }

  /** An active store that takes pick-ups, as an order snapshots it (null otherwise). */
  async pickupStore(manager: EntityManager | undefined, id: number): Promise<PickupStore | null> {
    const s = await (manager ?? this.ds.manager).findOne(Store, { where: { id } });
    if (!s || s.status !== 'active' || !s.pickupEnabled) return null;
    const v = toStoreView(s);
    return {
      id: v.id,
      name: v.name,
      province: v.province,
      city: v.city,
      district: v.district,
      address: v.address,
      fullAddress: v.fullAddress,
      phone: v.phone,
      pickupHours: v.pickupHours,
      pickupPrepMinutes: v.pickupPrepMinutes,
    };
  }

  async remove(id: number): Promise<void> {
    const res = await this.ds.getRepository(Store).delete({ id });
    if (!res.affected) throw CatalogErrors.storeNotFound();
  }
}

import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AddressesService, type AddressView } from '@app/auth';
import { type PickupStore, StoresService } from '@app/catalog';
import { CommonErrors } from '@app/common';
import { dbValue, execute } from '@app/database';
import type { CreateOrderDto } from './dto/create-order.dto';
import type { OrderPickup } from './order-pickup.entity';
import type { AddressSnapshot } from './order.entity';
import { OrdersErrors } from './orders.errors';
import { INSERT_ORDER_PICKUP, INSERT_PICKUP_EVENT } from './orders.sql';

/** Where an order goes, decided in its creating transaction: an address of the shopper's, or a store (pick-up). */
@Injectable()
export class OrderDestinations {
  constructor(
    private readonly addresses: AddressesService,
    private readonly stores: StoresService,
  ) {}

  /**
   * Where the order goes: the shopper's address (delivery), or the store with the collector's name and phone (pickup:
   * the order's address snapshot is the store's, so every reader of the address keeps working).
   */
  async resolve(m: EntityManager, userId: number, dto: CreateOrderDto): Promise<{ address: AddressSnapshot; store: PickupStore | null }> {
    if (dto.deliveryMode !== 'pickup') {
      if (dto.addressId === undefined) throw CommonErrors.field('addressId', 'addressId is required for delivery');
      return { address: snapshotOf(await this.addresses.findOwned(m, userId, dto.addressId)), store: null };
    }
    if (dto.addressId !== undefined) throw CommonErrors.field('addressId', 'a pick-up order has no address');
    if (dto.pickupStoreId === undefined) throw CommonErrors.field('pickupStoreId', 'pickupStoreId is required for pickup');
    if (dto.pickerName === undefined) throw CommonErrors.field('pickerName', 'pickerName is required for pickup');
    if (dto.pickerPhone === undefined) throw CommonErrors.field('pickerPhone', 'pickerPhone is required for pickup');
    const store = await this.stores.pickupStore(m, dto.pickupStoreId);
    if (!store) throw OrdersErrors.pickupUnavailable(dto.pickupStoreId);
    const address: AddressSnapshot = {
      receiverName: dto.pickerName,
      phone: dto.pickerPhone,
      province: store.province,
      city: store.city,
      district: store.district,
      detail: `${store.name} ${store.address}`.slice(0, 200),
      postalCode: null,
      fullAddress: store.fullAddress,
    };
    return { address, store };
  }

  /** The pick-up row (its verification code drawn here: 8 random digits) and its first audit row. */
  async insertPickup(
    m: EntityManager,
    userId: number,
    orderId: number,
    store: PickupStore,
    dto: CreateOrderDto,
    now: Date,
  ): Promise<OrderPickup> {
    const pickup: OrderPickup = {
      orderId,
      storeId: store.id,
      storeName: store.name.slice(0, 64),
      pickerName: dto.pickerName!,
      pickerPhone: dto.pickerPhone!,
      code: String(randomInt(0, 100_000_000)).padStart(8, '0'),
      status: 'preparing',
      readyAt: null,
      dueAt: null,
      pickedUpAt: null,
      wechatUploadedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await execute(m, INSERT_ORDER_PICKUP, [
      orderId,
      pickup.storeId,
      pickup.storeName,
      pickup.pickerName,
      pickup.pickerPhone,
      pickup.code,
      pickup.status,
      dbValue(m, now),
      dbValue(m, now),
    ]);
    await execute(m, INSERT_PICKUP_EVENT, [orderId, null, 'preparing', 'user', userId, 'created', dbValue(m, now)]);
    return pickup;
  }
}

function snapshotOf(a: AddressView): AddressSnapshot {
  return {
    receiverName: a.receiverName,
    phone: a.phone,
    province: a.province,
    city: a.city,
    district: a.district,
    detail: a.detail,
    postalCode: a.postalCode,
    fullAddress: a.fullAddress,
  };
}

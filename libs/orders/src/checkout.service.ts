import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AddressesService } from '@app/auth';
import { CartService } from '@app/cart';
import { CouponCheckout } from '@app/promotions';
import { CatalogErrors, CatalogService, InventoryService, type SkuSnapshot, StoresService } from '@app/catalog';
import { type AppException, Clock, newBusinessNo } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbValue, insertRows, isDuplicateKeyError, select, TransactionRunner } from '@app/database';
import { ModerationService, NOT_CHECKED, SCENE, type TextScreening } from '@app/moderation';
import { SettingsService } from '@app/settings';
import type { CheckoutPreviewDto, CreateOrderDto } from './dto/create-order.dto';
import { MAX_ORDER_LINES } from './dto/create-order.dto';
import type { CheckoutPreview } from './dto/checkout-view.dto';
import { toOrderView, type OrderView } from './dto/order.mappers';
import type { OrderItem } from './order-item.entity';
import type { OrderPickup } from './order-pickup.entity';
import { couponLines, MAX_ORDER_FEN, maxCouponDiscount, priceLines, type Pricing, type RequestedLine, withCoupon } from './order-pricing';
import { OrderDestinations } from './order-destinations';
import { Order } from './order.entity';
import { OrdersErrors } from './orders.errors';
import { OrdersService } from './orders.service';
import { OrderWebhooks } from './order-webhooks';
import { insertOrderEvent, OrderTransitions } from './order-transitions.service';
import {
  INSERT_ORDER,
  INSERT_ORDER_ITEMS,
  ORDER_BY_KEY,
  ORDER_DEFAULTS,
  ORDER_INSERTED,
  ORDER_ITEM_DEFAULTS,
  ORDER_ITEM_INSERTED,
} from './orders.sql';
import { perOrderBlockers, PurchaseLimits } from './purchase-limits.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;
/** Content checks of an order's remark name the order as their target. */
export const REMARK_TARGET = 'order_remark';

interface PlacedOrder {
  order: Order;
  items: OrderItem[];
  pickup: OrderPickup | null;
}

/** The Idempotency-Key was already used, found under the shopper's lock: the order it created. */
interface KeyTaken {
  replayOf: { id: number; requestHash: string };
}

export interface CreatedOrder {
  order: OrderView;
  /** True when the Idempotency-Key had already created this order: nothing new was written. */
  replayed: boolean;
}

/**
 * Checkout: price the lines, and create the order in ONE transaction that snapshots items and
 * address, writes the first event, removes the ordered cart lines, and reserves stock LAST (the hot
 * SKU rows stay locked only for the ledger insert and the commit). Retries with the same
 * Idempotency-Key return the original order; a different body under that key is a conflict.
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger(CheckoutService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly catalog: CatalogService,
    private readonly inventory: InventoryService,
    private readonly cart: CartService,
    private readonly addresses: AddressesService,
    private readonly stores: StoresService,
    private readonly destinations: OrderDestinations,
    private readonly orders: OrdersService,
    private readonly limits: PurchaseLimits,
    private readonly coupons: CouponCheckout,
    private readonly transitions: OrderTransitions,
    private readonly webhooks: OrderWebhooks,
    private readonly moderation: ModerationService,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Prices the lines and says whether creating the order would succeed: the same checks as creation, in the same
   * order (stock last, as creation leaves it to the reservation), collected instead of thrown.
   */
  async preview(userId: number, dto: CheckoutPreviewDto): Promise<CheckoutPreview> {
    const lines = await this.requestedLines(undefined, userId, dto);
    const snapshots = await this.catalog.findSkusForCheckout(
      undefined,
      lines.map((l) => l.skuId),
    );
    const pickup = dto.deliveryMode === 'pickup';
    const base = priceLines(lines, snapshots, this.shippingRule(pickup));
    const coupons = await this.coupons.choose(
      userId,
      couponLines(base),
      maxCouponDiscount(base, this.config.business.allowFreeOrders),
      dto.couponId,
      this.clock.now(),
    );
    const pricing = withCoupon(base, coupons.applied);
    const blockers = [
      ...(pickup && dto.pickupStoreId && !(await this.stores.pickupStore(undefined, dto.pickupStoreId))
        ? [OrdersErrors.pickupUnavailable(dto.pickupStoreId)]
        : []),
      ...this.lineBlockers(lines, snapshots, pickup).blockers,
      ...(await this.limits.shopperBlockers(this.ds.manager, userId, lines, snapshots)),
      ...(coupons.refusal ? [coupons.refusal] : []),
      ...stockBlockers(lines, snapshots),
    ];
    const address = dto.addressId && !pickup ? await this.addresses.findOwned(this.ds.manager, userId, dto.addressId) : null;
    return {
      ...pricing,
      lines: pricing.lines.map(({ categoryIds: _, ...l }) => l),
      coupons: coupons.options,
      address,
      orderable: blockers.length === 0,
      blockers: blockers.map((e) => ({ code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) })),
    };
  }

  async create(userId: number, idempotencyKey: string | undefined, dto: CreateOrderDto): Promise<CreatedOrder> {
    if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) throw OrdersErrors.idempotencyKeyRequired();
    const requestHash = hashRequest(dto);
    const replay = await this.findByKey(userId, idempotencyKey, requestHash);
    if (replay) return replay;
    // The remark is checked by WeChat before anything is written (risky: 400 CONTENT_RISKY naming `remark`).
    const remark = dto.remark
      ? await this.moderation.screenText({ userId, scene: SCENE.comment, content: dto.remark, targetType: REMARK_TARGET, field: 'remark' })
      : NOT_CHECKED;
    try {
      // The response is built from what was written (no read-back): nothing else can have changed a
      // pending order that was committed a moment ago.
      const placed = await this.tx.run((m) => this.place(m, userId, idempotencyKey, requestHash, dto, remark));
      if ('replayOf' in placed) {
        if (placed.replayOf.requestHash !== requestHash) throw OrdersErrors.idempotencyConflict(placed.replayOf.id);
        return { order: await this.orders.detail(userId, placed.replayOf.id), replayed: true };
      }
      return {
        order: toOrderView(placed.order, placed.items, this.orders.viewContext(), [], placed.pickup, true),
        replayed: false,
      };
    } catch (err) {
      // A concurrent request with the same key committed first: answer with its order.
      if (isDuplicateKeyError(err) && /idempotency/i.test((err as Error).message)) {
        const winner = await this.findByKey(userId, idempotencyKey, requestHash);
        if (winner) return winner;
      }
      throw err;
    }
  }

  private async place(
    m: EntityManager,
    userId: number,
    key: string,
    requestHash: string,
    dto: CreateOrderDto,
    remarkCheck: TextScreening,
  ): Promise<PlacedOrder | KeyTaken> {
    const lines = await this.requestedLines(m, userId, dto);
    const { address, store } = await this.destinations.resolve(m, userId, dto);
    const snapshots = await this.catalog.findSkusForCheckout(
      m,
      lines.map((l) => l.skuId),
    );
    // Stock is not judged here: reserveStock below is the authority and names every short SKU.
    const { pricing: base, blockers } = this.lineBlockers(lines, snapshots, store !== null);
    if (blockers[0]) throw blockers[0];
    if (this.limits.appliesTo(snapshots)) {
      await this.limits.lockShopper(m, userId);
      // Under the lock, a concurrent request with this key has either committed (answer with its order) or waits.
      const [taken] = await select(m, ORDER_BY_KEY, [userId, key]);
      if (taken) return { replayOf: taken };
      const [refused] = await this.limits.shopperBlockers(m, userId, lines, snapshots);
      if (refused) throw refused;
    }

    const now = this.clock.now();
    const pricing = dto.couponId
      ? withCoupon(
          base,
          await this.coupons.applicable(
            m,
            userId,
            dto.couponId,
            couponLines(base),
            maxCouponDiscount(base, this.config.business.allowFreeOrders),
            now,
          ),
        )
      : base;
    // Built from what INSERT_ORDER writes and the table's defaults for the rest: the answer is what was stored.
    const order: Order = {
      id: 0,
      orderNo: '',
      userId,
      status: 'pending_payment',
      itemsTotal: pricing.itemsTotal,
      shippingFee: pricing.shippingFee,
      discountTotal: pricing.discountTotal,
      deliveryMode: store ? 'pickup' : 'delivery',
      couponId: pricing.couponId,
      payAmount: pricing.payAmount,
      paidAmount: 0,
      refundedAmount: 0,
      address,
      remark: dto.remark ?? '',
      idempotencyKey: key,
      requestHash,
      payExpiresAt: new Date(now.getTime() + this.settings.current().orderPayMinutes * 60_000),
      createdAt: now,
      updatedAt: now,
      ...ORDER_DEFAULTS,
    };
    const { id: orderId, orderNo } = await this.insertOrder(m, order);
    Object.assign(order, { id: orderId, orderNo });
    await this.moderation.attach(m, { type: REMARK_TARGET, id: orderId }, [remarkCheck]);
    const items: OrderItem[] = pricing.lines.map((l) => ({
      id: 0,
      orderId,
      productId: l.productId,
      skuId: l.skuId,
      title: l.title.slice(0, 120),
      specText: l.specText.slice(0, 120),
      image: l.image.slice(0, 512),
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      lineTotal: l.lineTotal,
      discountAmount: l.discountAmount,
      paidAmount: l.paidAmount,
      ...ORDER_ITEM_DEFAULTS,
    }));
    // One multi-row INSERT; its rows get consecutive ids.
    const firstItemId = await insertRows(
      m,
      INSERT_ORDER_ITEMS(items.length),
      items.flatMap((i) => ORDER_ITEM_INSERTED.map((k) => i[k])),
      items.length,
    );
    items.forEach((item, i) => (item.id = firstItemId + i));
    await insertOrderEvent(m, {
      orderId,
      fromStatus: null,
      toStatus: 'pending_payment',
      actor: 'user',
      actorId: userId,
      note: 'created',
      createdAt: now,
    });
    const pickup = store && (await this.destinations.insertPickup(m, userId, orderId, store, dto, now));
    // The coupon is locked before the stock (the hot rows stay last): of two orders racing for it, one wins.
    if (pricing.couponId) await this.coupons.lockToOrder(m, pricing.couponId, userId, orderId, now);
    if (dto.fromCart)
      await this.cart.removeSkus(
        m,
        userId,
        lines.map((l) => l.skuId),
      );
    // The event before the stock: its document (the order, its items) is complete here, and the hot SKU rows stay
    // last, locked for the fewest statements. After them, the event's reads and job row doubled how long a hot SKU
    // stayed locked per order (S4 ran at half its rate with an endpoint subscribed). A refusal rolls the event back.
    await this.webhooks.emit(m, 'created', orderId);
    await this.inventory.reserveStock(m, lines, { type: 'order', id: orderId });
    if (order.payAmount === 0) await this.payNothing(m, order, now);
    return { order, items, pickup };
  }

  private shippingRule(pickup: boolean): { shippingFee: number; freeShippingThreshold: number } {
    return pickup ? { shippingFee: 0, freeShippingThreshold: 0 } : this.settings.current();
  }

  /** A coupon covered everything (ALLOW_FREE_ORDERS): nothing to pay, so the order is paid as it is created. */
  private async payNothing(m: EntityManager, order: Order, now: Date): Promise<void> {
    await this.transitions.apply(m, {
      order,
      step: 'paid',
      actor: 'system',
      note: 'nothing to pay',
      values: { paidAt: now, paidAmount: 0 },
      and: [now],
    });
    Object.assign(order, { status: 'paid', paidAt: now, paidAmount: 0 });
  }

  /**
   * Order numbers are random past the millisecond; a clash (astronomically rare) just draws again. Plain
   * SQL, like the rest of order creation: the query builder's CPU slows every order under a promotion.
   */
  private async insertOrder(m: EntityManager, o: Order): Promise<{ id: number; orderNo: string }> {
    for (let attempt = 0; ; attempt++) {
      const orderNo = newBusinessNo(this.clock.now());
      try {
        const id = await insertRows(
          m,
          INSERT_ORDER,
          ORDER_INSERTED.map((k) => dbValue(m, k === 'orderNo' ? orderNo : o[k])),
        );
        return { id, orderNo };
      } catch (err) {
        if (attempt < 3 && isDuplicateKeyError(err) && /order_no/i.test((err as Error).message)) {
          this.logger.warn('order number clash: drawing another');
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * What the request and the catalog alone refuse, in the order creation checks it: unknown SKUs (404, as in the
   * cart), SKUs that cannot be bought, the order's size, per-order purchase limits. Stock is left out.
   */
  private lineBlockers(
    lines: readonly RequestedLine[],
    snapshots: ReadonlyMap<number, SkuSnapshot>,
    pickup = false,
  ): { pricing: Pricing; blockers: AppException[] } {
    const pricing = priceLines(lines, snapshots, this.shippingRule(pickup), { ignoreStock: true });
    const blockers: AppException[] = [];
    const unknown = pricing.problems.filter((p) => p.problem === 'not_found').map((p) => p.skuId);
    if (unknown.length > 0) blockers.push(CatalogErrors.unknownSkus(unknown));
    const unavailable = pricing.problems.filter((p) => p.problem !== 'not_found');
    if (unavailable.length > 0)
      blockers.push(OrdersErrors.skusUnavailable(unavailable.map((p) => ({ skuId: p.skuId, reason: p.problem }))));
    if (pricing.payAmount > MAX_ORDER_FEN) blockers.push(OrdersErrors.amountTooLarge());
    blockers.push(...perOrderBlockers(lines, snapshots));
    return { pricing, blockers };
  }

  private async requestedLines(m: EntityManager | undefined, userId: number, dto: CheckoutPreviewDto): Promise<RequestedLine[]> {
    if (dto.items && dto.fromCart) throw OrdersErrors.itemsOrCart();
    const lines =
      dto.items ?? (dto.fromCart ? (await this.cart.selectedLines(m, userId)).map((l) => ({ skuId: l.skuId, quantity: l.quantity })) : []);
    if (lines.length === 0) throw OrdersErrors.emptyOrder();
    if (lines.length > MAX_ORDER_LINES) throw OrdersErrors.tooManyLines(MAX_ORDER_LINES);
    const seen = new Set<number>();
    for (const l of lines) {
      if (seen.has(l.skuId)) throw OrdersErrors.duplicateSku(l.skuId);
      seen.add(l.skuId);
    }
    return lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
  }

  private async findByKey(userId: number, key: string, requestHash: string): Promise<CreatedOrder | undefined> {
    const [existing] = await select(this.ds.manager, ORDER_BY_KEY, [userId, key]);
    if (!existing) return undefined;
    if (existing.requestHash !== requestHash) throw OrdersErrors.idempotencyConflict(existing.id);
    return { order: await this.orders.detail(userId, existing.id), replayed: true };
  }
}

/** Lines the catalog has too little stock for, as the reservation would refuse them (409 OUT_OF_STOCK, SKU id order). */
function stockBlockers(lines: readonly RequestedLine[], snapshots: ReadonlyMap<number, SkuSnapshot>): AppException[] {
  const short = lines
    .filter((l) => snapshots.get(l.skuId)?.available)
    .map((l) => ({ skuId: l.skuId, requested: l.quantity, available: snapshots.get(l.skuId)!.stock }))
    .filter((s) => s.available < s.requested)
    .sort((a, b) => a.skuId - b.skuId);
  return short.length > 0 ? [CatalogErrors.outOfStock(short)] : [];
}

/** Stable hash of the request body (key order does not matter). */
export function hashRequest(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

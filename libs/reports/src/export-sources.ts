import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { dbDate, dbDateTime, ReadReplicas, select, type Sql } from '@app/database';
import { BusinessCalendar } from './business-calendar';
import { type Cell, maskedOpenid, maskedPhone, yuan } from './csv';
import type { ExportKind } from './export-kinds';
import type { ProductReportQuery, SalesReportQuery } from './dto/report-query.dto';
import {
  countAfterSalesUpTo,
  countCustomersUpTo,
  countInventoryUpTo,
  countOrdersUpTo,
  countRefundsUpTo,
  customerTotals,
  exportAfterSales,
  exportCustomers,
  exportInventory,
  exportOrderItems,
  exportOrders,
  exportRefunds,
  type OrderItemExportRow,
} from './reports.sql';
import { DistributionReportsService } from './distribution-reports.service';
import type { DistributionReportQuery } from './dto/report-query.dto';
import { SalesReportsService } from './sales-reports.service';

/** An export's validated filters as stored for its job (query values), and whether phones are shown whole. */
export type ExportParams = Record<string, string | number | undefined>;
export interface ExportContext {
  unmasked: boolean;
}

export interface ExportSource {
  header: readonly string[];
  /** Rows matching, counted up to `limit` (only to choose between streaming and a job). */
  countUpTo(params: ExportParams, limit: number): Promise<number>;
  /** The rows, a batch at a time, read as the consumer asks for them (constant memory). */
  batches(params: ExportParams, ctx: ExportContext): AsyncGenerator<Cell[][]>;
}

const BATCH = 500;
const BEFORE_ALL = 2_147_483_647;

/** Optional filters: which are set (for the statement's shape) and their values in the statement's order. */
function filters(
  defs: Record<string, (v: string | number) => unknown[]>,
  params: ExportParams,
): { on: Record<string, boolean>; values: unknown[] } {
  const on: Record<string, boolean> = {};
  const values: unknown[] = [];
  for (const [k, toValues] of Object.entries(defs)) {
    const v = params[k];
    on[k] = v !== undefined;
    if (v !== undefined) values.push(...toValues(v));
  }
  return { on, values };
}

/** LIKE '%...%' with ! as the escape character. */
const contains = (v: string | number): string => `%${String(v).replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** Keyset batches newest first: `page(beforeId)` answers rows with `id`. */
async function* keyset<R extends { id: number }>(
  page: (before: number) => Promise<R[]>,
  map: (rows: R[]) => Promise<Cell[][]> | Cell[][],
): AsyncGenerator<Cell[][]> {
  let before = BEFORE_ALL;
  for (;;) {
    const rows = await page(before);
    if (rows.length === 0) return;
    yield await map(rows);
    if (rows.length < BATCH) return;
    before = Number(rows[rows.length - 1]!.id);
  }
}

/** What each export writes, read with reports' own SQL (reports.sql.ts). */
@Injectable()
export class ExportSources {
  private readonly m: EntityManager;
  private readonly local: Intl.DateTimeFormat;

  constructor(
    ds: DataSource,
    private readonly replicas: ReadReplicas,
    private readonly calendar: BusinessCalendar,
    private readonly reports: SalesReportsService,
    private readonly distribution: DistributionReportsService,
  ) {
    this.m = ds.manager;
    this.local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: calendar.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** Exports read what a read replica has when there is one (ReadReplicas: a lag of a second or two at most). */
  private select<Row>(s: Sql<Row>, params: readonly unknown[]): Promise<Row[]> {
    return this.replicas.read((m) => select(m, s, params));
  }

  /** A stored time as the shop reads it: "2026-11-30 09:15:02" in SHOP_TIMEZONE. */
  private time(v: unknown): string {
    const d = dbDate(this.m, v);
    return d ? this.local.format(d) : '';
  }

  private date(v: string | number): unknown[] {
    return [dbDateTime(this.m, new Date(String(v)))];
  }

  private async count(statement: Sql<{ n: number }>, values: unknown[], limit: number): Promise<number> {
    const [row] = await this.select(statement, [...values, limit]);
    return Number(row?.n ?? 0);
  }

  source(kind: ExportKind): ExportSource {
    return this.sources[kind];
  }

  private readonly sources: Record<ExportKind, ExportSource> = {
    orders: {
      header: [
        '订单号',
        '状态',
        '下单时间',
        '支付时间',
        '用户ID',
        '收货人',
        '手机号',
        '收货地址',
        '商品ID',
        'SKU ID',
        '商品',
        '规格',
        '单价(元)',
        '单价(分)',
        '数量',
        '小计(元)',
        '小计(分)',
        '已退数量',
        '已退金额(元)',
        '已退金额(分)',
        '订单实付(元)',
        '订单实付(分)',
        '运费(元)',
        '运费(分)',
        '订单已退(元)',
        '订单已退(分)',
        '备注',
      ],
      countUpTo: (p, limit) => {
        const f = this.orderFilters(p);
        return this.count(countOrdersUpTo(f.on as never), f.values, limit);
      },
      batches: (p, ctx) => {
        const f = this.orderFilters(p);
        return keyset(
          (before) => this.select(exportOrders(f.on as never), [before, ...f.values, BATCH]),
          async (orders) => {
            const items = new Map<number, OrderItemExportRow[]>();
            for (const i of await this.select(
              exportOrderItems(orders.length),
              orders.map((o) => o.id),
            )) {
              const list = items.get(Number(i.orderId));
              if (list) list.push(i);
              else items.set(Number(i.orderId), [i]);
            }
            return orders.flatMap((o) => {
              const a = (typeof o.address === 'string' ? JSON.parse(o.address) : o.address) as {
                receiverName?: string;
                phone?: string;
                fullAddress?: string;
              };
              return (items.get(Number(o.id)) ?? []).map((l) => [
                o.orderNo,
                o.status,
                this.time(o.createdAt),
                this.time(o.paidAt),
                o.userId,
                a.receiverName,
                maskedPhone(a.phone, ctx.unmasked),
                a.fullAddress,
                l.productId,
                l.skuId,
                l.title,
                l.specText,
                yuan(l.unitPrice),
                l.unitPrice,
                l.quantity,
                yuan(l.lineTotal),
                l.lineTotal,
                l.refundedQuantity,
                yuan(l.refundedAmount),
                l.refundedAmount,
                yuan(o.paidAmount),
                o.paidAmount,
                yuan(o.shippingFee),
                o.shippingFee,
                yuan(o.refundedAmount),
                o.refundedAmount,
                o.remark,
              ]);
            });
          },
        );
      },
    },
    'after-sales': {
      header: [
        '售后单号',
        '订单号',
        '用户ID',
        '类型',
        '状态',
        '原因',
        '申请金额(元)',
        '申请金额(分)',
        '退款金额(元)',
        '退款金额(分)',
        '退货快递',
        '退货单号',
        '申请时间',
        '关闭时间',
      ],
      countUpTo: (p, limit) => {
        const f = this.afterSaleFilters(p);
        return this.count(countAfterSalesUpTo(f.on as never), f.values, limit);
      },
      batches: (p) => {
        const f = this.afterSaleFilters(p);
        return keyset(
          (before) => this.select(exportAfterSales(f.on as never), [before, ...f.values, BATCH]),
          (rows) =>
            rows.map((r) => [
              r.afterSaleNo,
              r.orderNo,
              r.userId,
              r.type,
              r.status,
              r.reason,
              yuan(r.requestedAmount),
              r.requestedAmount,
              yuan(r.refundAmount),
              r.refundAmount,
              r.returnCompany,
              r.returnTrackingNo,
              this.time(r.createdAt),
              this.time(r.closedAt),
            ]),
        );
      },
    },
    refunds: {
      header: [
        '退款单号',
        '订单号',
        '售后ID',
        '金额(元)',
        '金额(分)',
        '状态',
        '原因',
        '迟到支付退款',
        '微信退款单号',
        '创建时间',
        '成功时间',
      ],
      countUpTo: (p, limit) => {
        const f = this.refundFilters(p);
        return this.count(countRefundsUpTo(f.on as never), f.values, limit);
      },
      batches: (p) => {
        const f = this.refundFilters(p);
        return keyset(
          (before) => this.select(exportRefunds(f.on as never), [before, ...f.values, BATCH]),
          (rows) =>
            rows.map((r) => [
              r.outRefundNo,
              r.orderNo,
              r.afterSaleId,
              yuan(r.amount),
              r.amount,
              r.status,
              r.reason,
              Number(r.latePayment) ? '是' : '否',
              r.wechatRefundId,
              this.time(r.createdAt),
              this.time(r.succeededAt),
            ]),
        );
      },
    },
    inventory: {
      header: ['商品ID', '商品', '分类', '商品状态', 'SKU ID', '编码', '规格', '售价(元)', '售价(分)', '库存', '销量', 'SKU状态'],
      countUpTo: (p, limit) => {
        const f = this.inventoryFilters(p);
        return this.count(countInventoryUpTo(f.on as never), f.values, limit);
      },
      batches: (p) => {
        const f = this.inventoryFilters(p);
        return keyset(
          (before) =>
            this.select(exportInventory(f.on as never), [before, ...f.values, BATCH]).then((rows) =>
              rows.map((r) => ({ ...r, id: r.skuId })),
            ),
          (rows) =>
            rows.map((r) => [
              r.productId,
              r.title,
              r.categoryName,
              r.productStatus,
              r.skuId,
              r.code,
              r.specText,
              yuan(r.price),
              r.price,
              r.stock,
              r.salesCount,
              r.skuStatus,
            ]),
        );
      },
    },
    customers: {
      header: ['用户ID', 'OpenID', '昵称', '手机号', '状态', '注册时间', '支付订单数', '累计消费(元)', '累计消费(分)', '最近支付'],
      countUpTo: (p, limit) => {
        const f = this.customerFilters(p);
        return this.count(countCustomersUpTo(f.on as never), f.values, limit);
      },
      batches: (p, ctx) => {
        const f = this.customerFilters(p);
        return keyset(
          (before) => this.select(exportCustomers(f.on as never), [before, ...f.values, BATCH]),
          async (rows) => {
            const totals = new Map(
              (
                await this.select(
                  customerTotals(rows.length),
                  rows.map((r) => r.id),
                )
              ).map((t) => [Number(t.userId), t]),
            );
            return rows.map((r) => {
              const t = totals.get(Number(r.id));
              const spend = Number(t?.spend ?? 0);
              return [
                r.id,
                maskedOpenid(r.openid),
                r.nickname,
                maskedPhone(r.phone, ctx.unmasked),
                r.status,
                this.time(r.createdAt),
                Number(t?.orders ?? 0),
                yuan(spend),
                spend,
                this.time(t?.lastPaidAt),
              ];
            });
          },
        );
      },
    },
    'sales-report': {
      header: [
        '周期',
        'GMV(元)',
        'GMV(分)',
        '支付订单数',
        '支付买家数',
        '新买家数',
        '客单价(元)',
        '客单价(分)',
        '退款笔数',
        '退款金额(元)',
        '退款金额(分)',
        '净销售额(元)',
        '净销售额(分)',
      ],
      countUpTo: async () => Promise.resolve(0),
      batches: (p) => this.salesRows(p),
    },
    'product-report': {
      header: [
        '商品ID',
        'SKU ID',
        '分类ID',
        '名称',
        '规格',
        '销量',
        '销售额(元)',
        '销售额(分)',
        '退款件数',
        '退款金额(元)',
        '退款金额(分)',
        '退款率',
      ],
      countUpTo: async () => Promise.resolve(0),
      batches: (p) => this.productRows(p),
    },
    'distribution-report': {
      header: [
        '推广员ID',
        '推广码',
        '状态',
        '用户ID',
        '昵称',
        '手机号',
        '推广订单数',
        '推广销售额(元)',
        '推广销售额(分)',
        '佣金(元)',
        '佣金(分)',
        '冻结中(元)',
        '冻结中(分)',
        '已结算(元)',
        '已结算(分)',
        '退款扣回(元)',
        '退款扣回(分)',
        '提现笔数',
        '提现申请(元)',
        '提现申请(分)',
        '已提现(元)',
        '已提现(分)',
      ],
      countUpTo: async () => Promise.resolve(0),
      batches: (p, ctx) => this.distributionRows(p, ctx),
    },
  };

  private async *distributionRows(p: ExportParams, ctx: ExportContext): AsyncGenerator<Cell[][]> {
    const { rows } = await this.distribution.rows(p as unknown as DistributionReportQuery);
    const money = (fen: number): Cell[] => [yuan(fen), fen];
    for (let i = 0; i < rows.length; i += BATCH)
      yield rows
        .slice(i, i + BATCH)
        .map((r) => [
          r.promoterId,
          r.code,
          r.status,
          r.userId,
          r.nickname,
          maskedPhone(r.phone, ctx.unmasked),
          r.orders,
          ...money(r.gmv),
          ...money(r.earned),
          ...money(r.frozen),
          ...money(r.settled),
          ...money(r.cancelled),
          r.withdrawals,
          ...money(r.withdrawalAmount),
          ...money(r.withdrawn),
        ]);
  }

  private async *salesRows(p: ExportParams): AsyncGenerator<Cell[][]> {
    const report = await this.reports.sales(p as unknown as SalesReportQuery);
    yield report.rows.map((r) => [
      r.period,
      yuan(r.gmv),
      r.gmv,
      r.orders,
      r.buyers,
      r.newBuyers,
      yuan(r.averageOrderValue),
      r.averageOrderValue,
      r.refunds,
      yuan(r.refundAmount),
      r.refundAmount,
      yuan(r.netSales),
      r.netSales,
    ]);
  }

  private async *productRows(p: ExportParams): AsyncGenerator<Cell[][]> {
    const rows = await this.reports.productRows(p as unknown as ProductReportQuery);
    for (let i = 0; i < rows.length; i += BATCH) {
      yield rows
        .slice(i, i + BATCH)
        .map((r) => [
          r.productId,
          r.skuId,
          r.categoryId,
          r.name,
          r.specText,
          r.units,
          yuan(r.gmv),
          r.gmv,
          r.refundUnits,
          yuan(r.refundAmount),
          r.refundAmount,
          r.refundRate,
        ]);
    }
  }

  private orderFilters(p: ExportParams): { on: Record<string, boolean>; values: unknown[] } {
    return filters({ status: (v) => [v], orderNo: (v) => [v], userId: (v) => [v], from: (v) => this.date(v), to: (v) => this.date(v) }, p);
  }

  private afterSaleFilters(p: ExportParams): { on: Record<string, boolean>; values: unknown[] } {
    return filters({ status: (v) => [v], orderId: (v) => [v], orderNo: (v) => [v], from: (v) => this.date(v), to: (v) => this.date(v) }, p);
  }

  private refundFilters(p: ExportParams): { on: Record<string, boolean>; values: unknown[] } {
    return filters({ status: (v) => [v], orderId: (v) => [v], from: (v) => this.date(v), to: (v) => this.date(v) }, p);
  }

  private inventoryFilters(p: ExportParams): { on: Record<string, boolean>; values: unknown[] } {
    return filters({ status: (v) => [v], categoryId: (v) => [v, v], keyword: (v) => [contains(v)] }, p);
  }

  private customerFilters(p: ExportParams): { on: Record<string, boolean>; values: unknown[] } {
    return filters({ status: (v) => [v], keyword: (v) => [contains(v), v] }, p);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { CommissionRule, type CommissionRuleMode } from './commission.entity';
import { select, TransactionRunner, writeLock } from '@app/database';
import type { RuleLike } from './commission-amounts';
import { DistributionSettingsService } from './distribution-settings.service';
import { RULES_OF_PRODUCTS } from './distribution.sql';

export interface RuleInput {
  productId: number;
  skuId: number;
  mode: CommissionRuleMode;
  level1: number;
  level2: number;
}

/** Per-product (skuId 0) and per-SKU commission overrides. */
@Injectable()
export class CommissionRulesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: DistributionSettingsService,
    private readonly clock: Clock,
  ) {}

  /** The rule that applies to each SKU of these products: the SKU's own, else the product's. */
  async resolver(m: EntityManager, productIds: number[]): Promise<(productId: number, skuId: number) => RuleLike | undefined> {
    const products = [...new Set(productIds)];
    // On the payment's path (commissions of a payment): a plain statement (docs/decisions.md).
    const rules = products.length ? await select(m, RULES_OF_PRODUCTS(products.length), products) : [];
    const byKey = new Map(rules.map((r) => [`${r.productId}:${r.skuId}`, r]));
    return (productId, skuId) => byKey.get(`${productId}:${skuId}`) ?? byKey.get(`${productId}:0`);
  }

  async list(productId?: number): Promise<CommissionRule[]> {
    return this.ds.manager.find(CommissionRule, {
      where: productId ? { productId } : {},
      order: { productId: 'ASC', skuId: 'ASC' },
      take: 1000,
    });
  }

  async put(adminId: number, input: RuleInput, reason: string): Promise<CommissionRule> {
    return this.tx.run(async (m) => {
      const key = { productId: input.productId, skuId: input.skuId };
      const before = await m.findOne(CommissionRule, { where: key, ...writeLock(m) });
      const now = this.clock.now();
      if (before)
        await m.update(CommissionRule, { id: before.id }, { mode: input.mode, level1: input.level1, level2: input.level2, updatedAt: now });
      else await m.insert(CommissionRule, { ...input, updatedAt: now });
      const after = await m.findOneByOrFail(CommissionRule, key);
      await this.settings.audit(
        m,
        adminId,
        reason,
        { commissionRule: before ? ruleDoc(before) : null },
        { commissionRule: ruleDoc(after) },
      );
      return after;
    });
  }

  async remove(adminId: number, productId: number, skuId: number): Promise<boolean> {
    return this.tx.run(async (m) => {
      const before = await m.findOne(CommissionRule, { where: { productId, skuId }, ...writeLock(m) });
      if (!before) return false;
      await m.delete(CommissionRule, { id: before.id });
      await this.settings.audit(m, adminId, 'override removed', { commissionRule: ruleDoc(before) }, { commissionRule: null });
      return true;
    });
  }
}

function ruleDoc(r: CommissionRule): Record<string, unknown> {
  return { productId: r.productId, skuId: r.skuId, mode: r.mode, level1: r.level1, level2: r.level2 };
}

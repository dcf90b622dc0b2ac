import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { TransactionRunner } from '@app/database';
import { WechatApiClient, WechatApiError, WechatUnavailableError } from '@app/wechat';
import { DistributionSettingsService } from './distribution-settings.service';
import type { DistributionSettings } from './distribution-settings';
import { DistributionErrors } from './distribution.errors';
import { Promoter } from './promoter.entity';
import { PromoterShareCode } from './share-code.entity';

/** Base64 characters per stored chunk: within a MySQL TEXT (64 KiB), ASCII only. */
const CHUNK_CHARS = 60_000;
/** WeChat's errcode for a page that is not in the published version (or malformed). */
const INVALID_PAGE = 41030;

export interface ShareCode {
  image: Buffer;
  /** The page and version the code opens (what it was generated for). */
  key: string;
}

/**
 * Promoters' share codes: a mini program code (wxacode.getUnlimited) whose `scene` is the promoter code and whose page
 * is the settings' share page. Generated on first request and stored; served from storage after that, and generated
 * again when the share page or version changed. WeChat's call is bounded by WX_API_TIMEOUT_MS; concurrent requests of
 * one promoter on this instance share one call.
 */
@Injectable()
export class ShareCodesService {
  private readonly inflight = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: DistributionSettingsService,
    private readonly wechat: WechatApiClient,
    private readonly clock: Clock,
  ) {}

  async ofUser(userId: number): Promise<ShareCode> {
    const s = await this.settings.get();
    if (!s.enabled) throw DistributionErrors.disabled();
    const p = await this.ds.manager.findOne(Promoter, { where: { userId } });
    // Only an active promoter binds anyone: others get no code to share.
    if (p?.status !== 'active') throw DistributionErrors.notPromoter();
    const key = keyOf(s);
    const stored = await this.stored(p.id, key);
    if (stored) return { image: stored, key };
    const flight = `${p.id}|${key}`;
    let pending = this.inflight.get(flight);
    if (!pending) {
      pending = this.generate(p, s, key).finally(() => this.inflight.delete(flight));
      this.inflight.set(flight, pending);
    }
    return { image: await pending, key };
  }

  /** The stored image for this page and version, or null (none, stale, or incomplete). */
  private async stored(promoterId: number, key: string): Promise<Buffer | null> {
    const rows = await this.ds.manager.find(PromoterShareCode, { where: { promoterId }, order: { seq: 'ASC' } });
    if (rows.length === 0 || rows.length !== rows[0]!.chunks || rows.some((r, i) => r.page !== key || r.seq !== i)) return null;
    return Buffer.from(rows.map((r) => r.data).join(''), 'base64');
  }

  private async generate(p: Promoter, s: DistributionSettings, key: string): Promise<Buffer> {
    let image: Buffer;
    try {
      image = await this.wechat.getUnlimitedCode({ scene: p.code, page: s.sharePage, envVersion: s.shareEnvVersion });
    } catch (err) {
      if (err instanceof WechatUnavailableError) throw DistributionErrors.shareCodeUnavailable();
      if (err instanceof WechatApiError) {
        const hint =
          err.errcode === INVALID_PAGE
            ? `the share page ${s.sharePage} is not a page of the ${s.shareEnvVersion} version (distribution settings)`
            : '';
        throw DistributionErrors.shareCodeRefused(err.errcode, hint);
      }
      throw err;
    }
    const data = image.toString('base64');
    const chunks = Math.max(1, Math.ceil(data.length / CHUNK_CHARS));
    const now = this.clock.now();
    // Replaces what was stored, in one transaction: a reader sees the old set or the new one, never a mix.
    await this.tx.run(async (m) => {
      await m.delete(PromoterShareCode, { promoterId: p.id });
      await m.insert(
        PromoterShareCode,
        Array.from({ length: chunks }, (_, seq) => ({
          promoterId: p.id,
          seq,
          page: key,
          chunks,
          data: data.slice(seq * CHUNK_CHARS, (seq + 1) * CHUNK_CHARS),
          createdAt: now,
        })),
      );
    });
    return image;
  }
}

/** What a stored code was made for: the page, and the version when not release. */
function keyOf(s: Pick<DistributionSettings, 'sharePage' | 'shareEnvVersion'>): string {
  return s.shareEnvVersion === 'release' ? s.sharePage : `${s.sharePage}@${s.shareEnvVersion}`;
}

import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { stepStatus, TransactionRunner, writeLock } from '@app/database';
import { JobRegistry } from '@app/jobs';
import { type MediaCheckEvent, WechatApiClient, WechatApiError, WX_SUGGESTS, type WxContentScene, type WxSuggest } from '@app/wechat';
import { ContentCheck } from './content-check.entity';
import type { CheckStatus } from './content-verdict';
import { CHECK_STEPS } from './moderation.sql';
import { ModerationService } from './moderation.service';

declare module '@app/jobs' {
  interface JobPayloads {
    /** msgSecCheck again for text stored while WeChat was unreachable (the text travels in the payload). */
    'moderation.check-text': { checkId: number; content: string };
    /** mediaCheckAsync for one image; the verdict comes back by message push. */
    'moderation.check-image': { checkId: number };
  }
}

export const MEDIA_TIMEOUT_SWEEP = 'moderation.media-timeout';

export type PushOutcome = 'applied' | 'late' | 'duplicate' | 'unknown_trace' | 'ignored';

/** The asynchronous half of content security: retried text checks, image submissions, pushed verdicts, timeouts. */
@Injectable()
export class ModerationChecks implements OnModuleInit {
  private readonly logger = new Logger(ModerationChecks.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly wechat: WechatApiClient,
    private readonly moderation: ModerationService,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // WeChat unreachable: the runner retries with backoff (up to 12 attempts, hours); the content stays held meanwhile.
    this.registry.defineJob('moderation.check-text', (p) => this.checkText(p.checkId, p.content), { maxAttempts: 12 });
    this.registry.defineJob('moderation.check-image', (p) => this.submitImage(p.checkId), { maxAttempts: 12 });
    this.registry.defineSweep(MEDIA_TIMEOUT_SWEEP, 60_000, () => this.timeOutMediaChecks());
  }

  async checkText(checkId: number, content: string): Promise<void> {
    const check = await this.ds.manager.findOne(ContentCheck, { where: { id: checkId } });
    if (!check || check.status !== 'checking') return;
    try {
      // A WechatUnavailableError fails the job: the runner tries again later.
      const r = await this.wechat.msgSecCheck({ openid: check.openid, scene: check.scene as WxContentScene, content });
      await this.decide(checkId, 'checking', { suggest: r.suggest, label: r.label, traceId: r.traceId || null, late: false });
    } catch (err) {
      if (!(err instanceof WechatApiError)) throw err;
      await this.giveUp(checkId, 'checking', 'failed', err.message);
    }
  }

  async submitImage(checkId: number): Promise<void> {
    const check = await this.ds.manager.findOne(ContentCheck, { where: { id: checkId } });
    if (!check || check.status !== 'checking' || check.traceId || !check.mediaRef) return;
    try {
      const mediaUrl = check.mediaRef.startsWith('cloud://') ? await this.wechat.cloudFileUrl(check.mediaRef) : check.mediaRef;
      const traceId = await this.wechat.mediaCheckAsync({ openid: check.openid, scene: check.scene as WxContentScene, mediaUrl });
      await this.tx.run((m) => stepStatus(m, CHECK_STEPS.submitted, checkId, 'checking', 'checking', { traceId }));
    } catch (err) {
      if (!(err instanceof WechatApiError)) throw err;
      await this.giveUp(checkId, 'checking', 'failed', err.message);
    }
  }

  /**
   * A wxa_media_check event, matched by trace_id. Idempotent: a repeated push changes nothing. A verdict arriving
   * after the timeout still applies (marked late); what an operator decided meanwhile is the owner's to keep.
   */
  async onMediaResult(event: MediaCheckEvent): Promise<PushOutcome> {
    const suggest = event.result?.suggest as WxSuggest | undefined;
    if (!event.trace_id || !suggest || !WX_SUGGESTS.includes(suggest)) return 'ignored';
    return this.tx.run(async (m) => {
      const check = await m.findOne(ContentCheck, { where: { traceId: event.trace_id, kind: 'image' }, ...writeLock(m) });
      if (!check) return 'unknown_trace';
      if (check.suggest !== null || (check.status !== 'checking' && check.status !== 'timed_out')) return 'duplicate';
      const late = check.status === 'timed_out';
      await stepStatus(m, CHECK_STEPS.verdict, check.id, check.status, 'done', {
        suggest,
        label: Number(event.result?.label ?? 0),
        traceId: event.trace_id,
        late,
        checkedAt: this.clock.now(),
      });
      await this.moderation.notify(m, check);
      return late ? 'late' : 'applied';
    });
  }

  /** Image checks without an answer after MEDIA_CHECK_TIMEOUT: their content is held for an operator. */
  async timeOutMediaChecks(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.contentSecurity.mediaTimeoutSeconds * 1000);
    const due = await this.ds.manager.find(ContentCheck, {
      where: { status: 'checking', kind: 'image', createdAt: LessThanOrEqual(cutoff) },
      select: { id: true },
      take: 200,
    });
    let n = 0;
    for (const { id } of due) if (await this.giveUp(id, 'checking', 'timed_out', 'no verdict from WeChat in time')) n++;
    return n;
  }

  private decide(checkId: number, from: CheckStatus, v: Pick<ContentCheck, 'suggest' | 'label' | 'traceId' | 'late'>): Promise<boolean> {
    return this.tx.run(async (m) => {
      if (!(await stepStatus(m, CHECK_STEPS.verdict, checkId, from, 'done', { ...v, checkedAt: this.clock.now() }))) return false;
      await this.notifyById(m, checkId);
      return true;
    });
  }

  private giveUp(checkId: number, from: CheckStatus, to: 'failed' | 'timed_out', error: string): Promise<boolean> {
    this.logger.warn({ checkId, to, error }, 'content check without a verdict: content held');
    return this.tx.run(async (m) => {
      if (!(await stepStatus(m, CHECK_STEPS.unanswered, checkId, from, to, { error: error.slice(0, 255), checkedAt: this.clock.now() })))
        return false;
      await this.notifyById(m, checkId);
      return true;
    });
  }

  private async notifyById(m: EntityManager, checkId: number): Promise<void> {
    const check = await m.findOne(ContentCheck, { where: { id: checkId }, select: { id: true, targetType: true, targetId: true } });
    if (check) await this.moderation.notify(m, check);
  }
}

import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, In, MoreThanOrEqual } from 'typeorm';
import { UsersService } from '@app/auth';
import { Clock, CommonErrors } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { JobsService } from '@app/jobs';
import { type WxContentScene, WechatApiClient, WechatApiError, WechatUnavailableError } from '@app/wechat';
import { ContentCheck } from './content-check.entity';
import { type CheckKind, combineVerdicts, type ContentVerdict } from './content-verdict';
import { ImageRefs } from './image-refs';

/** What a check is about: a review, a nickname, an order remark... and its row id. */
export interface ContentTarget {
  type: string;
  id: number;
}

/** Called in the transaction where a check of a target of its type got its verdict (or gave up waiting). */
export type VerdictListener = (m: EntityManager, target: ContentTarget) => Promise<void>;

/** The outcome of screening one text before it is stored: `risky` never gets here (400 CONTENT_RISKY). */
export interface TextScreening {
  checkId: number | null;
  verdict: Exclude<ContentVerdict, 'risky'>;
  /** Set when WeChat could not be reached: the text is stored held and a job asks again. */
  retry?: { content: string };
}

export const NOT_CHECKED: TextScreening = { checkId: null, verdict: 'pass' };

export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Content security (wechat-platform.md §2.5, §2.8): text is screened with msgSecCheck before it is stored (risky:
 * refused; review: stored but held; WeChat unreachable: held, and a durable job asks again), images are submitted to
 * mediaCheckAsync by a job and decided by WeChat's message push. Every check is a content_check row.
 */
@Injectable()
export class ModerationService {
  private readonly logger = new Logger(ModerationService.name);
  private readonly listeners = new Map<string, VerdictListener>();

  constructor(
    private readonly ds: DataSource,
    private readonly wechat: WechatApiClient,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    private readonly images: ImageRefs,
    private readonly users: UsersService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.contentSecurity.mode === 'wechat';
  }

  /** The owner of a target type learns of its verdicts here (one listener per type, registered at init). */
  onVerdict(targetType: string, listener: VerdictListener): void {
    if (this.listeners.has(targetType)) throw new Error(`verdict listener for "${targetType}" registered twice`);
    this.listeners.set(targetType, listener);
  }

  /**
   * Screens user text for `field` before it is stored. Empty text needs no check. Risky text is refused with 400
   * CONTENT_RISKY naming the field (the check row stays, for audit). Identical text checked in the same scene within
   * CONTENT_CHECK_DEDUPE reuses that verdict.
   */
  async screenText(input: {
    /** The author: WeChat wants their openid (given, or looked up by user id). */
    openid?: string;
    userId?: number;
    scene: WxContentScene;
    content: string;
    targetType: string;
    field: string;
  }): Promise<TextScreening> {
    if (!this.enabled || input.content.trim() === '') return NOT_CHECKED;
    const openid = input.openid ?? (input.userId ? ((await this.users.findById(input.userId))?.openid ?? '') : '');
    const now = this.clock.now();
    const hash = contentHash(input.content);
    const base = {
      kind: 'text' as const,
      scene: input.scene,
      targetType: input.targetType,
      targetId: null,
      openid,
      contentHash: hash,
    };
    const reused = await this.recentVerdict(hash, input.scene, now);
    let row: Partial<ContentCheck>;
    if (reused) {
      row = {
        ...base,
        status: 'done',
        suggest: reused.suggest,
        label: reused.label,
        traceId: reused.traceId,
        source: 'reused',
        checkedAt: now,
      };
    } else {
      try {
        const r = await this.wechat.msgSecCheck({ openid, scene: input.scene, content: input.content });
        row = {
          ...base,
          status: 'done',
          suggest: r.suggest,
          label: r.label,
          traceId: r.traceId || null,
          source: 'wechat',
          checkedAt: this.clock.now(),
        };
      } catch (err) {
        if (!(err instanceof WechatUnavailableError) && !(err instanceof WechatApiError)) throw err;
        // Fail closed: unreachable -> held and asked again by a job; refused by WeChat (bad openid...) -> held for an operator.
        const unavailable = err instanceof WechatUnavailableError;
        this.logger.warn({ field: input.field, error: err.message }, 'msgSecCheck failed: content held');
        row = {
          ...base,
          status: unavailable ? 'checking' : 'failed',
          source: 'wechat',
          error: err.message.slice(0, 255),
          checkedAt: unavailable ? null : now,
        };
      }
    }
    const saved = await this.ds.manager.save(
      ContentCheck,
      this.ds.manager.create(ContentCheck, { late: false, error: '', mediaRef: null, createdAt: now, ...row }),
    );
    const verdict = combineVerdicts([saved]);
    if (verdict === 'risky') throw CommonErrors.contentRisky(input.field);
    return { checkId: saved.id, verdict, retry: saved.status === 'checking' ? { content: input.content } : undefined };
  }

  /**
   * Ties screened text to the stored content, in the transaction that stores it; a text WeChat could not be asked
   * about gets its retry job here (it exists only if the content does).
   */
  async attach(m: EntityManager, target: ContentTarget, screenings: readonly TextScreening[]): Promise<void> {
    const ids = screenings.flatMap((s) => (s.checkId ? [s.checkId] : []));
    if (ids.length === 0) return;
    await m.update(ContentCheck, { id: In(ids) }, { targetType: target.type, targetId: target.id });
    for (const s of screenings) {
      if (s.checkId && s.retry)
        await this.jobs.enqueue(
          m,
          'moderation.check-text',
          { checkId: s.checkId, content: s.retry.content },
          { dedupeKey: `check-text:${s.checkId}` },
        );
    }
  }

  /** The reason an image reference is refused (a cloud:// file id or https on an allowed host only), or null. */
  imageRefProblem(ref: string): string | null {
    return this.images.problem(ref);
  }

  /** Submits images to mediaCheckAsync (by job, after commit); until WeChat pushes the verdicts the content is pending. */
  async submitImages(
    m: EntityManager,
    target: ContentTarget,
    input: { openid: string; scene: WxContentScene; refs: readonly string[] },
  ): Promise<void> {
    if (!this.enabled || input.refs.length === 0) return;
    const now = this.clock.now();
    for (const ref of input.refs) {
      const check = await m.save(
        ContentCheck,
        m.create(ContentCheck, {
          kind: 'image' satisfies CheckKind,
          scene: input.scene,
          targetType: target.type,
          targetId: target.id,
          openid: input.openid,
          contentHash: contentHash(ref),
          mediaRef: ref,
          status: 'checking',
          suggest: null,
          label: null,
          traceId: null,
          source: 'wechat',
          late: false,
          error: '',
          createdAt: now,
          checkedAt: null,
        }),
      );
      await this.jobs.enqueue(m, 'moderation.check-image', { checkId: check.id }, { dedupeKey: `check-image:${check.id}` });
    }
  }

  /** The combined verdict of every check of a target (see combineVerdicts). */
  async verdictOf(m: EntityManager, target: ContentTarget): Promise<ContentVerdict> {
    const checks = await m.find(ContentCheck, {
      where: { targetType: target.type, targetId: target.id },
      select: { id: true, status: true, suggest: true },
    });
    return combineVerdicts(checks);
  }

  /** The verdict of the target's latest text check (a nickname changes often: only the last one counts); null if none. */
  async latestTextVerdict(m: EntityManager, target: ContentTarget): Promise<ContentVerdict | null> {
    const last = await m.findOne(ContentCheck, {
      where: { targetType: target.type, targetId: target.id, kind: 'text' },
      select: { id: true, status: true, suggest: true },
      order: { id: 'DESC' },
    });
    return last ? combineVerdicts([last]) : null;
  }

  /** Tells the target's owner that one of its checks changed (in the caller's transaction). */
  async notify(m: EntityManager, check: Pick<ContentCheck, 'targetType' | 'targetId'>): Promise<void> {
    if (check.targetId === null) return;
    const listener = this.listeners.get(check.targetType);
    if (listener) await listener(m, { type: check.targetType, id: check.targetId });
  }

  private async recentVerdict(hash: string, scene: number, now: Date): Promise<ContentCheck | null> {
    const window = this.config.contentSecurity.dedupeSeconds;
    if (window === 0) return null;
    return this.ds.manager.findOne(ContentCheck, {
      where: {
        kind: 'text',
        scene,
        contentHash: hash,
        createdAt: MoreThanOrEqual(new Date(now.getTime() - window * 1000)),
        status: 'done',
      },
      select: { id: true, suggest: true, label: true, traceId: true },
      order: { createdAt: 'DESC' },
    });
  }
}

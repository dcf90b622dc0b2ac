import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn } from '@app/database';
import type { WxSuggest } from '@app/wechat';
import type { CheckKind, CheckSource, CheckStatus } from './content-verdict';

/**
 * One content security check, kept for audit: what was checked (kind, scene, hash of the text or the image
 * reference), for what (target), WeChat's verdict (suggest, label) and trace_id, and how it was obtained.
 */
@Entity('content_check')
@Index('idx_content_check_dedupe', ['kind', 'scene', 'contentHash', 'createdAt'])
@Index('idx_content_check_trace', ['traceId'])
@Index('idx_content_check_target', ['targetType', 'targetId'])
@Index('idx_content_check_status', ['status', 'kind', 'createdAt'])
export class ContentCheck {
  @PrimaryGeneratedColumn()
  id!: number;

  @StatusColumn(8)
  kind!: CheckKind;

  /** msgSecCheck / mediaCheckAsync scene: 1 profile, 2 comment. */
  @Column({ type: 'int' })
  scene!: number;

  @StatusColumn(24)
  targetType!: string;

  /** null until the content it checked is stored (a refused text keeps null). */
  @Column({ type: 'int', nullable: true })
  targetId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  /** SHA-256 of the text, or of the image reference. */
  @Column({ type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  mediaRef!: string | null;

  @StatusColumn(16)
  status!: CheckStatus;

  @StatusColumn(8, { nullable: true })
  suggest!: WxSuggest | null;

  @Column({ type: 'int', nullable: true })
  label!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  traceId!: string | null;

  @StatusColumn(8)
  source!: CheckSource;

  /** The verdict arrived after the timeout had already held the content. */
  @Column({ type: 'boolean', default: false })
  late!: boolean;

  @Column({ type: 'varchar', length: 255, default: '' })
  error!: string;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn({ nullable: true })
  checkedAt!: Date | null;
}

export { ModerationModule } from './moderation.module';
export {
  contentHash,
  type ContentTarget,
  ModerationService,
  NOT_CHECKED,
  type TextScreening,
  type VerdictListener,
} from './moderation.service';
export { MEDIA_TIMEOUT_SWEEP, ModerationChecks, type PushOutcome } from './moderation-checks';
export { combineVerdicts, type ContentVerdict, SCENE } from './content-verdict';
export { AVATAR_TARGET, NICKNAME_TARGET } from './profile-screening';

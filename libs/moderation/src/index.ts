export { ModerationModule } from './moderation.module';
export { type ContentTarget, ModerationService, NOT_CHECKED, type TextScreening, type VerdictListener } from './moderation.service';
export type { PushOutcome } from './moderation-checks';
export { type ContentVerdict, SCENE } from './content-verdict';
export { NICKNAME_TARGET } from './profile-screening';

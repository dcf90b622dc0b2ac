export * from './app-config';
export {
  ConfigError,
  DEV_JWT_SECRET,
  describeConfig,
  developmentDefaults,
  loadConfig,
  redactUrl,
  unannouncedDevelopmentDefaults,
} from './load-config';
export { estimateSecretBits, MIN_SECRET_BITS, secretWeakness } from './secret-strength';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';

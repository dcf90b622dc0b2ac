export * from './app-config';
export {
  ConfigError,
  DEMO_ADMIN,
  DEV_JWT_SECRET,
  describeConfig,
  developmentDefaults,
  loadConfig,
  loadDotEnv,
  MYSQL8_SQL_MODE,
  redactUrl,
  unannouncedDevelopmentDefaults,
} from './load-config';
export { estimateSecretBits, MIN_SECRET_BITS, secretWeakness } from './secret-strength';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';

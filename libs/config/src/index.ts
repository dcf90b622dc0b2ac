export * from './app-config';
export {
  ConfigError,
  DEMO_ADMIN,
  describeConfig,
  loadConfig,
  loadDotEnv,
  MYSQL8_SQL_MODE,
  redactUrl,
  unannouncedDevelopmentDefaults,
} from './load-config';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';

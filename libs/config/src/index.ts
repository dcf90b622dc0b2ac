export * from './app-config';
export { ConfigError, DEMO_ADMIN, DEV_JWT_SECRET, describeConfig, loadConfig, loadDotEnv, MYSQL8_SQL_MODE, redactUrl } from './load-config';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';

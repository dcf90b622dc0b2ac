export * from './app-config';
export { ConfigError, DEV_JWT_SECRET, describeConfig, loadConfig, MYSQL8_SQL_MODE, redactUrl } from './load-config';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';

import { type AppConfig, DEMO_ADMIN } from '@app/config';

/** The base URL a person on this machine can open: a wildcard listen address means localhost. */
export function localUrl(config: Pick<AppConfig, 'host' | 'port'>): string {
  const host = ['0.0.0.0', '::', '', '::0'].includes(config.host)
    ? 'localhost'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  return `http://${host}:${config.port}`;
}

/**
 * What a newcomer needs after `npm start` in demo mode (embedded database): where the API and its docs are,
 * how to log in as the demo owner and as a shopper. Nothing outside demo mode (logs are JSON there). The
 * password is shown only when it is the built-in demo one, never one taken from the environment.
 */
export function startBanner(config: AppConfig): string | undefined {
  if (config.database.kind !== 'embedded' || config.env === 'production') return undefined;
  const url = localUrl(config);
  const admin = config.auth.adminBootstrap;
  const adminLine =
    admin === undefined
      ? 'no bootstrap owner (set ADMIN_BOOTSTRAP_USERNAME / ADMIN_BOOTSTRAP_PASSWORD)'
      : admin.username === DEMO_ADMIN.username && admin.password === DEMO_ADMIN.password
        ? `POST ${url}/api/v1/admin/auth/login {"username":"${admin.username}","password":"${admin.password}"}`
        : `POST ${url}/api/v1/admin/auth/login as "${admin.username}" (password from ADMIN_BOOTSTRAP_PASSWORD)`;
  const lines = [
    '',
    `wxmall demo is ready: embedded database ${config.database.file}, ${config.payments.provider} payments`,
    `  API docs   ${url}/docs   (OpenAPI document: ${url}/docs/openapi.json)`,
    `  API base   ${url}/api/v1`,
    `  Admin      ${adminLine}`,
  ];
  if (config.auth.devLogin) {
    lines.push(
      `  Shopper    POST ${url}/api/v1/auth/dev-login {"openid":"o_demo_1"} (any openid; answers a Bearer token), e.g.`,
      `             curl -s -X POST ${url}/api/v1/auth/dev-login -H 'content-type: application/json' -d '{"openid":"o_demo_1"}'`,
    );
  }
  if (config.payments.provider === 'mock')
    lines.push(`  Pay        POST ${url}/api/v1/dev/payments/<orderNo>/succeed plays WeChat Pay's notification`);
  lines.push('');
  return lines.join('\n');
}

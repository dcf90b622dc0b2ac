import { WebhooksErrors } from './webhooks.errors';

/** An endpoint URL as stored: absolute http(s), no user info or fragment; https only in production. */
export function checkEndpointUrl(raw: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw WebhooksErrors.badUrl('not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw WebhooksErrors.badUrl('only http(s) URLs');
  if (url.username || url.password) throw WebhooksErrors.badUrl('no user info in the URL (the signature authenticates)');
  if (url.hash) throw WebhooksErrors.badUrl('no fragment');
  if (production && url.protocol !== 'https:') throw WebhooksErrors.insecureUrl();
  return url.toString();
}

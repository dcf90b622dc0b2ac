export { WebhookDispatcher } from './webhook-dispatcher.service';
export { hmacHex, SIGNATURE_HEADER } from './webhook-signature';
export { CLAIM_DELIVERIES, CLAIMED } from './webhooks.sql';

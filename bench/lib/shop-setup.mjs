// What the shop of S4, S5 and the SQL parity check runs with (docs/benchmark.md): distribution on, with every bench
// buyer bound to a promoter who has a level-2 parent, and one webhook endpoint subscribed to order.created and
// order.paid. `--no-distribution` / `--no-webhooks` (BENCH_DISTRIBUTION=0 / BENCH_WEBHOOKS=0) measure without them.
// Both are set through wxmall's admin and shopper API before the floor starts (the floor reads the webhook
// subscriptions at boot, as wxmall does), and are set on every run: the bench database keeps them between runs.
import { ownerToken } from './admin.mjs';
import { bindBuyers, distributionSettings, promoterTree } from './distribution.mjs';
import { log, runTag } from './setup.mjs';
import { configureEndpoint, receiverCertificate, startReceiver } from './webhooks.mjs';

/** Level-1 promoters (each with a parent of their own); buyer i is bound to promoter i mod this. */
const PROMOTERS = 50;

const off = (v) => ['0', 'false', 'off', 'no'].includes(String(v ?? '').toLowerCase());

/** Which features are on: the flags, else BENCH_DISTRIBUTION / BENCH_WEBHOOKS, else both. */
export function shopFeatures(argv = process.argv, env = process.env) {
  return {
    distribution: !argv.includes('--no-distribution') && !off(env.BENCH_DISTRIBUTION),
    webhooks: !argv.includes('--no-webhooks') && !off(env.BENCH_WEBHOOKS),
  };
}

/**
 * For startBench: `wxmallEnv` (the receiver's certificate authority) and `configure`, its beforeFloor hook, which
 * answers the shop: { distribution, webhooks, promoters?, receiver?, endpointId?, bind(buyers) }. `promoters`: how
 * many level-1 promoters (the parity check alone needs one).
 */
export function shopSetup({ distribution, webhooks }, { promoters = PROMOTERS } = {}) {
  const tls = webhooks ? receiverCertificate() : undefined;
  return {
    wxmallEnv: tls ? { NODE_EXTRA_CA_CERTS: tls.certPath } : {},
    async configure({ wxmall, wEnv }) {
      const base = wxmall.url;
      const token = await ownerToken(base, wEnv);
      const shop = { distribution, webhooks, bind: async () => undefined };
      await distributionSettings(base, token, distribution);
      if (distribution) {
        shop.promoters = await promoterTree(base, `bench-${runTag()}-`, promoters);
        shop.bind = (buyers) => bindBuyers(base, buyers, shop.promoters);
      }
      if (webhooks) {
        shop.receiver = await startReceiver(tls);
        const endpoint = await configureEndpoint(base, token, shop.receiver.url);
        shop.receiver.setSecret(endpoint.secret);
        shop.endpointId = endpoint.id;
      } else await configureEndpoint(base, token, undefined);
      log(
        `shop: distribution ${distribution ? `on (${promoters} promoters with level-2 parents)` : 'off'}, webhooks ${webhooks ? `on (endpoint ${shop.endpointId} -> ${shop.receiver.url})` : 'off'}`,
      );
      return shop;
    },
  };
}

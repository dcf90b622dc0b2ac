import type { INestApplication } from '@nestjs/common';
import { type ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_KEY, type Access } from '@app/auth';
import { applyErrorResponses, ErrorBody } from '@app/common';

/** Tags in the order the document lists them: the shop front's first. */
export const OPENAPI_TAGS: readonly { name: string; description: string }[] = [
  { name: 'auth', description: 'Shopper login (wx.login code, or dev-login in the local demo)' },
  { name: 'me', description: 'The shopper: profile and phone number' },
  { name: 'addresses', description: "The shopper's address book" },
  { name: 'catalog', description: 'Categories and products' },
  { name: 'storefront', description: 'Home page and stores' },
  { name: 'cart', description: "The shopper's cart" },
  { name: 'coupons', description: "Coupons: claiming and the shopper's own" },
  { name: 'orders', description: 'Checkout, orders and payment' },
  { name: 'after-sales', description: 'Refund and return requests' },
  { name: 'distribution', description: 'Promoters: bindings, the promoter center, commissions and withdrawals' },
  { name: 'reviews', description: 'Product reviews: write, follow up, read (checked by WeChat content security)' },
  { name: 'admin', description: 'Shop administration (admin token or a shopper bound to an admin account)' },
  { name: 'dev', description: 'Local demo only (mock payments)' },
  { name: 'platform', description: 'For the platform: scheduled work' },
];

const DESCRIPTION = [
  'Backend for WeChat Mini Program shops. Amounts are integer fen; times are ISO 8601 UTC strings.',
  '',
  'Errors: every non-2xx answer is an `ErrorBody` `{code, message, details?, requestId}`; each operation lists, per',
  'status, the codes it may answer (the `code` enum of that response). Lists take `?page&pageSize` (pageSize <= 100)',
  'and answer `{items, total, page, pageSize}`.',
].join('\n');

/**
 * The OpenAPI document of the service, as `/docs` serves it and the build writes it (`openapi.json`): one function,
 * so both are the same. Error responses come from each route's `@ApiErrors` and the errors its decorators imply;
 * public operations say they need no security; `x-access` names who may call each operation.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const controllers = [...app.get(ModulesContainer).values()].flatMap((m) =>
    [...m.controllers.values()].map((w) => w.metatype).filter((c): c is NonNullable<typeof c> => Boolean(c)),
  );
  applyErrorResponses(controllers);
  const builder = new DocumentBuilder()
    .setTitle('wxmall API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This service')
    .addBearerAuth();
  for (const tag of OPENAPI_TAGS) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: [ErrorBody], autoTagControllers: false });

  const accessById = new Map<string, Access>();
  for (const controller of controllers) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = proto[name];
      if (typeof fn !== 'function') continue;
      const id = (Reflect.getMetadata('swagger/apiOperation', fn) as { operationId?: string } | undefined)?.operationId;
      const access = (Reflect.getMetadata(ACCESS_KEY, fn) ?? Reflect.getMetadata(ACCESS_KEY, controller)) as Access | undefined;
      if (id && access) accessById.set(id, access);
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      const access = op?.operationId ? accessById.get(op.operationId) : undefined;
      if (!op || !access) continue;
      if (access.kind === 'public') op.security = [];
      Object.assign(op, { 'x-access': access.kind === 'admin' ? `admin:${access.role}` : access.kind === 'user' ? 'shopper' : 'public' });
    }
  }
  return document;
}

/**
 * Everything the document of an app depends on besides the code, as a string: apps with the same key serve the same
 * document (libs/testing's test apps share one built document per key). The controllers, in their modules' order (a
 * module that config adds or leaves out changes it), and the routing options that shape their paths. Classes are named
 * by identity: the same code loaded again (a fresh module registry) gives other keys.
 */
export function openApiDocumentKey(app: INestApplication): string {
  const modules = [...app.get(ModulesContainer).values()]
    .filter((m) => m.controllers.size > 0)
    .map((m) => [classId(m.metatype), ...[...m.controllers.values()].map((w) => classId(w.metatype))]);
  // Nest's ApplicationConfig, where the global prefix and versioning live (SwaggerModule reads it the same way).
  const config = (app as unknown as { config: ApplicationConfig }).config;
  const exclude = (config.getGlobalPrefixOptions().exclude ?? []).map((r) => `${r.requestMethod} ${r.path}`);
  return JSON.stringify({
    adapter: app.getHttpAdapter().getType(),
    prefix: config.getGlobalPrefix(),
    exclude,
    versioning: config.getVersioning() ?? null,
    modules,
  });
}

const classIds = new WeakMap<object, number>();
let lastClassId = 0;
function classId(c: object | null | undefined): number {
  if (!c) return 0;
  let id = classIds.get(c);
  if (id === undefined) classIds.set(c, (id = ++lastClassId));
  return id;
}

/**
 * `/docs` (Swagger UI) and `/docs/openapi.json`. The document is built on the first request, by `build` (tests pass one
 * that shares documents between their apps).
 */
export function setupDocs(app: INestApplication, build: (app: INestApplication) => OpenAPIObject = createOpenApiDocument): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup('docs', app, () => (document ??= build(app)), {
    jsonDocumentUrl: 'docs/openapi.json',
    useGlobalPrefix: false,
  });
}

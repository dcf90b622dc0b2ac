import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, type INestApplication, Module, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { getMetadataStorage } from 'class-validator';
import { AppModule, OPENAPI_TAGS, openApiDocumentKey, setGlobalPrefix } from '@app/api';
import { loadConfig } from '@app/config';
import { listRoutes, startTestApp, type TestApp } from '@app/testing';

/**
 * The contract itself: the served OpenAPI document is valid OpenAPI 3 (Redocly's recommended rules), complete
 * (every operation has a stable operationId, a summary, a declared tag, a named success schema and its errors),
 * agrees with validation on which request fields are required, and is the document the build writes to
 * openapi.json (the checked-in copy generators read). libs/testing's contract checks every response the suite
 * receives against it.
 */
type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The DTO class of a nested property, as the Swagger plugin recorded it (`type: () => [OrderLineDto]`). */
function nestedType(type: Function, property: string): Function | undefined {
  for (let c: Function | null = type; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    const factory = (c as { _OPENAPI_METADATA_FACTORY?: () => Record<string, { type?: () => unknown }> })._OPENAPI_METADATA_FACTORY;
    const t = factory?.()[property]?.type?.();
    const found = Array.isArray(t) ? (t[0] as unknown) : t;
    if (typeof found === 'function' && ![String, Number, Boolean, Object, Date].includes(found as never)) return found;
  }
  return undefined;
}

describe('OpenAPI contract', () => {
  let t: TestApp;
  let doc: Json;
  const operations: { method: string; path: string; op: Json }[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs/openapi.json')).body as Json;
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const method of METHODS) if (item[method]) operations.push({ method, path, op: item[method] as Json });
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('is the document the build writes to openapi.json (run `npm run build` and commit openapi.json when this fails)', () => {
    const checkedIn = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as Json;
    expect(doc).toEqual(checkedIn);
  });

  it("validates as OpenAPI 3 under Redocly's recommended rules", async () => {
    const config = await createConfig({
      extends: ['recommended'],
      // A few read-only public operations (the category tree, the home page) have no client error to document.
      rules: { 'operation-4xx-response': 'off' },
    });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual([]);
  });

  it('gives every operation a stable readable id, a summary, a declared tag, a named success schema and an error body', () => {
    const tags = new Set(OPENAPI_TAGS.map((tg) => tg.name));
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const { method, path, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = String(op.operationId);
      if (!/^[a-z][A-Za-z]+$/.test(id)) problems.push(`${where}: operationId ${id} is not an explicit camelCase id (@ApiOperation)`);
      if (ids.has(id)) problems.push(`${where}: operationId ${id} is used twice`);
      ids.add(id);
      if (!op.summary || String(op.summary).includes('\n')) problems.push(`${where}: no one-line summary (the JSDoc's first line)`);
      if (op.tags?.length !== 1 || !tags.has(op.tags[0]))
        problems.push(`${where}: tags ${JSON.stringify(op.tags)}, want one of OPENAPI_TAGS`);
      const success = Object.entries<Json>(op.responses).filter(([s]) => /^2/.test(s));
      // A file (a CSV export: a documented non-JSON body) may come with a second success, the job that builds it.
      const isFile = (res: Json): boolean => Object.keys(res.content ?? {}).some((t) => t !== 'application/json');
      const files = success.filter(([, res]) => isFile(res));
      if (success.length !== 1 && !(success.length === 2 && files.length === 1))
        problems.push(`${where}: ${success.length} success responses`);
      for (const [status, res] of success) {
        if (isFile(res)) continue;
        const schema = res.content?.['application/json']?.schema as Json | undefined;
        const named = schema?.$ref ?? schema?.items?.$ref;
        if (status === '204' ? schema !== undefined : !named)
          problems.push(`${where}: ${status} has no named schema: ${JSON.stringify(schema)}`);
      }
      if (op.responses.default?.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorBody') {
        problems.push(`${where}: no default ErrorBody response`);
      }
      for (const [status, res] of Object.entries<Json>(op.responses)) {
        if (!/^[45]/.test(status)) continue;
        const codes = res.content?.['application/json']?.schema?.allOf?.[1]?.properties?.code?.enum as unknown[] | undefined;
        if (!codes?.length) problems.push(`${where}: ${status} lists no error codes`);
      }
    }
    expect(problems).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(101);
  });

  it("lists the shop front's tags first", () => {
    const order = (doc.tags as { name: string }[]).map((tg) => tg.name);
    expect(order).toEqual(OPENAPI_TAGS.map((tg) => tg.name));
    expect(order.indexOf('admin')).toBeGreaterThan(order.indexOf('after-sales'));
    const firstAdmin = operations.findIndex(({ op }) => op.tags[0] === 'admin');
    const lastShopper = operations.map(({ op }) => op['x-access'] === 'shopper').lastIndexOf(true);
    expect(firstAdmin).toBeGreaterThan(-1);
    expect(lastShopper).toBeGreaterThan(-1);
  });

  it('marks public operations as needing no token and names who may call the others', () => {
    const access = Object.fromEntries(operations.map(({ op }) => [op.operationId, [op['x-access'], op.security]]));
    expect(access.listProducts).toEqual(['public', []]);
    expect(access.listAfterSaleReasons).toEqual(['public', []]);
    expect(access.createOrder).toEqual(['shopper', [{ bearer: [] }]]);
    expect(access.adminShipOrder).toEqual(['admin:operator', [{ bearer: [] }]]);
    expect(access.listProductReviews).toEqual(['public', []]);
    expect(access.getProductReviewSummary).toEqual(['public', []]);
    expect(access.createReview).toEqual(['shopper', [{ bearer: [] }]]);
    expect(access.listAwaitingReviews).toEqual(['shopper', [{ bearer: [] }]]);
    expect(access.adminListReviews).toEqual(['admin:viewer', [{ bearer: [] }]]);
    expect(access.adminHideReview).toEqual(['admin:operator', [{ bearer: [] }]]);
    expect(operations.every(({ op }) => ['public', 'shopper'].includes(op['x-access']) || /^admin:/.test(op['x-access']))).toBe(true);
  });

  it("requires in every request schema exactly the fields validation requires, nested DTOs included (Try it out's example)", () => {
    const problems: string[] = [];
    const seen = new Set<Function>();
    const check = (type: Function, schemaRef: string | undefined): void => {
      if (!schemaRef || seen.has(type)) return;
      seen.add(type);
      const schema = doc.components.schemas[schemaRef.split('/').pop()!] as Json;
      const byProperty = new Map<string, string[]>();
      for (const m of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
        byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m.type]);
      }
      const validated = [...byProperty].filter(([, kinds]) => !kinds.includes('conditionalValidation')).map(([p]) => p);
      const required = (schema.required as string[] | undefined) ?? [];
      for (const p of validated)
        if (!required.includes(p)) problems.push(`${type.name}.${p}: validation requires it, the document does not`);
      for (const p of required)
        if (!validated.includes(p)) problems.push(`${type.name}.${p}: the document requires it, validation does not`);
      for (const p of byProperty.keys()) {
        if (!schema.properties?.[p]) problems.push(`${type.name}.${p}: validated but not in the document`);
        const nested = nestedType(type, p);
        const prop = (schema.properties?.[p] ?? {}) as Json;
        if (nested) check(nested, prop.$ref ?? prop.items?.$ref ?? prop.allOf?.[0]?.$ref);
      }
    };
    const bodies = listRoutes(t.app).filter((r) => r.bodyType);
    expect(bodies.length).toBeGreaterThan(30);
    for (const r of bodies) {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()] as Json | undefined;
      check(r.bodyType!, op?.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined);
    }
    expect(problems).toEqual([]);
  });
});

@Controller('things')
class ThingsController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Controller('others')
class OthersController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

@Module({ controllers: [ThingsController, OthersController] })
class MoreModule {}

// The test apps of a Jest worker share one built document per key (libs/testing test-app.ts): apps that would serve
// different documents must never get the same key, or a contract bug would hide behind another app's document.
describe('OpenAPI document key', () => {
  const apps: INestApplication[] = [];
  /** Modules and routes only, nothing instantiated (as write-openapi.ts builds the document). */
  async function preview(module: unknown, shape: (app: INestApplication) => void = setGlobalPrefix): Promise<string> {
    const app = await NestFactory.create(module as never, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
    apps.push(app);
    shape(app);
    return openApiDocumentKey(app);
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('is the same for two apps of the service', async () => {
    const a = await preview(AppModule.forRoot(loadConfig({})));
    expect(await preview(AppModule.forRoot(loadConfig({ DEV_LOGIN: 'false', SERVE: 'notify' })))).toBe(a);
  });

  it('differs with another set of controllers, another prefix or versioning', async () => {
    const keys = [
      await preview(ThingsModule),
      await preview(MoreModule),
      await preview(ThingsModule, (app) => app.setGlobalPrefix('api/v2')),
      await preview(ThingsModule, (app) => setGlobalPrefix(app.enableVersioning({ type: VersioningType.URI }))),
      await preview(AppModule.forRoot(loadConfig({}))),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

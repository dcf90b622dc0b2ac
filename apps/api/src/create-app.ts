import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppLogger, BODY_LIMIT_KEY, createPino, Metrics, RequestContext } from '@app/common';
import type { AppConfig } from '@app/config';
import {
  WECHAT_MESSAGE_PUSH_PATH,
  WECHAT_PAY_NOTIFY_PATH,
  WECHAT_PAY_REFUND_NOTIFY_PATH,
  WECHAT_PAY_TRANSFER_NOTIFY_PATH,
} from '@app/wechat';
import { AppModule, type AppModuleOptions } from './app.module';
import { jsonBodyParser } from './json-body';
import { setupDocs } from './openapi';
import { registerRateLimits } from './rate-limits';

export interface CreateAppOptions extends AppModuleOptions {
  logger?: Pino;
  /**
   * Builds the document `/docs` serves, on its first request (default `createOpenApiDocument`). The test apps of a Jest
   * worker share one per `openApiDocumentKey` instead of building it each (about 0.7 s of CPU).
   */
  openApiDocument?: (app: INestApplication) => OpenAPIObject;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Builds the whole service, initialized but not listening: main.ts listens on PORT; tests listen on
 * an ephemeral port. Platform concerns live here: request ids, one log line per request, metrics,
 * the global prefix and OpenAPI. (Errors Fastify raises before a handler, such as malformed JSON,
 * reach the global exception filter through the error handler Nest installs.)
 */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const pino = opts.logger ?? createPino(config.logLevel);
  // BODY_LIMIT_KB (default 100 KiB, what callContainer carries); routes that need more say so with @BodyLimit.
  const bodyLimit = config.bodyLimitKb * 1024;
  const adapter = new FastifyAdapter({
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit,
    trustProxy: true,
    return503OnClosing: true,
    // We use no Nest middleware (consumer.apply), so @fastify/middie's request hook would only cost each
    // request a call. Adding middleware means removing this: start-up fails with "this.instance.use is not a
    // function" otherwise.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, opts), adapter, {
    rawBody: true,
    logger: new AppLogger(pino),
    abortOnError: false,
  });
  setGlobalPrefix(app);

  const fastify = app.getHttpAdapter().getInstance();
  // JSON bodies: empty means no body, deep nesting is refused before parsing, prototype keys are named (json-body.ts).
  // The raw body is still kept for WeChat Pay signatures.
  const parseJson = jsonBodyParser(fastify.getDefaultJsonParser('error', 'error'));
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (req, body, done) => parseJson(req, body, done));
  fastify.addHook('onRoute', (route) => {
    const kib = (route.config as Record<string, unknown> | undefined)?.[BODY_LIMIT_KEY];
    if (typeof kib === 'number') route.bodyLimit = Math.max(kib * 1024, bodyLimit);
  });
  await registerRateLimits(app, config);
  const metrics = app.get(Metrics);
  // The request line holds only these known fields (the route is the pattern, not the URL), so it skips
  // redaction, which costs about 15 µs a line with our wildcard paths.
  const accessLog = pino.child({}, { redact: [] });
  // Shutdown: connections busy when close() starts would otherwise idle on keep-alive until their
  // timeout; answering them with `Connection: close` ends each socket with its last response.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (req, reply, payload, done) => {
    void reply.header('x-request-id', req.id);
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  // Each hook costs every request something: this one only exists when requests carry a context.
  if (RequestContext.configure(config.logRequestContext)) {
    fastify.addHook('onRequest', (req, _reply, done) => {
      RequestContext.run({ requestId: req.id }, done);
    });
  }
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    metrics.observeHttp(req.method, route, status, ms / 1000);
    const quiet = QUIET_ROUTES.has(route) && status < 400;
    if (quiet && !accessLog.isLevelEnabled('debug')) return done();
    const identity = req.identity;
    const line = {
      requestId: req.id,
      method: req.method,
      route,
      status,
      ms,
      userId: identity?.kind === 'user' ? identity.userId : undefined,
      adminId: identity?.kind === 'admin' ? identity.adminId : undefined,
    };
    if (quiet) accessLog.debug(line, 'request');
    else accessLog.info(line, 'request');
    done();
  });

  if (config.database.kind === 'embedded' && config.env !== 'production' && config.docsEnabled) {
    // Demo mode: whoever opens the bare address lands on the API docs.
    fastify.get('/', (_req, reply) => reply.redirect('/docs', 302));
  }

  if (config.serve === 'notify') {
    // The public notify service: every route but these answers exactly like one that does not exist.
    fastify.addHook('onRequest', (req, reply, done) => {
      if (req.is404 || NOTIFY_SERVICE_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) done();
      else reply.callNotFound();
    });
  }

  if (config.docsEnabled && config.serve === 'all') setupDocs(app, opts.openApiDocument);
  await app.init();
  return app;
}

/** Every route under /api/v1 but health and metrics (also the document's paths: apps/api/src/write-openapi.ts). */
export function setGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['healthz', 'readyz', 'metrics'] });
}

/**
 * What SERVE=notify answers: WeChat Pay's notifications and WeChat's message push (each trusts nothing but its
 * signature: the service never trusts gateway headers), and health. The push is here for shops that give the mini
 * program's 消息推送 a public URL: the API service has public access off.
 */
export const NOTIFY_SERVICE_ROUTES: ReadonlySet<string> = new Set([
  `POST ${WECHAT_PAY_NOTIFY_PATH}`,
  `POST ${WECHAT_PAY_REFUND_NOTIFY_PATH}`,
  `POST ${WECHAT_PAY_TRANSFER_NOTIFY_PATH}`,
  `GET ${WECHAT_MESSAGE_PUSH_PATH}`,
  `POST ${WECHAT_MESSAGE_PUSH_PATH}`,
  'GET /healthz',
  'HEAD /healthz',
  'GET /readyz',
  'HEAD /readyz',
]);

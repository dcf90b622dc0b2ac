import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppLogger, createPino, Metrics, RequestContext } from '@app/common';
import type { AppConfig } from '@app/config';
import { AppModule, type AppModuleOptions } from './app.module';

export interface CreateAppOptions extends AppModuleOptions {
  logger?: Pino;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;
// callContainer caps bodies at 100 KiB; leave room, refuse the absurd.
const BODY_LIMIT = 512 * 1024;
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Builds the whole service, initialized but not listening: main.ts listens on PORT; tests listen on
 * an ephemeral port. Platform concerns live here: request ids, one log line per request, metrics,
 * the global prefix and OpenAPI. (Errors Fastify raises before a handler, such as malformed JSON,
 * reach the global exception filter through the error handler Nest installs.)
 */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const pino = opts.logger ?? createPino(config.logLevel);
  const adapter = new FastifyAdapter({
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: BODY_LIMIT,
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
  app.setGlobalPrefix('api/v1', { exclude: ['healthz', 'readyz', 'metrics'] });

  const fastify = app.getHttpAdapter().getInstance();
  // wx.request sends `content-type: application/json` even with no data (POST /orders/:id/pay, /cancel...):
  // an empty JSON body means "no body", not a 400. Anything else goes to Fastify's JSON parser (and the raw
  // body is still kept for WeChat Pay signatures).
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT }, (req, body, done) => {
    if (body.length === 0) done(null, undefined);
    else void parseJson(req, body.toString('utf8'), done);
  });
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

  if (config.database.kind === 'embedded' && config.env !== 'production') {
    // Demo mode: whoever opens the bare address lands on the API docs.
    fastify.get('/', (_req, reply) => reply.redirect('/docs', 302));
  }
  SwaggerModule.setup(
    'docs',
    app,
    () =>
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('wxmall API')
          .setDescription('Backend for WeChat Mini Program shops. Amounts are integer fen.')
          .setVersion('1')
          .addBearerAuth()
          .build(),
      ),
    { jsonDocumentUrl: 'docs/openapi.json', useGlobalPrefix: false },
  );
  await app.init();
  return app;
}

import 'reflect-metadata';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import { AddRouteConfig } from './route-config';
import { BodyLimit, BODY_LIMIT_KEY } from './body-limit';

describe('AddRouteConfig', () => {
  it('keeps every key when several route-config decorators meet on one handler', () => {
    class Ctrl {
      @BodyLimit(512)
      @AddRouteConfig({ wxmallRateLimit: 'orders' })
      handler(): void {}
    }
    expect(Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, Ctrl.prototype.handler)).toEqual({
      [BODY_LIMIT_KEY]: 512,
      wxmallRateLimit: 'orders',
    });
  });
});

import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ACCESS_KEY, type Access } from '@app/auth';

export interface RouteInfo {
  method: string;
  /** Full path with the global prefix, params as `:name`. */
  path: string;
  access: Access | undefined;
  params: string[];
  /** The DTO class of @Body() / @Query(), when the handler takes one. */
  bodyType?: Function;
  queryType?: Function;
  controller: string;
  handler: string;
  /** Interceptors bound to the route by its controller and handler (global ones not counted). */
  interceptors: number;
}

const BODY = 3;
const QUERY = 4;
const EXCLUDED_FROM_PREFIX = new Set(['/healthz', '/readyz', '/metrics']);

/** Every HTTP route of the app, from Nest's own metadata: tests use it to check all routes at once. */
export function listRoutes(app: INestApplication, prefix = '/api/v1'): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as Function | undefined;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata('path', ctrl) ?? '');
      const proto = ctrl.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const method = Reflect.getMetadata('method', fn) as RequestMethod | undefined;
        if (method === undefined) continue;
        const sub = String(Reflect.getMetadata('path', fn) ?? '');
        let path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        if (!EXCLUDED_FROM_PREFIX.has(path)) path = `${prefix}${path === '/' ? '' : path}`;
        const access = (Reflect.getMetadata(ACCESS_KEY, fn) ?? Reflect.getMetadata(ACCESS_KEY, ctrl)) as Access | undefined;
        const args = (Reflect.getMetadata('__routeArguments__', ctrl, name) ?? {}) as Record<string, { index: number }>;
        const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as Function[];
        let bodyType: Function | undefined;
        let queryType: Function | undefined;
        for (const [key, arg] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if (kind === BODY) bodyType = types[arg.index];
          if (kind === QUERY) queryType = types[arg.index];
        }
        routes.push({
          method: RequestMethod[method],
          path,
          access,
          params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!),
          bodyType,
          queryType,
          controller: ctrl.name,
          handler: name,
          interceptors: [ctrl, fn].reduce(
            (n, target) => n + ((Reflect.getMetadata('__interceptors__', target) as unknown[] | undefined)?.length ?? 0),
            0,
          ),
        });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

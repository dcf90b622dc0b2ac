import { AddRouteConfig } from './route-config';

/** Fastify route config key read by create-app's onRoute hook. */
export const BODY_LIMIT_KEY = 'bodyLimitKb';

/**
 * A route that takes bodies larger than BODY_LIMIT_KB (default 100 KiB, what callContainer carries): its limit
 * becomes `kib`, or BODY_LIMIT_KB if that is larger. Say why at the use.
 */
export const BodyLimit = (kib: number): MethodDecorator => AddRouteConfig({ [BODY_LIMIT_KEY]: kib });

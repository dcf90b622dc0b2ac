import { isIP } from 'node:net';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

/**
 * The address of the caller, for per-client limits. Behind Cloud Hosting's gateway the socket peer is the
 * gateway, and with `trustProxy` Fastify's `req.ip` is the LEFT-most X-Forwarded-For entry, which the
 * client writes itself (a new value per request would dodge every limit). The RIGHT-most entry of
 * `header` (CLIENT_IP_HEADER) is the one the proxy in front of us appended. Without that header (no
 * proxy) it is the socket peer. IPv6 addresses count per /64, which one client usually holds whole.
 */
export function clientAddress(req: FastifyRequest, header: string): string {
  const value = req.headers[header];
  const last = (Array.isArray(value) ? value[value.length - 1] : value)?.split(',').pop()?.trim();
  const address = last && isIP(last) ? last : (req.raw.socket?.remoteAddress ?? 'unknown');
  return isIP(address) ? normalizeIP(address) : address;
}

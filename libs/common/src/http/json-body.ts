import type { FastifyReply } from 'fastify';

/** The content type Fastify gives a JSON answer it serializes itself. */
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * An answer as the JSON text Fastify would send for it, in UTF-8: serialized once, then sent as many times as it is
 * kept (the read caches). Its own allocation: a small Buffer from Node's shared pool would keep the pool's whole
 * 8 KB slab alive for as long as the cache keeps the answer, and its size would not be its memory.
 */
export function toJsonBody(value: unknown): Buffer {
  const text = JSON.stringify(value);
  const body = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  body.write(text);
  return body;
}

/**
 * Sends a body made by `toJsonBody` (from a handler given `@Res()`): the same bytes and headers as returning the
 * value, without Nest's result handling or Fastify's serializer.
 */
export function sendJson(reply: FastifyReply, body: Buffer): void {
  void reply.header('content-type', JSON_TYPE).send(body);
}

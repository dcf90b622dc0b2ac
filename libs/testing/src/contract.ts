import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Contract tests: every response the suite receives through HttpClient is checked against the OpenAPI document the
 * app serves (`/docs/openapi.json`, fetched once per app): the operation by method and path template, the response
 * by status, the body by its schema. Objects may carry no property the document does not name, and every error
 * status but the platform's must be documented with its code. A mismatch fails the request, and so the test.
 *
 * With CONTRACT_COVERAGE_DIR set, each operation and status answered is recorded there (scripts/contract-coverage.mjs
 * reports the share of operations the suite exercises).
 */

type Json = Record<string, any>;

interface Operation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments: /orders/counts wins over /orders/{id}. */
  literals: number;
  responses: Json;
  pointer: string;
}

/** Errors any route may answer without listing them (the document's `default` response): body size and type, 5xx. */
const PLATFORM_STATUSES = new Set([405, 413, 414, 415, 431]);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

export class Contract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  /** Validators by their schema's JSON: many responses share one (error bodies, a DTO), compiled once. */
  private readonly bySchema = new Map<string, ValidateFunction>();
  private readonly doc: Json;

  constructor(document: Json) {
    const doc = (this.doc = strictCopy(document) as Json);
    this.ajv.addSchema(doc, 'doc');
    for (const [template, item] of Object.entries<Json>(doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const segments = template.split('/');
        this.operations.push({
          id: String(op.operationId),
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${segments.map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : escape(s))).join('/')}$`),
          literals: segments.filter((s) => !s.startsWith('{')).length,
          responses: (op.responses ?? {}) as Json,
          pointer: `/paths/${pointerEscape(template)}/${method}/responses`,
        });
      }
    }
  }

  find(method: string, path: string): Operation | undefined {
    const bare = path.split('?')[0]!;
    return this.operations.filter((o) => o.method === method && o.pattern.test(bare)).sort((a, b) => b.literals - a.literals)[0];
  }

  /** Undefined when the response keeps the contract, else what is wrong. */
  check(method: string, path: string, status: number, contentType: string, body: unknown, text: string): string | undefined {
    const op = this.find(method, path);
    if (!op) return undefined; // not an operation of the document (health, docs, unknown routes)
    recordCoverage(op, status);
    const documented = op.responses[String(status)] as Json | undefined;
    const where = `${method} ${path} -> ${status} (operation ${op.id})`;
    if (!documented && status < 500 && !(status >= 400 && PLATFORM_STATUSES.has(status))) {
      const code = (body as Json | undefined)?.code as string | undefined;
      return `${where}: status ${status}${code ? ` (${code})` : ''} is not documented; documented: ${Object.keys(op.responses).join(', ')}`;
    }
    const key = documented ? String(status) : 'default';
    const content = (op.responses[key] as Json | undefined)?.content as Json | undefined;
    const schema = content?.['application/json']?.schema as Json | undefined;
    if (!schema) {
      if (text === '' || method === 'HEAD') return undefined;
      // A documented non-JSON body (a CSV export): its media type must be the one answered.
      const other = Object.keys(content ?? {}).filter((t) => t !== 'application/json');
      if (other.length > 0) {
        return other.some((t) => contentType.startsWith(t))
          ? undefined
          : `${where}: expected ${other.join(' or ')}, got ${contentType || 'no content type'}`;
      }
      return `${where}: the document describes no body, the response has one: ${text.slice(0, 200)}`;
    }
    if (!contentType.includes('json')) return `${where}: expected JSON, got ${contentType || 'no content type'}: ${text.slice(0, 200)}`;
    const validate = this.validator(`${op.pointer}/${pointerEscape(key)}/content/application~1json/schema`);
    if (validate(body)) return undefined;
    const problems = (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    return `${where}: the body does not match the documented schema:\n  ${problems.join('\n  ')}\nbody: ${text.slice(0, 1500)}`;
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.validators.get(pointer);
    if (!v) {
      const schema = pointer
        .split('/')
        .slice(1)
        .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
      // The same JSON is the same schema: its $refs all point into this one document.
      const text = JSON.stringify(schema);
      v = schema === undefined ? undefined : (this.bySchema.get(text) ?? this.ajv.getSchema(`doc#${pointer}`));
      if (!v) throw new Error(`contract: no schema at ${pointer}`);
      this.bySchema.set(text, v);
      this.validators.set(pointer, v);
    }
    return v;
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pointerEscape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The document's schemas made strict for checking responses: an object schema that names its properties allows no
 * others (a mapper that adds a field the document lacks fails), and OpenAPI 3.0's `nullable` admits null whatever
 * stands beside it (Ajv reads it only beside `type`, and not with `enum` or `allOf`).
 */
function strictCopy(node: unknown, inAllOf = false): unknown {
  if (Array.isArray(node)) return node.map((n) => strictCopy(n, inAllOf));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    out[k] = k === 'allOf' ? (v as unknown[]).map((n) => strictCopy(n, true)) : k === 'properties' ? mapValues(v as Json) : strictCopy(v);
  }
  if (out.properties && out.additionalProperties === undefined && !inAllOf) out.additionalProperties = false;
  if (out.nullable === true) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return out;
}

function mapValues(props: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(props)) out[k] = strictCopy(v);
  return out;
}

const contracts = new Map<string, Promise<Contract | null>>();
const byDocument = new Map<string, Contract>();

/**
 * The contract of the app at `baseUrl`: its served document, or null when it serves none (docs off, notify service)
 * or cannot be reached (an app that is shutting down: the request will find out for itself).
 */
export function contractOf(baseUrl: string): Promise<Contract | null> {
  let c = contracts.get(baseUrl);
  if (!c) {
    c = (async () => {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/docs/openapi.json`);
      } catch {
        contracts.delete(baseUrl);
        return null;
      }
      if (res.status === 404) return null;
      const text = await res.text();
      if (res.status !== 200) throw new Error(`contract: GET /docs/openapi.json answered ${res.status}: ${text}`);
      // Apps of one test file serve the same document: its compiled validators serve them all.
      const digest = createHash('sha1').update(text).digest('hex');
      let contract = byDocument.get(digest);
      if (!contract) byDocument.set(digest, (contract = new Contract(JSON.parse(text) as Json)));
      return contract;
    })();
    contracts.set(baseUrl, c);
  }
  return c;
}

/**
 * Forgets the contract of the app at `baseUrl` once it has stopped: the integration project keeps this module loaded
 * across the test files of a Jest worker (test/jest/shared-runtime.js), and a later app may listen on the same port.
 */
export function forgetContract(baseUrl: string): void {
  contracts.delete(baseUrl);
}

const recorded = new Set<string>();
function recordCoverage(op: Operation, status: number): void {
  const dir = process.env.CONTRACT_COVERAGE_DIR;
  const line = `${op.method} ${op.template} ${status}`;
  if (!dir || recorded.has(line)) return;
  recorded.add(line);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${process.pid}.txt`), `${line}\n`);
}

import { ErrorBody } from '@mediaplane/protocol';
import { z } from 'zod';
import type { RouteDoc } from './route-doc.ts';

/** A route as the router has it mounted: method and OpenAPI-style path. */
export interface MountedRoute {
  readonly method: string;
  readonly path: string;
}

/** The parts of an OpenAPI operation this API produces (and tests read). */
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }>;
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<
    string,
    { description: string; content?: { 'application/json': { schema: JsonSchema } } }
  >;
  'x-undocumented'?: true;
}

/** An OpenAPI 3.1 document. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
}

type JsonSchema = Record<string, unknown>;

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const COMMON_ERRORS = [400, 401, 500];
const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'Invalid input; the message names the field',
  401: 'Missing, invalid or revoked API key',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  500: 'Internal error',
  503: 'A media node or another dependency could not be reached',
};

/** `/streams/:app/:stream{.+}` → `/streams/{app}/{stream}`. */
export function honoPathToOpenApi(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}').replace(/\/+$/, '') || '/';
}

/**
 * Builds the OpenAPI 3.1 document of the mounted routes from their RouteDocs. A mounted route
 * without a doc still appears (marked `x-undocumented`), so the document never hides an endpoint.
 */
export function buildOpenApiDocument({
  docs,
  mounted,
  version,
}: {
  docs: readonly RouteDoc[];
  mounted: readonly MountedRoute[];
  version: string;
}): OpenApiDocument {
  const byKey = new Map(docs.map((d) => [`${d.method} ${d.path}`, d]));
  const paths: OpenApiDocument['paths'] = {};
  for (const route of mounted) {
    const method = route.method.toLowerCase();
    const doc = byKey.get(`${method} ${route.path}`);
    paths[route.path] ??= {};
    paths[route.path]![method] = doc === undefined ? undocumented(method, route.path) : operation(doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mediaplane control API',
      version,
      description:
        'REST API for business apps: streams, sessions, app policies, tokens, webhooks, nodes and pull sources. ' +
        'Every /v1 route needs `Authorization: Bearer <api key>`. Errors share one shape: ' +
        '`{ "error": { "code", "message", "requestId" } }`.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (`mp_...`).' },
      },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
  };
}

function operation(doc: RouteDoc): OpenApiOperation {
  const op: OpenApiOperation = {
    operationId: operationId(doc.method, doc.path),
    summary: doc.summary,
    tags: [doc.tag],
    responses: {},
  };
  if (doc.description !== undefined) op.description = doc.description;
  const parameters = [...paramsOf(doc.params, 'path'), ...paramsOf(doc.query, 'query')];
  if (parameters.length > 0) op.parameters = parameters;
  if (doc.body !== undefined) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } },
    };
  }
  for (const [status, res] of Object.entries(doc.responses)) {
    op.responses[status] = { description: res.description };
    if (res.schema !== undefined) {
      op.responses[status].content = { 'application/json': { schema: jsonSchema(res.schema, 'output') } };
    }
  }
  for (const status of [...COMMON_ERRORS, ...(doc.errors ?? [])]) {
    op.responses[String(status)] = {
      description: ERROR_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
  return op;
}

function undocumented(method: string, path: string): OpenApiOperation {
  const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
    name: m[1]!,
    in: 'path' as const,
    required: true,
    schema: { type: 'string' },
  }));
  const op: OpenApiOperation = {
    operationId: operationId(method, path),
    summary: `${method.toUpperCase()} ${path}`,
    tags: [path.split('/')[2] ?? 'other'],
    responses: {
      default: { description: 'See the API guide', content: { 'application/json': { schema: {} } } },
    },
    'x-undocumented': true,
  };
  if (params.length > 0) op.parameters = params;
  return op;
}

function paramsOf(
  schema: z.ZodObject | undefined,
  where: 'path' | 'query',
): NonNullable<OpenApiOperation['parameters']> {
  if (schema === undefined) return [];
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return io === 'output' ? openObjects(rest) : rest;
}

// Replies only ever gain fields (the contract is additive), so clients must not be told extra keys are invalid.
function openObjects(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'additionalProperties' && v === false) continue;
    if (Array.isArray(v)) out[k] = v.map((x) => (isObject(x) ? openObjects(x) : x));
    else out[k] = isObject(v) ? openObjects(v) : v;
  }
  return out;
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// `put /v1/apps/{app}/policy` → `putAppsAppPolicy`.
function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((s) => s !== '' && s !== 'v1')
    .map((s) => s.replace(/[{}]/g, ''))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter((s) => s !== '');
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

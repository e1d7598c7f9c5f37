import { type Context, Hono } from 'hono';
import type { AppEnv } from '../hono-env.ts';
import { publicV1Routes, v1RouteDocs } from '../routes/public/v1/index.ts';
import { DOCS_CSP, DOCS_CSS, DOCS_HTML, DOCS_SCRIPT } from './docs-page.ts';
import {
  buildOpenApiDocument,
  honoPathToOpenApi,
  type MountedRoute,
  type OpenApiDocument,
} from './document.ts';

/** Version of the REST API in the OpenAPI document. */
export const PUBLIC_API_VERSION = '1.0.0';

/** The routes the /v1 router mounts, in OpenAPI path form (middleware excluded). */
export function mountedV1Routes(): MountedRoute[] {
  const seen = new Set<string>();
  const out: MountedRoute[] = [];
  for (const r of publicV1Routes().routes) {
    if (r.method === 'ALL') continue;
    const route = { method: r.method.toLowerCase(), path: honoPathToOpenApi(`/v1${r.path}`) };
    const key = `${route.method} ${route.path}`;
    if (!seen.has(key)) out.push(route);
    seen.add(key);
  }
  return out;
}

/** The OpenAPI 3.1 document of the /v1 API. */
export function v1OpenApiDocument(): OpenApiDocument {
  return buildOpenApiDocument({ docs: v1RouteDocs, mounted: mountedV1Routes(), version: PUBLIC_API_VERSION });
}

/** GET /openapi.json and the /docs page; public, since they describe the API and hold no data. */
export function docsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let document: OpenApiDocument | undefined;
  app.get('/openapi.json', (c) => {
    document ??= v1OpenApiDocument();
    return c.json(document);
  });
  const page = (body: string, type: string) => (c: Context<AppEnv>) =>
    c.body(body, 200, {
      'content-type': type,
      'content-security-policy': DOCS_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
  app.get('/docs', page(DOCS_HTML, 'text/html; charset=utf-8'));
  app.get('/docs/app.js', page(DOCS_SCRIPT, 'text/javascript; charset=utf-8'));
  app.get('/docs/app.css', page(DOCS_CSS, 'text/css; charset=utf-8'));
  return app;
}

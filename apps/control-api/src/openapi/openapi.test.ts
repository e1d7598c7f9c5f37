import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { v1RouteDocs } from '../routes/public/v1/index.ts';
import { DOCS_CSS, DOCS_HTML, DOCS_SCRIPT } from './docs-page.ts';
import { honoPathToOpenApi, type OpenApiDocument } from './document.ts';
import { mountedV1Routes } from './routes.ts';

describe('GET /openapi.json', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.request('/openapi.json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDocument;
  });
  afterAll(() => t.cleanup());

  it('is OpenAPI 3.1 with the bearer API-key scheme applied globally', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object' });
  });

  it('lists every mounted /v1 route', () => {
    const mounted = mountedV1Routes();
    expect(mounted.length).toBeGreaterThanOrEqual(10);
    for (const r of mounted) {
      expect(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
    }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(documented.sort()).toEqual(mounted.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('has no doc for a route that is not mounted', () => {
    const mounted = new Set(mountedV1Routes().map((r) => `${r.method} ${r.path}`));
    for (const d of v1RouteDocs) expect(mounted, `${d.method} ${d.path}`).toContain(`${d.method} ${d.path}`);
  });

  it('describes the inputs and replies of every route, not just its path', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method} ${path}`;
        expect(op['x-undocumented'], name).toBeUndefined();
        expect(op.responses['401'], name).toBeDefined();
        const ok = Object.entries(op.responses).find(([s]) => s.startsWith('2'));
        expect(ok, name).toBeDefined();
        if (ok![0] !== '204') expect(ok![1].content?.['application/json'].schema, name).toBeDefined();
        if (method === 'post' || method === 'put') expect(op.requestBody, name).toBeDefined();
        for (const param of path.match(/\{[^}]+\}/g) ?? []) {
          expect(
            op.parameters?.map((p) => `{${p.name}}`),
            name,
          ).toContain(param);
        }
      }
    }
  });

  it('carries the zod constraints: enums, ranges and required fields', () => {
    const put = doc.paths['/v1/apps/{app}/policy']!.put!;
    const body = put.requestBody!.content['application/json'].schema as {
      properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number }>;
      required?: string[];
    };
    expect(body.properties.publish!.enum).toEqual(['open', 'token']);
    expect(body.properties.maxStreamWaitMs).toMatchObject({ minimum: 0, maximum: 86_400_000 });
    expect(body.required ?? []).toEqual([]);
    const token = doc.paths['/v1/tokens']!.post!.requestBody!.content['application/json'].schema as {
      required: string[];
    };
    expect(token.required.sort()).toEqual(['action', 'app', 'stream']);
    const query = doc.paths['/v1/pulls']!.get!.parameters!;
    expect(query).toEqual([expect.objectContaining({ name: 'app', in: 'query', required: false })]);
  });
});

describe('GET /docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.cleanup());

  it.each([
    ['/docs', 'text/html'],
    ['/docs/app.js', 'text/javascript'],
    ['/docs/app.css', 'text/css'],
  ])('serves %s without a key, under a same-origin-only CSP', async (path, type) => {
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('is self-contained: no external URL anywhere', () => {
    for (const text of [DOCS_HTML, DOCS_SCRIPT, DOCS_CSS]) expect(text).not.toMatch(/https?:\/\//);
  });

  it('ships a script that parses, loads /openapi.json and never writes HTML from data', () => {
    expect(() => new Function(DOCS_SCRIPT)).not.toThrow();
    expect(DOCS_SCRIPT).toContain("fetch('/openapi.json')");
    expect(DOCS_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('honoPathToOpenApi', () => {
  it.each([
    ['/v1/streams', '/v1/streams'],
    ['/v1/streams/', '/v1/streams'],
    ['/v1/streams/:app/:stream{.+}', '/v1/streams/{app}/{stream}'],
    ['/v1/apps/:app/policy', '/v1/apps/{app}/policy'],
    ['/', '/'],
  ])('%s → %s', (hono, openapi) => {
    expect(honoPathToOpenApi(hono)).toBe(openapi);
  });
});

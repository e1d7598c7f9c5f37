import { describe, expect, it } from 'vitest';
import { DOCS_SCRIPT } from './docs-page.ts';
import { v1OpenApiDocument } from './routes.ts';

// No browser here, so the page script runs against a minimal DOM: enough to prove it renders every
// operation from the real document and sends a try-it request with the key, path and body.
class FakeElement {
  readonly tag: string;
  readonly children: FakeElement[] = [];
  readonly attributes: Record<string, string> = {};
  readonly listeners: Record<string, () => void> = {};
  textContent = '';
  value = '';
  constructor(tag: string) {
    this.tag = tag;
  }
  setAttribute(k: string, v: string): void {
    this.attributes[k] = v;
  }
  appendChild(c: FakeElement): void {
    this.children.push(c);
  }
  replaceChildren(...c: FakeElement[]): void {
    this.children.splice(0, this.children.length, ...c);
  }
  addEventListener(type: string, f: () => void): void {
    this.listeners[type] = f;
  }
  all(): FakeElement[] {
    return [this, ...this.children.flatMap((c) => c.all())];
  }
}

describe('the /docs page script', () => {
  it('renders every operation and sends a request with the key, path parameters and body', async () => {
    const doc = v1OpenApiDocument();
    const elements: Record<string, FakeElement> = {
      'api-key': new FakeElement('input'),
      routes: new FakeElement('main'),
    };
    const sent: Array<{
      url: string;
      init: { method: string; headers: Record<string, string>; body?: string };
    }> = [];
    const fetchStub = async (
      url: string,
      init?: { method: string; headers: Record<string, string>; body?: string },
    ) => {
      if (url === '/openapi.json') return { json: async () => doc };
      sent.push({ url, init: init! });
      return { status: 200, statusText: 'OK', text: async () => '{"ok":true}' };
    };
    const storage = new Map<string, string>([['mediaplane-api-key', 'mp_test']]);
    const run = new Function('document', 'sessionStorage', 'fetch', 'URLSearchParams', DOCS_SCRIPT);
    run(
      { createElement: (tag: string) => new FakeElement(tag), getElementById: (id: string) => elements[id] },
      {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => storage.set(k, v),
      },
      fetchStub,
      URLSearchParams,
    );
    const main = elements.routes!;
    await expect.poll(() => main.children.length).toBeGreaterThan(1);

    const operations = Object.values(doc.paths).flatMap((ops) => Object.keys(ops)).length;
    const rendered = main.children.filter((c) => c.tag === 'details');
    expect(rendered).toHaveLength(operations);

    const put = rendered.find(
      (d) =>
        d.all().some((e) => e.textContent === '/v1/apps/{app}/policy') &&
        d.all().some((e) => e.textContent === 'put'),
    )!;
    const inputs = put.all().filter((e) => e.tag === 'input');
    inputs[0]!.value = 'live';
    const body = put.all().find((e) => e.tag === 'textarea')!;
    expect(JSON.parse(body.value)).toHaveProperty('publish', 'open');
    put.all().find((e) => e.tag === 'button')!.listeners.click!();
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]!.url).toBe('/v1/apps/live/policy');
    expect(sent[0]!.init).toMatchObject({ method: 'PUT', headers: { authorization: 'Bearer mp_test' } });
    expect(JSON.parse(sent[0]!.init.body!)).toHaveProperty('publish');
  });
});

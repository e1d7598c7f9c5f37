import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering rules of the style guide, written as a test because the linter config is shared.
const src = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

const all = files(src).map((path) => ({ rel: relative(src, path), imports: imports(path) }));

describe('control-api layering', () => {
  it('finds the sources', () => {
    expect(all.some((f) => f.rel === 'app.ts')).toBe(true);
  });

  it.each(all.filter((f) => f.rel.startsWith('routes/')))('$rel does not touch the database', ({
    imports,
  }) => {
    expect(imports.filter((i) => i.startsWith('drizzle-orm') || /\/db\//.test(i))).toEqual([]);
  });

  it.each(all.filter((f) => f.rel.startsWith('domain/')))('$rel does not import hono', ({ imports }) => {
    expect(imports.filter((i) => i === 'hono' || i.startsWith('hono/') || i.startsWith('@hono/'))).toEqual(
      [],
    );
  });

  it.each(all.filter((f) => !/(\.node\.ts)$/.test(f.rel)))('$rel imports no node:* module', ({ imports }) => {
    expect(
      imports.filter((i) => i.startsWith('node:') || i === 'pg' || i.startsWith('@hono/node-server')),
    ).toEqual([]);
  });
});

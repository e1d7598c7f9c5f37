import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrationsDir, type OpenDatabase, usePglite } from '../src/db/client.node.ts';

// A fresh PGlite runs initdb (~2 s); loading a dumped, already-migrated data dir takes a fraction
// of that. The dump is cached in the temp dir, keyed by PGlite's version and the migrations.

let cached: Promise<Blob> | undefined;

/** An in-memory PGlite, migrated, loaded from a cached template when one exists. */
export async function openTemplatedPglite(): Promise<OpenDatabase> {
  cached ??= loadOrCreateTemplate();
  const template = await cached;
  return usePglite(new PGlite({ loadDataDir: template }), 'pglite (test, in memory)');
}

async function loadOrCreateTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `mediaplane-pglite-${templateKey()}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not cached yet: build it below.
  }
  const client = new PGlite();
  const opened = await usePglite(client);
  const dump = await client.dumpDataDir('none');
  await opened.close();
  const bytes = new Uint8Array(await dump.arrayBuffer());
  // Write then rename, so a parallel test file never reads half a template.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, file);
  return new Blob([bytes]);
}

function templateKey(): string {
  const hash = createHash('sha256');
  // The package's entry is dist/index.js; its package.json (with the version) sits one level up.
  hash.update(readFileSync(new URL('../package.json', import.meta.resolve('@electric-sql/pglite'))));
  const dir = migrationsDir();
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.sql')) hash.update(name).update(readFileSync(join(dir, name)));
  }
  hash.update(readFileSync(join(dir, 'meta', '_journal.json')));
  return hash.digest('hex').slice(0, 16);
}

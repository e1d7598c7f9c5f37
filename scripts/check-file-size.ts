// Fails when a source file grows past the hard limit; the soft limit only warns.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const HARD = 800;
const SOFT = 400;
const roots = ['apps', 'packages', 'bench', 'scripts'];
const failures: string[] = [];

function walk(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'out' || name === 'data') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) {
      const lines = readFileSync(p, 'utf8').split('\n').length;
      if (lines > HARD) failures.push(`${p}: ${lines} lines (limit ${HARD})`);
      else if (lines > SOFT) console.warn(`note: ${p} has ${lines} lines; consider splitting`);
    }
  }
}

for (const r of roots) walk(r);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}

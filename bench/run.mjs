// npm run bench: every command's benchmark in turn. Data is generated once under bench/data/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.mjs') && !['run.mjs', 'lib.mjs', 'measure.mjs'].includes(f))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();
process.stdout.write(`node ${process.version}, ${new Date().toISOString()}\n`);
for (const file of benches) {
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync('node', [new URL(file, import.meta.url).pathname], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}

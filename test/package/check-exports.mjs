// Imports every subpath named in package.json "exports" from the built dist, as a consumer
// would (by package name, through Node's resolver), and checks each exposes something.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');
let failed = false;
for (const subpath of subpaths) {
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  try {
    const mod = await import(specifier);
    const names = Object.keys(mod);
    if (names.length === 0) throw new Error('exports nothing at runtime');
    console.log(`ok   ${specifier} (${names.length} exports)`);
  } catch (error) {
    failed = true;
    console.error(`FAIL ${specifier}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
if (failed) process.exit(1);

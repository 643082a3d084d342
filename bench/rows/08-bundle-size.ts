/**
 * Bundle size per export entry: each entry of package.json "exports" bundled from its source
 * with esbuild (minified, ESM, platform node), then gzipped. Measured twice: dependencies
 * external (what this package itself adds) and dependencies bundled (what an app bundler ships
 * if it inlines everything reachable from the entry).
 */
import { gzipSync } from 'node:zlib';
import { build, stop } from 'esbuild';
import { measured } from '../lib/result.js';
import type { BenchRow } from '../lib/result.js';

// Same map as tsup.config.ts.
const ENTRIES: readonly { subpath: string; file: string }[] = [
  { subpath: '.', file: 'src/index.ts' },
  { subpath: './whatsapp', file: 'src/channels/whatsapp/index.ts' },
  { subpath: './vk', file: 'src/channels/vk/index.ts' },
  { subpath: './testing', file: 'src/testing/index.ts' },
];
// Test-kit peers: the host brings them, so they stay external in both measurements (as in tsup.config.ts).
const PEERS = ['vitest', 'msw', 'msw/node', 'node:sqlite'];

interface Size {
  min: number;
  gzip: number;
  /** Minified bytes per source folder (`src/templates/lint/lexicons`), largest first. */
  largest: [string, number][];
}

async function minGzip(file: string, dependencies: 'external' | 'bundled'): Promise<Size> {
  const result = await build({
    entryPoints: [file],
    absWorkingDir: new URL('../../', import.meta.url).pathname,
    bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node22', write: false, logLevel: 'silent',
    treeShaking: true, metafile: true,
    ...(dependencies === 'external' ? { packages: 'external' as const } : { external: PEERS }),
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild produced nothing for ${file}`);
  const byFolder = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const folder = input.startsWith('node_modules/') ? input.split('/').slice(0, 2).join('/') : input.split('/').slice(0, -1).join('/');
      byFolder.set(folder, (byFolder.get(folder) ?? 0) + bytesInOutput);
    }
  }
  const largest = [...byFolder].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, largest };
}

function share(size: Size): string {
  return size.largest.map(([folder, bytes]) => `${folder} ${(bytes / 1024).toFixed(0)} KiB`).join(', ');
}

const row: BenchRow = {
  id: 'bundle-size',
  timed: false,
  async run() {
    const results = [];
    // esbuild runs as a child service; stopping it afterwards lets the noise probe count its CPU as ours.
    try {
      for (const entry of ENTRIES) {
        const own = await minGzip(entry.file, 'external');
        const all = await minGzip(entry.file, 'bundled');
        results.push(measured({
          name: `Bundle: switchboard${entry.subpath === '.' ? '' : entry.subpath.slice(1)}`, unit: 'bytes min+gz', value: own.gzip, better: 'lower',
          reference: { name: 'same entry, dependencies bundled', value: all.gzip },
          note: `esbuild ${entry.file}, minified ESM, gzip -9. Minified: ${own.min} bytes own code (largest: ${share(own)}); ${all.min} bytes with dependencies (peers vitest/msw external; largest: ${share(all)}).`,
        }));
      }
    } finally {
      await stop();
    }
    return results;
  },
};

export default row;

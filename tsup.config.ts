import type { Options } from 'tsup';
import { defineConfig } from 'tsup';

const options: Options = {
  entry: {
    index: 'src/index.ts',
    whatsapp: 'src/channels/whatsapp/index.ts',
    vk: 'src/channels/vk/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  dts: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
  clean: true,
  // Test-kit peers stay external: hosts bring their own vitest and msw.
  external: ['vitest', 'msw', 'msw/node', 'node:sqlite'],
};

export default defineConfig(options);

#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/bin.js, from `tsc`) into dist/bundle/ with esbuild.
//
// Why: loading ~400 small ES modules (ours, zod's, undici's) took about 0.3 s of every command
// before it did any work. One bundle with a chunk per lazily imported command loads in a
// fraction of that; `evals --version` loads only the entry chunk.
// better-sqlite3 (a native addon) and ws (loaded only by the emulator) stay external.
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'dist', 'bundle')

rmSync(OUT, { recursive: true, force: true })
await build({
  entryPoints: { bin: join(ROOT, 'dist', 'cli', 'bin.js') },
  outdir: OUT, // same depth as dist/cli, so `new URL('../../package.json', import.meta.url)` still resolves
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  external: ['better-sqlite3', 'ws'],
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __evalsCreateRequire } from 'node:module'; const require = __evalsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
})

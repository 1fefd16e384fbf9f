#!/usr/bin/env node
// Compiled entry: `npm ci` runs `prepare` (= `npm run build`: tsc to dist/, then esbuild bundles
// dist/cli into dist/bundle/, which starts several times faster than the separate modules).
import { setFlagsFromString } from 'node:v8'

// undici parses HTTP with llhttp compiled to WebAssembly. V8 compiles it quickly (Liftoff), then
// again in the background with its optimizing compiler: ~300 ms of CPU and ~35 MB of memory
// that competes with the run for the second core and delays exit, while the parse of an API
// answer is a negligible share of a request either way. Wasm flags are read when a module is
// compiled, which is later (at the first request), so setting this here takes effect.
setFlagsFromString('--liftoff-only')

await import('../dist/bundle/bin.js')

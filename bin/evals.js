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

// A run's live heap is small (~55 MB at 50,000 samples) but it makes garbage fast, and by
// default V8 lets the old generation grow to up to 4x the live size before a full collection:
// 340 MB of RSS at 50,000 samples. Growing the limit by 50% of the live size instead keeps
// it at ~220 MB (and 5,000 samples at ~130 MB rather than 140) for a few percent more GC.
// Unlike --max-old-space-size this sets no ceiling, so a large comparison can still use
// what it needs. The heap controller reads this flag each time it sets a new limit.
setFlagsFromString('--heap-growing-percent=50')

await import('../dist/bundle/bin.js')

#!/usr/bin/env node
// Compiled entry: `npm ci` runs `prepare` (= `npm run build`: tsc to dist/, then esbuild bundles
// dist/cli into the one script dist/bundle/evals.cjs), which this file compiles and starts.
'use strict'
// CommonJS (bin/package.json says so): Node starts a CommonJS entry ~7 ms sooner than an ES module.
const { createHash } = require('node:crypto')
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs')
const { createRequire } = require('node:module')
const { dirname, join } = require('node:path')
const { setFlagsFromString } = require('node:v8')
const { Script } = require('node:vm')

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

// V8's code cache: compiling the 1.8 MB bundle, and then each function it calls, took ~100 ms
// of every command. The first time a command runs (after each build or Node update), V8's
// compiled code for it is written next to the bundle, one file per command (what `run`
// compiles is not what `--version` does); later runs of it start from that. V8 itself checks
// only the source's length, its own version and its flags, and crashes on a damaged cache, so
// each file also records the bundle's size and time and a SHA-256 of the code: a cache that
// does not match is not used, and is written anew. An unwritable install only loses the speed.
// scripts/bundle.mjs writes the bundle as ASCII: read as Latin-1, it needs no UTF-8 decoding.
const bundle = join(__dirname, '..', 'dist', 'bundle', 'evals.cjs')
const command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? '') ? process.argv[2] : 'none'
const cacheFile = join(dirname(bundle), 'code-cache', `${command}.bin`)
const stamp = bundleStamp(bundle)
const cachedData = readCache(cacheFile, stamp)
// The bundle is one function expression: (exports, require, module, __filename, __dirname, __evalsImport).
const script = new Script(readFileSync(bundle, 'latin1'), { filename: bundle, ...(cachedData ? { cachedData } : {}) })
if (!cachedData || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheFile, stamp))

const loaded = { exports: {} }
// A script compiled this way cannot import() (on Node 20), so user modules (a javascript
// assertion's file) are imported from here.
const importFile = (url) => import(url)
script.runInThisContext()(loaded.exports, createRequire(bundle), loaded, bundle, dirname(bundle), importFile)
loaded.exports.start(process.argv)

function bundleStamp(file) {
  const { size, mtimeMs } = statSync(file)
  return `evals-code-cache ${size} ${mtimeMs}`
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex')
}

/** The cached code for this bundle, or undefined when there is none or it is not this bundle's, or damaged. */
function readCache(file, stamp) {
  let data
  try {
    data = readFileSync(file)
  } catch {
    return undefined
  }
  const end = data.indexOf(10) // the header line: the stamp and the code's SHA-256
  const [head, code] = [data.subarray(0, end).toString('latin1'), data.subarray(end + 1)]
  return end > 0 && head === `${stamp} ${sha256(code)}` ? code : undefined
}

/** Written whole under a temporary name and renamed, so a concurrent start never reads half a file. */
function writeCache(compiled, file, stamp) {
  try {
    const code = compiled.createCachedData()
    mkdirSync(dirname(file), { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${stamp} ${sha256(code)}\n`, 'latin1'), code]))
    renameSync(temporary, file)
  } catch {
    // A read-only install: start without the cache next time too.
  }
}

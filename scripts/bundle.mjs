#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/bin.js, from `tsc`) with esbuild into one script,
// dist/bundle/evals.cjs: a CommonJS module's code inside a function expression (WRAPPER below),
// which bin/evals.js compiles and calls.
//
// Why one file: loading ~400 small ES modules (ours, zod's, undici's) took about 0.3 s of every
// command before it did any work. bin/evals.js compiles this file with V8's code cache (see
// there), which needs a script rather than ES modules. Modules the CLI imports lazily (each
// command) stay lazy: esbuild evaluates them on first use.
// better-sqlite3 (a native addon) and ws (loaded only by the emulator) stay external.
import { build } from 'esbuild'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'dist', 'bundle')

// undici's HTTP/2 client loads node:http2 (~10 ms of every start) although evals never enables
// HTTP/2 (allowH2 stays off, so no connection is ever handed to it): the bundle gets this in its
// place, which says so if it is ever reached.
let http2Stubbed = false
const noHttp2 = {
  name: 'no-http2',
  setup(b) {
    b.onLoad({ filter: /undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/ }, () => {
      http2Stubbed = true
      return {
        contents: "'use strict'\nmodule.exports = function connectH2 () { throw new Error('evals does not enable HTTP/2 (undici allowH2)') }\n",
        loader: 'js',
      }
    })
  },
}

// zod's index re-exports its error messages in ~50 languages (300 KB, 17% of the bundle), all
// read, compiled and initialised at every start; evals never picks a locale (zod's default is
// English), so the bundle carries the English ones only. handlebars' compiler loads source-map
// (40 KB) only to build source maps, which evals never asks for; without it, handlebars uses its
// own string builder (the same template output).
let localesSlimmed = false
const slim = {
  name: 'slim',
  setup(b) {
    b.onLoad({ filter: /zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => {
      localesSlimmed = true
      return { contents: 'export { default as en } from "./en.js";\n', loader: 'js' }
    })
    b.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'slim' }))
    b.onLoad({ filter: /.*/, namespace: 'slim' }, () => ({ contents: 'module.exports = {}\n', loader: 'js' }))
  },
}

const FILE = join(OUT, 'evals.cjs') // same depth as dist/cli, so `new URL('../../package.json', import.meta.url)` still resolves

rmSync(OUT, { recursive: true, force: true })
const { outputFiles } = await build({
  entryPoints: [join(ROOT, 'dist', 'cli', 'bin.js')],
  outfile: FILE,
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'ws'],
  plugins: [noHttp2, slim],
  minifyWhitespace: true,
  minifySyntax: true,
  // A CommonJS file has no import.meta; the modules' own URL is the bundle's.
  define: { 'import.meta.url': '__evalsModuleUrl' },
  banner: { js: "const __evalsModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: 'none',
  logLevel: 'warning',
})

// esbuild escapes non-ASCII characters in strings but not in template literals or regular
// expressions. Escaped there too (the same characters to JavaScript: the report's templates use
// cooked strings), the file is ASCII, which bin/evals.js reads as Latin-1: ~3 ms for 1.8 MB
// rather than ~25 ms to decode UTF-8, and V8 keeps it as a one-byte string.
const text = outputFiles[0].text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
if (!localesSlimmed) console.warn('bundle: zod has no v4/locales/index.js any more; all its locales are bundled again')
if (!http2Stubbed) console.warn('bundle: undici has no lib/dispatcher/client-h2.js any more; node:http2 is loaded at start-up again')
// The file is the CommonJS wrapper that bin/evals.js calls, written around the code here rather
// than concatenated at every start (a 1.5 MB string that V8 would then flatten, another copy).
const WRAPPER = '(function (exports, require, module, __filename, __dirname, __evalsImport) {'
mkdirSync(OUT, { recursive: true })
writeFileSync(FILE, `${WRAPPER}${text}\n})`, 'latin1')

#!/usr/bin/env node
// Compiled entry: `npm ci` runs `prepare` (= `npm run build`: tsc to dist/, then esbuild bundles
// dist/cli into dist/bundle/, which starts several times faster than the separate modules).
import '../dist/bundle/bin.js'

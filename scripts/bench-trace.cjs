// Preloaded (`node --require`) into the one traced `evals run` of each latency row of `npm run bench`,
// to split its wall time into phases: start (process start to the first request), run (first
// request to the last answer) and end (last answer to exit). It listens on undici's diagnostics
// channels, which the CLI's bundled undici publishes to; the timed runs are not traced.
'use strict'
const dc = require('node:diagnostics_channel')
const { writeFileSync } = require('node:fs')

let first = Infinity
let last = 0
let answers = 0
dc.subscribe('undici:request:create', () => {
  if (first === Infinity) first = performance.now()
})
dc.subscribe('undici:request:trailers', () => {
  last = performance.now()
  answers++
})
const file = process.env.EVALS_BENCH_TRACE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ first, last, exit: performance.now(), answers }))
  })
}

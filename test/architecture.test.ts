import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, dirname, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The import direction of DESIGN.md, enforced:
 * core ← config ← graders ← runner ← cli, core ← provider ← runner, core ← store ← cli,
 * core ← compare ← report ← cli. Modules import each other only through index.ts.
 */
const ALLOWED: Record<string, string[]> = {
  core: [],
  config: ['core'],
  provider: ['core'],
  store: ['core'],
  compare: ['core'],
  graders: ['core', 'config', 'provider'],
  runner: ['core', 'config', 'provider', 'graders'],
  report: ['core', 'compare'],
  cli: ['core', 'config', 'provider', 'store', 'compare', 'graders', 'runner', 'report'],
}

interface Edge { file: string; from: string; to: string; target: string }

const SRC = resolve(__dirname, '..', 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

function moduleOf(file: string): string {
  return relative(SRC, file).split(sep)[0]!
}

function edges(): Edge[] {
  const out: Edge[] = []
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), m[1]!)
      out.push({ file: relative(SRC, file), from: moduleOf(file), to: moduleOf(target), target: relative(SRC, target) })
    }
  }
  return out
}

/** Every edge that breaks the rules, as readable strings. */
function violations(list: Edge[]): string[] {
  return list.flatMap((e) => {
    if (e.from === e.to) return []
    if (!(ALLOWED[e.from] ?? []).includes(e.to)) return [`${e.file}: ${e.from} may not import ${e.to} (${e.target})`]
    if (!e.target.endsWith(`${e.to}${sep}index.js`)) return [`${e.file}: imports ${e.target}; go through ${e.to}/index.ts`]
    return []
  })
}

describe('architecture', () => {
  it('finds the project modules and their imports', () => {
    const found = new Set(edges().map((e) => e.from))
    expect([...found].sort()).toEqual(expect.arrayContaining(['cli', 'compare', 'config', 'graders', 'provider', 'report', 'runner', 'store']))
  })

  it('has no import against the direction of DESIGN.md', () => {
    expect(violations(edges())).toEqual([])
  })

  it('flags an import against the direction, and one that skips index.ts', () => {
    const bad: Edge[] = [
      { file: 'store/x.ts', from: 'store', to: 'runner', target: join('runner', 'index.js') },
      { file: 'runner/y.ts', from: 'runner', to: 'config', target: join('config', 'schema.js') },
      { file: 'core/z.ts', from: 'core', to: 'cli', target: join('cli', 'index.js') },
    ]
    expect(violations(bad)).toHaveLength(3)
  })
})

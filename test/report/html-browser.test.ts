import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyExampleProject, REPO, runCli } from '../cli/helpers.js'

/**
 * The HTML report in a real browser (the system Chromium, never a downloaded one): a run of the
 * example project gated against a saved baseline through the real CLI and the emulator, with a
 * suite whose outputs (and one case id) are hostile markup.
 */

const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
const BROKEN = ['australia', 'brazil', 'canada', 'morocco', 'new-zealand', 'switzerland', 'turkey', 'vietnam']
const HOSTILE_ID = 'x"><img src=y onerror="window.__pwned=4">'

/** A suite of 40 cases the emulator answers with markup that would run if it were not escaped. */
function addHostileSuite(dir: string, payload: string): void {
  const cases = Array.from({ length: 40 }, (_, i) => `  - id: '${i === 0 ? HOSTILE_ID : `h${i}`}'\n    vars: { n: ${i} }`).join('\n')
  writeFileSync(join(dir, 'evals', 'hostile.yaml'), [
    'name: hostile',
    'prompt: "Echo hostile payload number {{n}}."',
    'assert:',
    '  - type: not-contains',
    '    value: never-in-the-output',
    'cases:',
    cases,
    '',
  ].join('\n'))
  setHostileAnswer(dir, payload)
}

function setHostileAnswer(dir: string, payload: string): void {
  const file = join(dir, 'emulator.yaml')
  const text = readFileSync(file, 'utf8').replace(/\n {2}- match: "hostile payload".*\n.*\n/, '\n')
  const rule = `  - match: "hostile payload"\n    answer: ${JSON.stringify(payload)}\n`
  writeFileSync(file, text.replace(/^responses:\n/m, `responses:\n${rule}`))
}

const payload = (word: string): string =>
  `${word} <script>window.__pwned=1;alert(1)</script> <img src=x onerror="window.__pwned=2;alert(2)"> ` +
  `<a href="javascript:window.__pwned=3;alert(3)">click me</a> <svg onload="window.__pwned=5"></svg>`

describe('the HTML report in Chromium', () => {
  let dir: string
  let report: string
  let browser: Browser

  beforeAll(async () => {
    dir = copyExampleProject()
    addHostileSuite(dir, payload('first'))
    const first = await runCli(['run'], dir)
    expect(first.code, first.stderr).toBe(0)
    expect((await runCli(['baseline', 'save', 'latest', 'main'], dir)).code).toBe(0)
    // A prompt edit that breaks 8 capitals, and hostile answers that change words.
    const capitals = join(dir, 'evals', 'capitals.yaml')
    writeFileSync(capitals, readFileSync(capitals, 'utf8').replace('What is the capital of {{country}}?', 'What is the main city of {{country}}?'))
    setHostileAnswer(dir, payload('second'))
    const gated = await runCli(['run', '--baseline', 'main'], dir)
    expect(gated.code, gated.stdout + gated.stderr).toBe(1)
    report = join(dir, 'reports', 'latest.html')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
  })

  async function open(options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; requests: string[]; problems: string[]; dialogs: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options })
    const page = await context.newPage()
    const requests: string[] = []
    const problems: string[] = []
    const dialogs: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()) })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss() })
    await page.goto(pathToFileURL(report).href)
    await page.waitForLoadState('load')
    return { page, requests, problems, dialogs }
  }

  const visibleCases = (page: Page): Promise<string[]> =>
    page.locator('#cases > details.case:not([hidden])').evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).dataset.s}/${r.querySelector('.cn')!.textContent!.split(' / ')[1]}`))

  it('renders with no console errors and requests nothing but the file itself', async () => {
    const { page, requests, problems } = await open()
    expect(problems).toEqual([])
    expect(requests).toEqual([pathToFileURL(report).href])
    await expect(page.locator('#verdict').textContent()).resolves.toBe('REGRESSION')
    expect(await page.locator('#emulator-banner').isVisible()).toBe(true)
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBe(3)
    await page.context().close()
  })

  it('executes nothing from the outputs: script tags, onerror, javascript: links and a hostile case id stay text', async () => {
    const { page, dialogs, problems } = await open()
    await page.locator('#f-suite').selectOption('hostile')
    const first = page.locator('#cases > details.case:not([hidden])', { has: page.locator('.cn', { hasText: HOSTILE_ID }) })
    await first.locator('summary').click()
    expect(await first.getAttribute('open')).toBe('')
    const flags = await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)
    expect(flags).toBeUndefined()
    expect(dialogs).toEqual([])
    expect(problems).toEqual([])
    expect(await page.locator('script').count()).toBe(1)
    expect(await page.locator('img, iframe, object, embed, a[href^="javascript:"], #cases svg').count()).toBe(0)
    expect(await first.locator('summary .cn').textContent()).toBe(`hostile / ${HOSTILE_ID}`)
    const text = await first.locator('.sbs').innerText()
    expect(text).toContain('<script>window.__pwned=1;alert(1)</script>')
    expect(text).toContain('<a href="javascript:window.__pwned=3;alert(3)">click me</a>')
    expect(await first.locator('del').first().textContent()).toBe('first')
    expect(await first.locator('ins').first().textContent()).toBe('second')
    await page.context().close()
  })

  it('filters: regressions only shows exactly the 8 broken capitals, and unchecking shows the page again', async () => {
    const { page } = await open()
    const all = await visibleCases(page)
    expect(all).toHaveLength(100)
    await page.locator('#f-reg').check()
    expect((await visibleCases(page)).sort()).toEqual(BROKEN.map((c) => `capitals/${c}`))
    expect(await page.locator('#f-count').textContent()).toMatch(/^Showing 1–8 of 8 matching cases \(121 in all\)/)
    await page.locator('#f-reg').uncheck()
    expect(await visibleCases(page)).toEqual(all)
    await page.locator('#f-suite').selectOption('thinking-levels')
    await page.locator('#f-variant').selectOption('low')
    await page.locator('#f-outcome').selectOption('fail')
    const expected = await page.locator('#cases > details.case[data-s="thinking-levels"][data-v="low"][data-o="fail"]').count()
    expect(expected).toBeGreaterThan(0)
    expect(await visibleCases(page)).toHaveLength(expected)
    for (const row of await page.locator('#cases > details.case:not([hidden])').evaluateAll((rows) => rows.map((r) => ({ ...(r as HTMLElement).dataset })))) {
      expect(row).toMatchObject({ s: 'thinking-levels', v: 'low', o: 'fail' })
    }
    await page.context().close()
  })

  it('searches the text of cases and outputs, and pages through 100 cases at a time', async () => {
    const { page } = await open()
    await page.locator('#f-q').fill('Canberra regression')
    await expect.poll(() => visibleCases(page)).toEqual(['capitals/australia'])
    await page.locator('#f-q').fill('')
    await expect.poll(() => visibleCases(page).then((v) => v.length)).toBe(100)
    await page.locator('#f-next').click()
    expect(await visibleCases(page)).toHaveLength(21)
    expect(await page.locator('#f-count').textContent()).toMatch(/page 2 of 2$/)
    expect(await page.locator('#f-next').isDisabled()).toBe(true)
    await page.context().close()
  })

  it('jumps from a flipped case to its row, opened, even when it is on another page', async () => {
    const { page } = await open()
    await page.locator('#f-next').click()
    await page.locator('#flip-table a', { hasText: 'capitals/australia' }).click()
    const row = page.locator('#cases > details.case[open]:not([hidden])', { hasText: 'capitals / australia' })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.locator('.sbs del').first().textContent()).toBe('Canberra')
    mkdirSync(join(REPO, 'reports'), { recursive: true })
    await row.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(REPO, 'reports', 'screenshot-report-case.png') })
    await page.context().close()
  })

  it('stays readable without JavaScript: every case is listed, the filter bar is not', async () => {
    const { page } = await open({ javaScriptEnabled: false })
    expect(await page.locator('#cases > details.case').count()).toBe(121)
    expect(await page.locator('#cases > details.case[hidden]').count()).toBe(0)
    expect(await page.locator('#filters').isVisible()).toBe(false)
    expect(await page.locator('#flip-table').isVisible()).toBe(true)
    await page.context().close()
  })

  it('is what `evals run` writes as reports/<run>/index.html, and `evals report` re-renders it with or without the baseline', async () => {
    const html = readFileSync(report, 'utf8')
    const runId = /run (\d{8}-\d{6}-[0-9a-f]{4})<\/h1>/.exec(html)![1]!
    expect(readFileSync(join(dir, 'reports', runId, 'index.html'), 'utf8')).toBe(html)
    const again = await runCli(['report', runId, '--baseline', 'main', '--out', 'out/again.html'], dir)
    expect(again.code, again.stderr).toBe(1)
    expect(again.stdout).toMatch(/^out\/again\.html\n/)
    expect(again.stdout).toContain('GATE: ✗ REGRESSION')
    const rendered = readFileSync(join(dir, 'out', 'again.html'), 'utf8')
    expect(rendered).toContain('<h2 id="gate">Against the baseline</h2>')
    expect(rendered.match(/<details class="case"/g)).toHaveLength(121)
    const plain = await runCli(['report', runId, '--out', 'out/plain.html'], dir)
    expect(plain.code, plain.stderr).toBe(0)
    const alone = readFileSync(join(dir, 'out', 'plain.html'), 'utf8')
    expect(alone).not.toContain('id="gate"')
    expect(alone).toContain('<div class="verdict t-pass" id="verdict">PASS</div>')
  })

  it('saves a screenshot of the report under reports/', async () => {
    const { page } = await open()
    const file = join(REPO, 'reports', 'screenshot-report.png')
    mkdirSync(join(REPO, 'reports'), { recursive: true })
    await page.screenshot({ path: file })
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG')
    await page.context().close()
  })
})

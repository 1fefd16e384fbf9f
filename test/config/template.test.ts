import { describe, expect, it } from 'vitest'
import { HarnessError } from '../../src/core/index.js'
import { createTemplateRenderer, renderTemplate, TemplateError } from '../../src/config/index.js'

describe('template rendering', () => {
  it('renders vars without HTML escaping', () => {
    expect(renderTemplate('Capital of {{country}}? <b>{{x}}</b> & "q"', { country: 'Côte d\'Ivoire', x: 'a<b>&' }))
      .toBe('Capital of Côte d\'Ivoire? <b>a<b>&</b> & "q"')
  })

  it('throws TEMPLATE_MISSING_VAR naming the missing var', () => {
    const r = createTemplateRenderer()
    let caught: unknown
    try {
      r.render('Hi {{name}} from {{city}}', { name: 'A' })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(TemplateError)
    expect(caught).toBeInstanceOf(HarnessError)
    expect((caught as TemplateError).code).toBe('TEMPLATE_MISSING_VAR')
    expect((caught as TemplateError).variable).toBe('city')
    expect((caught as TemplateError).message).toBe('template uses "city", which is not defined (defined vars: name)')
  })

  it('names the whole path of a missing nested var', () => {
    const r = createTemplateRenderer()
    expect(() => r.render('line one\n  {{user.name}}', { user: {} })).toThrow(expect.objectContaining({ variable: 'user.name' }))
    expect(() => r.render('{{user.name}}', {})).toThrow(expect.objectContaining({ variable: 'user.name' }))
  })

  it('reports syntax errors with TEMPLATE_SYNTAX', () => {
    expect(() => renderTemplate('{{#if x}}open', { x: 1 })).toThrow(expect.objectContaining({ code: 'TEMPLATE_SYNTAX' }))
  })

  it('caches per renderer and renders the same template with other vars', () => {
    const r = createTemplateRenderer()
    expect(r.render('{{a}}-{{b.c}}', { a: 1, b: { c: 2 } })).toBe('1-2')
    expect(r.render('{{a}}-{{b.c}}', { a: 3, b: { c: 4 } })).toBe('3-4')
  })

  it('supports block helpers and a json helper; leaves plain text alone', () => {
    const r = createTemplateRenderer()
    expect(r.render('{{#each items}}[{{this}}]{{/each}}', { items: ['x', 'y'] })).toBe('[x][y]')
    expect(r.render('{{json obj}}', { obj: { a: [1] } })).toBe('{"a":[1]}')
    expect(r.render('no markup', {})).toBe('no markup')
  })
})

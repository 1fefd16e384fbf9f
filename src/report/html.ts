import Handlebars from 'handlebars'
import type { RunPageModel } from './view-model.js'
import { RUN_PAGE_TEMPLATE } from './templates/run-page.js'

/** Render a run page; every value is HTML-escaped by handlebars. */
export function renderRunPage(model: RunPageModel): string {
  const hbs = Handlebars.create()
  return hbs.compile(RUN_PAGE_TEMPLATE, { strict: false })(model)
}

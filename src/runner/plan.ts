import { hashOf, type ErrorInfo, type GenerateRequest, type SampleKey } from '../core/index.js'
import type { Project, ResolvedCase, ResolvedSuite, ResolvedVariant } from '../config/index.js'
import { createTemplateRenderer } from '../config/index.js'

/** One API request of the plan: a case × variant × seed, yielding `numberResults` samples. */
export interface PlannedRequest {
  suite: ResolvedSuite
  case: ResolvedCase
  variant: ResolvedVariant
  seed: number
  request: GenerateRequest
  /** Hash of everything that determines the output. */
  requestHash: string
  /** One key per result index. */
  keys: SampleKey[]
  /** Set when the prompt could not be rendered; the samples are recorded as errors. */
  renderError?: ErrorInfo
}

export interface RunPlan {
  requests: PlannedRequest[]
  sampleCount: number
}

/**
 * Expand suites into requests: case × variant × seed (each with numberResults samples).
 * Pure: the same project always gives the same plan, in the same order.
 */
export function planRun(project: Project): RunPlan {
  const render = createTemplateRenderer()
  const requests: PlannedRequest[] = []
  for (const suite of project.suites) {
    for (const testCase of suite.cases) {
      for (const variant of suite.variants) {
        for (const seed of suite.seeds) {
          requests.push(planRequest(project, suite, testCase, variant, seed, render.render))
        }
      }
    }
  }
  const sampleCount = requests.reduce((n, r) => n + r.keys.length, 0)
  return { requests, sampleCount }
}

function planRequest(
  project: Project,
  suite: ResolvedSuite,
  testCase: ResolvedCase,
  variant: ResolvedVariant,
  seed: number,
  render: (template: string, vars: Record<string, unknown>) => string,
): PlannedRequest {
  const keys = Array.from({ length: suite.numberResults }, (_, resultIndex) => ({
    suite: suite.name,
    caseId: testCase.id,
    variant: variant.name,
    seed,
    resultIndex,
  }))
  let renderError: ErrorInfo | undefined
  let messages: GenerateRequest['messages'] = []
  try {
    messages = variant.prompt.map((m) => ({ role: m.role, content: render(m.content, testCase.vars) }))
  } catch (error) {
    renderError = { kind: 'render', code: 'TEMPLATE_RENDER', message: (error as Error).message }
  }
  const request: GenerateRequest = {
    model: project.config.model,
    messages,
    settings: variant.settings,
    seed,
    numberResults: suite.numberResults,
    outputFormat: suite.outputFormat,
    ...(suite.outputFormat === 'JSON' && suite.jsonSchema ? { jsonSchema: suite.jsonSchema } : {}),
  }
  return { suite, case: testCase, variant, seed, request, requestHash: hashOf(request), keys, renderError }
}

import type { ErrorInfo, GenerateRequest, SampleKey } from '../core/index.js'
import type { Project, ResolvedCase, ResolvedSuite, ResolvedVariant } from '../config/index.js'
import { createTemplateRenderer } from '../config/index.js'
import { requestHashOf } from './request-hash.js'

/** One API request of the plan: a case × variant × seed, yielding `numberResults` samples. */
export interface PlannedRequest {
  suite: ResolvedSuite
  case: ResolvedCase
  variant: ResolvedVariant
  seed: number
  request: GenerateRequest
  /** Hash of everything that determines the output (`requestHashOf`: the request minus transport fields). */
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
    messages = variant.prompt.map((m) => ({ ...m, content: render(m.content, testCase.vars) }))
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
    ...protocolFields(suite, variant),
  }
  return { suite, case: testCase, variant, seed, request, requestHash: requestHashOf(request), keys, renderError }
}

/** Tools, images and delivery of a suite (a variant's deliveryMethod wins); only the keys that are set. */
function protocolFields(suite: ResolvedSuite, variant: ResolvedVariant): Partial<GenerateRequest> {
  const out: Partial<GenerateRequest> = {}
  if (suite.tools) out.tools = suite.tools
  if (suite.tools && suite.toolChoice) out.toolChoice = suite.toolChoice
  if (suite.images) out.images = suite.images
  const deliveryMethod = variant.deliveryMethod ?? suite.deliveryMethod
  if (deliveryMethod !== undefined && deliveryMethod !== 'sync') out.deliveryMethod = deliveryMethod
  if (suite.delivery) out.delivery = suite.delivery
  if (suite.includeCost === false) out.includeCost = false
  if (suite.includeUsage === false) out.includeUsage = false
  return out
}

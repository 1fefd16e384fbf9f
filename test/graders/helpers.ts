import Handlebars from 'handlebars'
import type { ResolvedAssertion } from '../../src/config/assertions.js'
import { createGrader, type GradeContext, type RegistryOptions, type SampleFacts } from '../../src/graders/index.js'
import type { Grade } from '../../src/core/index.js'

/** A context like the runner's: strict, unescaped handlebars over the vars (and extra vars). */
export function context(output: string, vars: Record<string, unknown> = {}, facts: SampleFacts = {}): GradeContext {
  return {
    ...facts,
    output,
    vars,
    render: (template, extra) => Handlebars.compile(template, { strict: true, noEscape: true })({ ...vars, ...extra }),
  }
}

/** Grade a single assertion (weight 1 unless given). */
export async function gradeOne(
  assertion: Record<string, unknown> & { type: string },
  output: string,
  vars: Record<string, unknown> = {},
  facts: SampleFacts = {},
  options: RegistryOptions = {},
): Promise<Grade> {
  const { grades } = await createGrader(options).gradeSample([{ weight: 1, ...assertion } as ResolvedAssertion], context(output, vars, facts))
  return grades[0]!
}

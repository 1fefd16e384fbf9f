import Handlebars from 'handlebars'
import type { ResolvedAssertion } from '../../src/config/assertions.js'
import { createGrader, type GradeContext } from '../../src/graders/index.js'
import type { Grade } from '../../src/core/index.js'

/** A context like the runner's: strict, unescaped handlebars over the vars. */
export function context(output: string, vars: Record<string, unknown> = {}): GradeContext {
  return {
    output,
    vars,
    render: (template) => Handlebars.compile(template, { strict: true, noEscape: true })(vars),
  }
}

/** Grade a single assertion (weight 1 unless given). */
export function gradeOne(
  assertion: Record<string, unknown> & { type: string },
  output: string,
  vars: Record<string, unknown> = {},
): Grade {
  const grades = createGrader().gradeSample([{ weight: 1, ...assertion } as ResolvedAssertion], context(output, vars))
  return grades[0]!
}

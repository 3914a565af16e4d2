// Tests that submit a test without caring what it says: the questions a test cannot be submitted
// without (core/open-checks.ts) answered with their first option that flags nothing. An answer may
// show further questions, so it is repeated until none is open.
import { openChecks } from '../../core/open-checks.js';
import type { Answers, Questionnaire } from '../../core/types.js';

export function withChecksAnswered(q: Questionnaire, answers: Answers = {}): Answers {
  const out = { ...answers };
  for (let open = openChecks(q, out); open.length; open = openChecks(q, out)) {
    for (const x of open) {
      const plain = (x.options!.find((o) => !o.knockout && !o.unknownRisk) ?? x.options![0]).id;
      out[x.id] = x.type === 'multi' ? { options: [plain] } : { option: plain };
    }
  }
  return out;
}

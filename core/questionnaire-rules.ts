// Semantic rules a questionnaire must meet beyond its JSON Schema (docs/questionnaire-format.md).
// Each fault names the JSON pointer of the offending node, so authors can find it.
import type { Dimension, Questionnaire } from './types.js';

export interface RuleFault {
  pointer: string;
  message: string;
}

export interface RuleContext {
  values: ReadonlyMap<string, Dimension>;
  /** Known instrument ids; questions and recommendations may only point at these. */
  instruments: ReadonlySet<string>;
}

export function checkQuestionnaireRules(q: Questionnaire, ctx: RuleContext): RuleFault[] {
  const faults: RuleFault[] = [];
  const fault = (pointer: string, message: string) => faults.push({ pointer, message });

  const t = { sufficient: 60, attention: 40, ...q.scoring };
  if (t.attention > t.sufficient) fault('/scoring/attention', `attention (${t.attention}) must not exceed sufficient (${t.sufficient})`);

  for (const id of Object.keys(q.relevance ?? {})) {
    if (!ctx.values.has(id)) fault(`/relevance/${id}`, `unknown value id "${id}"`);
  }

  const sectionIds = new Set<string>();
  // Question id → option ids, filled in document order so visibleIf can only see earlier questions.
  const earlier = new Map<string, Set<string>>();
  const laterIds = new Set(q.sections.flatMap((s) => s.questions.map((x) => x.id)));

  q.sections.forEach((section, si) => {
    const sp = `/sections/${si}`;
    if (sectionIds.has(section.id)) fault(`${sp}/id`, `section id "${section.id}" repeats`);
    sectionIds.add(section.id);

    section.questions.forEach((question, qi) => {
      const qp = `${sp}/questions/${qi}`;
      if (earlier.has(question.id)) fault(`${qp}/id`, `question id "${question.id}" repeats`);

      const optionIds = new Set<string>();
      (question.options ?? []).forEach((option, oi) => {
        if (optionIds.has(option.id)) fault(`${qp}/options/${oi}/id`, `option id "${option.id}" repeats within question "${question.id}"`);
        optionIds.add(option.id);
      });

      const refs = question.values ?? [];
      const seen = new Set<string>();
      let mapsGoal = false;
      refs.forEach((ref, vi) => {
        const dim = ctx.values.get(ref.value);
        if (!dim) fault(`${qp}/values/${vi}/value`, `unknown value id "${ref.value}"`);
        if (seen.has(ref.value)) fault(`${qp}/values/${vi}/value`, `value "${ref.value}" is mapped twice`);
        seen.add(ref.value);
        if (dim === 'goal') mapsGoal = true;
      });
      const scored = question.type !== 'text' && refs.length > 0;

      (question.options ?? []).forEach((option, oi) => {
        const op = `${qp}/options/${oi}`;
        const o = `option "${option.id}" of question "${question.id}"`;
        if (option.notApplicable) {
          // "Does not apply" drops the question out of every denominator; it can be neither worth points nor a risk.
          if (question.type === 'multi') fault(`${op}/notApplicable`, `${o}: a not-applicable option belongs on a single or scale question, not multi`);
          if (option.score !== undefined) fault(`${op}/score`, `${o} is not applicable and cannot carry a score`);
          if (option.knockout) fault(`${op}/knockout`, `${o} is not applicable and cannot be a knock-out`);
          if (option.unknownRisk) fault(`${op}/unknownRisk`, `${o} is not applicable and cannot be an unknown risk`);
        } else if (scored && option.score === undefined) {
          fault(`${op}/score`, `option "${option.id}" of scored question "${question.id}" needs a score`);
        }
        if (option.exclusive && question.type !== 'multi') fault(`${op}/exclusive`, `${o}: exclusive applies to multiple choice only, not ${question.type}`);
        for (const kind of ['knockout', 'unknownRisk'] as const) {
          if (!option[kind]) continue;
          const what = kind === 'knockout' ? 'knock-out' : 'unknown risk';
          if (mapsGoal) fault(`${op}/${kind}`, `${what} on question "${question.id}", which maps to a goal value`);
          else if (!scored) fault(`${op}/${kind}`, `${what} on question "${question.id}", which maps to no precondition value`);
        }
        if (option.knockout && option.unknownRisk) fault(`${op}/unknownRisk`, `${o} is both a knock-out and an unknown risk`);
        // Not knowing must never earn points: an unknown risk scores 0.
        if (option.unknownRisk && (option.score ?? 0) > 0) fault(`${op}/score`, `${o} is an unknown risk and must score 0, not ${option.score}`);
      });

      (question.instruments ?? []).forEach((id, ii) => {
        if (!ctx.instruments.has(id)) fault(`${qp}/instruments/${ii}`, `unknown instrument "${id}"`);
      });

      const cond = question.visibleIf;
      if (cond) {
        const target = earlier.get(cond.question);
        if (!target) {
          const why = cond.question === question.id ? 'itself' : laterIds.has(cond.question) ? 'a later question' : 'an unknown question';
          fault(`${qp}/visibleIf/question`, `visibleIf refers to ${why} "${cond.question}"`);
        } else {
          cond.anyOf.forEach((id, ai) => {
            if (!target.has(id)) fault(`${qp}/visibleIf/anyOf/${ai}`, `question "${cond.question}" has no option "${id}"`);
          });
        }
      }
      earlier.set(question.id, optionIds);
    });
  });

  checkQuickScan(q, fault);

  for (const [valueId, byStatus] of Object.entries(q.recommendations ?? {})) {
    const rp = `/recommendations/${valueId}`;
    const dim = ctx.values.get(valueId);
    if (!dim) {
      fault(rp, `unknown value id "${valueId}"`);
      continue;
    }
    const allowed = dim === 'goal' ? ['moderate', 'limited'] : ['attention', 'insufficient', 'critical', 'unknown-risk'];
    for (const [status, rec] of Object.entries(byStatus)) {
      if (!allowed.includes(status)) fault(`${rp}/${status}`, `status "${status}" does not occur for a ${dim} value`);
      (rec?.instruments ?? []).forEach((id, ii) => {
        if (!ctx.instruments.has(id)) fault(`${rp}/${status}/instruments/${ii}`, `unknown instrument "${id}"`);
      });
    }
  }
  return faults;
}

/** At most this many questions in a quick scan: about ten, so that it stays a five-minute scan. */
export const QUICK_SCAN_MAX = 12;

/**
 * Questions a quick scan of an area must hold, beyond the knock-out rule: for AI, the AI Act
 * self-check (prohibited practices and the high-risk uses), because a scan that skips them would
 * call a product fine that the law forbids or regulates heavily.
 */
export const QUICK_SCAN_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  ai: ['ai-act-prohibited', 'ai-act-high-risk'],
};

/**
 * The quick scan (questions marked quickScan) must stand on its own and catch what matters most:
 * every value that can be knocked out has a marked knock-out question, every condition a marked
 * question depends on is itself in the scan, and it stays short. No mark at all means no scan.
 */
function checkQuickScan(q: Questionnaire, fault: (pointer: string, message: string) => void) {
  const located = q.sections.flatMap((section, si) =>
    section.questions.map((question, qi) => ({ question, pointer: `/sections/${si}/questions/${qi}` })));
  const marked = located.filter((x) => x.question.quickScan);
  if (marked.length === 0) return;
  const inScan = new Set(marked.map((x) => x.question.id));

  if (marked.length > QUICK_SCAN_MAX) {
    fault(`${marked[QUICK_SCAN_MAX].pointer}/quickScan`, `the quick scan has ${marked.length} questions; at most ${QUICK_SCAN_MAX} may be marked`);
  }
  for (const { question, pointer } of marked) {
    const cond = question.visibleIf;
    if (cond && !inScan.has(cond.question)) {
      fault(`${pointer}/visibleIf/question`, `quick-scan question "${question.id}" depends on "${cond.question}", which is not in the quick scan`);
    }
  }

  // Per value that some question can knock out: the first such question, and whether the scan has one.
  const knockoutValues = new Map<string, { pointer: string; covered: boolean }>();
  for (const { question, pointer } of located) {
    if (!(question.options ?? []).some((o) => o.knockout)) continue;
    for (const ref of question.values ?? []) {
      const entry = knockoutValues.get(ref.value) ?? { pointer, covered: false };
      entry.covered ||= inScan.has(question.id);
      knockoutValues.set(ref.value, entry);
    }
  }
  for (const [value, { pointer, covered }] of knockoutValues) {
    if (!covered) fault(`${pointer}/quickScan`, `the quick scan has no knock-out question on value "${value}": mark this question or another with a knock-out on "${value}"`);
  }

  for (const id of QUICK_SCAN_REQUIRED[q.area] ?? []) {
    const found = located.find((x) => x.question.id === id);
    if (!found) fault('/area', `the quick scan of area "${q.area}" needs question "${id}", which this questionnaire lacks`);
    else if (!inScan.has(id)) fault(`${found.pointer}/quickScan`, `the quick scan of area "${q.area}" must include question "${id}" (the AI Act self-check)`);
  }
}

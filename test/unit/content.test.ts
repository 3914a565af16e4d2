// The shipped content meets the editorial rules, and each rule really fires when broken.
import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../../core/types.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { catalogueFaults, contentFaults, v2ContentFaults } from '../../server/questionnaires/content-rules.js';
import { QUESTIONNAIRES } from '../helpers/app.js';

const catalog = loadCatalog(QUESTIONNAIRES);
const areas = ['ai', 'xr', 'quantum'];

describe('shipped questionnaires', () => {
  it('has one questionnaire per area', () => {
    expect([...catalog.questionnaires.values()].map((q) => q.document.area).sort()).toEqual([...areas].sort());
  });

  it.each(areas)('%s meets every content rule', (area) => {
    const q = catalog.questionnaires.get(area)!.document;
    expect(contentFaults(q, catalog)).toEqual([]);
  });

  it.each(areas)('%s meets the content version 2 rules', (area) => {
    const q = catalog.questionnaires.get(area)!.document;
    // Version 2 or later: a scored question added since is a major version (docs/editor.md), the rules stay.
    expect(Number(q.version.split('.')[0])).toBeGreaterThanOrEqual(2);
    expect(v2ContentFaults(q, catalog)).toEqual([]);
  });

  it('the instrument catalogue serves every value twice, translated, with https addresses', () => {
    expect(catalogueFaults(catalog)).toEqual([]);
  });
});

describe('content rules fire', () => {
  const base = () => structuredClone(catalog.questionnaires.get('ai')!.document) as Questionnaire;
  const questions = (q: Questionnaire) => q.sections.flatMap((s) => s.questions);

  it('on a value covered by fewer than two scored questions', () => {
    const q = base();
    for (const x of questions(q)) if (x.values) x.values = x.values.filter((r) => r.value !== 'democracy');
    expect(contentFaults(q, catalog)).toContain('value democracy is covered by 0 scored question(s), needs 2');
  });

  it('on a missing or copied translation, a question without help or source, and relevance off the model', () => {
    const q = base();
    const [first, second] = questions(q);
    first.help = undefined;
    second.sources = [];
    second.prompt = { nl: second.prompt.nl, en: second.prompt.nl };
    q.relevance!.privacy = 1;
    const faults = contentFaults(q, catalog);
    expect(faults).toContain(`question ${first.id} has no help`);
    expect(faults).toContain(`question ${second.id} has no source`);
    expect(faults).toContain(`question ${second.id} prompt has the same text in nl and en`);
    expect(faults).toContain('relevance of privacy is 1, VALUE-MODEL says 3');
  });

  it('on too few knock-outs and incomplete or wrong recommendations', () => {
    const q = base();
    delete q.recommendations!.justice!.critical;
    q.recommendations!.privacy!.attention!.instruments = ['no-such-instrument'];
    let faults = contentFaults(q, catalog);
    expect(faults).toContain('no recommendation for justice when critical');
    expect(faults).toContain('recommendation for privacy when attention names unknown instrument no-such-instrument');
    for (const x of questions(q)) for (const o of x.options ?? []) delete o.knockout;
    faults = contentFaults(q, catalog);
    expect(faults).toContain('0 knock-out(s), needs 2');
    // With no knock-out left, no value can become critical, so no critical text is asked for.
    expect(faults).not.toContain('no recommendation for justice when critical');
  });

  it('on a value an unknown risk can reach without an unknown-risk summary, and only there', () => {
    const q = base();
    // Which preconditions an unknown-risk option ("weet ik niet" on a knock-out question) can reach.
    const reachable = new Set(questions(q).filter((x) => x.options?.some((o) => o.unknownRisk)).flatMap((x) => (x.values ?? []).filter((r) => (r.weight ?? 1) > 0).map((r) => r.value)));
    expect(reachable.size).toBeGreaterThan(0);
    const [one] = [...reachable];
    delete (q.recommendations![one] as Record<string, unknown>)['unknown-risk'];
    expect(contentFaults(q, catalog)).toContain(`no recommendation for ${one} when unknown-risk`);
    // A summary no unknown risk can reach would never be shown.
    const unreachable = catalog.values.find((v) => v.dimension === 'precondition' && !reachable.has(v.id))!.id;
    q.recommendations![unreachable]!['unknown-risk'] = q.recommendations![unreachable]!.attention;
    expect(v2ContentFaults(q, catalog)).toContain(`recommendation for ${unreachable} when unknown-risk can never be shown: no unknown risk maps to ${unreachable}`);
    for (const x of questions(q)) for (const o of x.options ?? []) delete o.unknownRisk;
    expect(contentFaults(q, catalog)).not.toContain(`no recommendation for ${one} when unknown-risk`);
  });

  // Content version 2 rules, each on a broken copy of the (version 2) AI questionnaire.
  const v2 = () => {
    const q = base();
    expect(Number(q.version.split('.')[0])).toBeGreaterThanOrEqual(2);
    expect(v2ContentFaults(q, catalog)).toEqual([]);
    return q;
  };
  const find = (q: Questionnaire, pred: (x: ReturnType<typeof questions>[number]) => boolean) => questions(q).find(pred)!;

  it('on a dont-know option without unknown risk on a knock-out question', () => {
    const q = v2();
    const x = find(q, (x) => !!x.options?.some((o) => o.knockout) && !!x.options?.some((o) => o.id === 'dont-know'));
    delete x.options!.find((o) => o.id === 'dont-know')!.unknownRisk;
    expect(v2ContentFaults(q, catalog)).toContain(`question ${x.id} has a knock-out, but its option dont-know carries no unknown risk`);
  });

  it('on an answer below the top score with no advice of its own or of its question', () => {
    const q = v2();
    const x = find(q, (x) => !!x.advice && !!x.values?.length);
    const low = x.options!.find((o) => !o.notApplicable && (o.score ?? 0) < 1)!;
    delete x.advice;
    delete low.advice;
    expect(v2ContentFaults(q, catalog)).toContain(`question ${x.id}: option ${low.id} scores below the top and has no advice (nor has the question)`);
  });

  it('on a scored question without instruments or with an unknown one', () => {
    const q = v2();
    const [a, b] = questions(q).filter((x) => x.values?.length);
    a.instruments = [];
    b.instruments = ['no-such-instrument'];
    const faults = v2ContentFaults(q, catalog);
    expect(faults).toContain(`scored question ${a.id} names no instrument`);
    expect(faults).toContain(`question ${b.id} names unknown instrument no-such-instrument`);
  });

  it('on a none or dont-know option of a multiple-choice question that is not exclusive', () => {
    const q = v2();
    const x = find(q, (x) => x.type === 'multi' && !!x.options?.some((o) => o.id === 'none'));
    delete x.options!.find((o) => o.id === 'none')!.exclusive;
    expect(v2ContentFaults(q, catalog)).toContain(`question ${x.id}: option none of a multiple-choice question must be exclusive`);
  });

  it('on a critical recommendation no knock-out can reach', () => {
    const q = v2();
    q.recommendations!.security!.critical = { ...q.recommendations!.security!.attention! };
    expect(v2ContentFaults(q, catalog)).toContain('recommendation for security when critical can never be shown: no knock-out maps to security');
  });

  it('on an AI Act Art. 5 check that is hidden, optional or missing, and only for the AI area', () => {
    const citesArt5 = (x: ReturnType<typeof questions>[number]) => !!x.sources?.some((s) => s.document === 'ai-act' && /^5(\(|$)/.test(s.article ?? ''));
    let q = v2();
    let check = find(q, citesArt5);
    check.visibleIf = { question: 'ai-role', anyOf: ['train'] };
    expect(v2ContentFaults(q, catalog)).toContain(`AI Act Art. 5 check ${check.id} must be required and always shown (no visibleIf)`);

    q = v2();
    check = find(q, citesArt5);
    check.required = false;
    expect(v2ContentFaults(q, catalog)).toContain(`AI Act Art. 5 check ${check.id} must be required and always shown (no visibleIf)`);

    q = v2();
    for (const s of q.sections) s.questions = s.questions.filter((x) => !citesArt5(x));
    expect(v2ContentFaults(q, catalog)).toContain('no question with a knock-out on the prohibited practices of AI Act Art. 5');
    q.area = 'xr';
    expect(v2ContentFaults(q, catalog)).not.toContain('no question with a knock-out on the prohibited practices of AI Act Art. 5');
  });

  it('on an instrument catalogue that leaves a value unserved', () => {
    const instruments = catalog.instruments.map((i) => ({ ...i, values: i.values.filter((v) => v !== 'autonomy') }));
    expect(catalogueFaults({ values: catalog.values, instruments })).toContain('value autonomy is served by 0 instrument(s), needs 2');
  });
});

/**
 * The simplest form of advice that does not fit its answer (issue: "advice for every answer below the top
 * that fits that answer"): on a ladder (single or scale) question, one question-level advice serving both
 * the lowest answer and the answer just below the top. A text that is the next step for "nothing yet"
 * tells the respondent one rung from the top to do what their answer says they already do (e.g. "measure
 * it in your next pilot" for "we measured it in a pilot"). Knock-out, unknown-risk, n.v.t. and "weet ik
 * niet" options are left out: they have their own texts or rules. Needs at least two rungs below the top.
 */
function sharedLadderAdvice(q: Questionnaire): string[] {
  const faults: string[] = [];
  for (const x of q.sections.flatMap((s) => s.questions)) {
    if ((x.type !== 'single' && x.type !== 'scale') || !x.values?.length || !x.advice) continue;
    const rungs = (x.options ?? []).filter((o) => !o.notApplicable && !o.knockout && !o.unknownRisk && o.id !== 'dont-know');
    const top = Math.max(...rungs.map((o) => o.score ?? 0));
    const below = rungs.filter((o) => (o.score ?? 0) < top);
    const scores = below.map((o) => o.score ?? 0);
    const [low, high] = [Math.min(...scores), Math.max(...scores)];
    if (low === high) continue;
    const fallsBack = (score: number) => below.filter((o) => (o.score ?? 0) === score && !o.advice).map((o) => o.id);
    const [atLow, atHigh] = [fallsBack(low), fallsBack(high)];
    if (atLow.length && atHigh.length) faults.push(`question ${x.id}: its advice serves both ${atLow.join(', ')} (lowest) and ${atHigh.join(', ')} (just below the top)`);
  }
  return faults;
}

describe('per-answer advice fits the answer', () => {
  it.each(areas)('%s: no question advice serves both the lowest answer and the one just below the top', (area) => {
    expect(sharedLadderAdvice(catalog.questionnaires.get(area)!.document)).toEqual([]);
  });

  it('fires when the answer just below the top loses its own advice', () => {
    const q = structuredClone(catalog.questionnaires.get('ai')!.document) as Questionnaire;
    const x = q.sections.flatMap((s) => s.questions).find((x) => x.id === 'ai-transparency')!;
    delete x.options!.find((o) => o.id === 'visible')!.advice;
    expect(sharedLadderAdvice(q)).toEqual(['question ai-transparency: its advice serves both not-told (lowest) and visible (just below the top)']);
  });
});

describe('reviewer documents', () => {
  it.each(areas)('docs/questionnaires/%s.md is in sync with the JSON (npm run render:questionnaires)', async (area) => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { questionnaireMarkdown } = await import('../../server/questionnaires/markdown.js');
    const committed = readFileSync(join(QUESTIONNAIRES, '../docs/questionnaires', `${area}.md`), 'utf8');
    const rendered = questionnaireMarkdown(catalog.questionnaires.get(area)!.document, catalog);
    expect(committed === rendered, `docs/questionnaires/${area}.md is out of date: run npm run render:questionnaires`).toBe(true);
  });

  it('shows what a reviewer needs: options with scores, value mappings, knock-outs, conditions', async () => {
    const { questionnaireMarkdown } = await import('../../server/questionnaires/markdown.js');
    const q = catalog.questionnaires.get('ai')!.document;
    const md = questionnaireMarkdown(q, catalog);
    const knocked = q.sections.flatMap((s) => s.questions).find((x) => x.options?.some((o) => o.knockout))!;
    const option = knocked.options!.find((o) => o.knockout)!;
    expect(md).toContain(`### \`${knocked.id}\``);
    expect(md).toContain(`| \`${option.id}\` | ${option.label.nl}<br>*${option.label.en}* | ${option.score} | **knock-out:** ${option.knockout!.nl}`);
    const conditional = q.sections.flatMap((s) => s.questions).find((x) => x.visibleIf)!;
    expect(md).toContain(`Shown when \`${conditional.visibleIf!.question}\` is one of`);
    expect(md).toMatch(/Values: .+ ×\d/);
  });

  it('shows per answer its unknown risk, n.v.t. and exclusive marks and its advice, and per question its advice and instruments', async () => {
    const { questionnaireMarkdown } = await import('../../server/questionnaires/markdown.js');
    const q = catalog.questionnaires.get('ai')!.document;
    const md = questionnaireMarkdown(q, catalog);
    const all = q.sections.flatMap((s) => s.questions);
    const withUnknown = all.find((x) => x.options?.some((o) => o.unknownRisk && o.advice))!;
    const unknown = withUnknown.options!.find((o) => o.unknownRisk && o.advice)!;
    expect(md).toContain(`| \`${unknown.id}\` | ${unknown.label.nl}<br>*${unknown.label.en}* | 0 | **unknown risk:** ${unknown.unknownRisk!.nl}`);
    expect(md).toContain(`| ${unknown.advice!.nl}<br>*${unknown.advice!.en}* |`);
    const na = all.flatMap((x) => x.options ?? []).find((o) => o.notApplicable)!;
    expect(md).toContain(`| \`${na.id}\` | ${na.label.nl}<br>*${na.label.en}* | n.v.t. |`);
    const ex = all.flatMap((x) => x.options ?? []).find((o) => o.exclusive && !o.unknownRisk && o.score !== undefined)!;
    expect(md).toContain(`| \`${ex.id}\` | ${ex.label.nl}<br>*${ex.label.en}* | ${ex.score} | exclusive |`);
    const advised = all.find((x) => x.advice && x.instruments?.length)!;
    expect(md).toContain(`Advice (when the chosen answer has none of its own): ${advised.advice!.nl}`);
    const names = new Map(catalog.instruments.map((i) => [i.id, i.name.nl]));
    expect(md).toContain(`Instruments: ${advised.instruments!.map((i) => names.get(i)).join(', ')}`);
    expect(md).toMatch(/Source: Verordening \(EU\) 2024\/1689 \(AI-verordening\), art\. 5 — /);
  });
});

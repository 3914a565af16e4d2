// The shipped content meets the editorial rules, and each rule really fires when broken.
import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../../core/types.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { catalogueFaults, contentFaults } from '../../server/questionnaires/content-rules.js';
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
    for (const x of questions(q)) for (const o of x.options ?? []) delete o.knockout;
    delete q.recommendations!.justice!.critical;
    q.recommendations!.privacy!.attention!.instruments = ['no-such-instrument'];
    const faults = contentFaults(q, catalog);
    expect(faults).toContain('0 knock-out(s), needs 2');
    expect(faults).toContain('no recommendation for justice when critical');
    expect(faults).toContain('recommendation for privacy when attention names unknown instrument no-such-instrument');
  });

  it('on an instrument catalogue that leaves a value unserved', () => {
    const instruments = catalog.instruments.map((i) => ({ ...i, values: i.values.filter((v) => v !== 'autonomy') }));
    expect(catalogueFaults({ values: catalog.values, instruments })).toContain('value autonomy is served by 0 instrument(s), needs 2');
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
    expect(md).toContain(`| \`${option.id}\` | ${option.label.nl}<br>*${option.label.en}* | ${option.score} | ${option.knockout!.nl}`);
    const conditional = q.sections.flatMap((s) => s.questions).find((x) => x.visibleIf)!;
    expect(md).toContain(`Shown when \`${conditional.visibleIf!.question}\` is one of`);
    expect(md).toMatch(/Values: .+ ×\d/);
  });
});

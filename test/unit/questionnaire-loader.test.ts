import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadCatalog, QuestionnaireError } from '../../server/questionnaires/catalog.js';
import { testApp, fixtureDir, readFixture, QUESTIONNAIRES, ROOT } from '../helpers/app.js';

const L = (x: string) => ({ nl: x, en: x });

function faultsOf(mutate: (q: any) => void): string {
  const q = readFixture('mini.json');
  mutate(q);
  try {
    loadCatalog(fixtureDir({ 'broken.json': q }));
  } catch (err) {
    expect(err).toBeInstanceOf(QuestionnaireError);
    return (err as Error).message;
  }
  throw new Error('expected the questionnaire to be refused');
}

describe('questionnaire loader', () => {
  it('accepts the fixture', () => {
    expect(loadCatalog(fixtureDir({ 'mini.json': readFixture('mini.json') })).questionnaires.get('mini')?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['schema: a missing translation', (q: any) => delete q.title.en, 'broken.json: /title/en: is required'],
    ['schema: an unknown field', (q: any) => (q.sections[0].colour = 'red'), 'broken.json: /sections/0/colour: is not a known field'],
    ['schema: a text question with options', (q: any) => (q.sections[1].questions[4].options = [{ id: 'a', label: { nl: 'a', en: 'a' } }]), 'broken.json: /sections/1/questions/4'],
    ['schema: score outside 0-1', (q: any) => (q.sections[1].questions[0].options[1].score = -0.1), 'broken.json: /sections/1/questions/0/options/1/score: must be >= 0'],
    ['repeated question id', (q: any) => (q.sections[1].questions[1].id = 'm-dpia'), 'broken.json: /sections/1/questions/1/id: question id "m-dpia" repeats'],
    ['repeated section id', (q: any) => (q.sections[1].id = 'intake'), 'broken.json: /sections/1/id: section id "intake" repeats'],
    ['repeated option id', (q: any) => (q.sections[1].questions[0].options[1].id = 'none'), 'broken.json: /sections/1/questions/0/options/1/id: option id "none" repeats'],
    ['unknown value id', (q: any) => (q.sections[1].questions[0].values[0].value = 'happiness'), 'broken.json: /sections/1/questions/0/values/0/value: unknown value id "happiness"'],
    ['unknown relevance key', (q: any) => (q.relevance.happiness = 2), 'broken.json: /relevance/happiness: unknown value id'],
    ['visibleIf on a later question', (q: any) => (q.sections[0].questions[0].visibleIf = { question: 'm-dpia', anyOf: ['done'] }), 'broken.json: /sections/0/questions/0/visibleIf/question: visibleIf refers to a later question "m-dpia"'],
    ['visibleIf on an unknown question', (q: any) => (q.sections[1].questions[0].visibleIf.question = 'ghost'), 'visibleIf refers to an unknown question "ghost"'],
    ['visibleIf on an unknown option', (q: any) => (q.sections[1].questions[0].visibleIf.anyOf = ['maybe']), 'broken.json: /sections/1/questions/0/visibleIf/anyOf/0: question "m-personal-data" has no option "maybe"'],
    ['knock-out on a goal value', (q: any) => (q.sections[1].questions[3].options[0].knockout = { nl: 'x', en: 'x' }), 'broken.json: /sections/1/questions/3/options/0/knockout: knock-out on question "m-energy", which maps to a goal value'],
    ['scored option without score', (q: any) => delete q.sections[1].questions[1].options[0].score, 'broken.json: /sections/1/questions/1/options/0/score: option "yes" of scored question "m-retention" needs a score'],
    ['unknown instrument', (q: any) => (q.recommendations.privacy.attention.instruments = ['magic']), 'broken.json: /recommendations/privacy/attention/instruments/0: unknown instrument "magic"'],
    // Scoring version 2: unknown risks, not-applicable and exclusive options, per-question instruments.
    ['unknown risk on a goal value', (q: any) => (q.sections[1].questions[3].options[0].unknownRisk = L('x')), 'broken.json: /sections/1/questions/3/options/0/unknownRisk: unknown risk on question "m-energy", which maps to a goal value'],
    ['unknown risk on an unscored question', (q: any) => (q.sections[0].questions[0].options[0].unknownRisk = L('x')), 'broken.json: /sections/0/questions/0/options/0/unknownRisk: unknown risk on question "m-personal-data", which maps to no precondition value'],
    ['not-applicable option with a score', (q: any) => (q.sections[1].questions[1].options[1].notApplicable = true), 'broken.json: /sections/1/questions/1/options/1/score: option "dont-know" of question "m-retention" is not applicable and cannot carry a score'],
    ['not-applicable option that is a knock-out', (q: any) => { const o = q.sections[1].questions[0].options[0]; o.notApplicable = true; delete o.score; }, 'broken.json: /sections/1/questions/0/options/0/knockout: option "none" of question "m-dpia" is not applicable and cannot be a knock-out'],
    ['not-applicable option that is an unknown risk', (q: any) => { const o = q.sections[1].questions[1].options[1]; o.notApplicable = true; o.unknownRisk = L('x'); delete o.score; }, 'broken.json: /sections/1/questions/1/options/1/unknownRisk: option "dont-know" of question "m-retention" is not applicable and cannot be an unknown risk'],
    ['not-applicable option on multiple choice', (q: any) => { const o = q.sections[1].questions[2].options[3]; o.notApplicable = true; delete o.score; }, 'broken.json: /sections/1/questions/2/options/3/notApplicable: option "none" of question "m-security": a not-applicable option belongs on a single or scale question, not multi'],
    ['schema: notApplicable other than true', (q: any) => (q.sections[1].questions[1].options[1].notApplicable = false), 'broken.json: /sections/1/questions/1/options/1/notApplicable: must be equal to constant'],
    ['an option both knock-out and unknown risk', (q: any) => (q.sections[1].questions[0].options[0].unknownRisk = L('x')), 'broken.json: /sections/1/questions/0/options/0/unknownRisk: option "none" of question "m-dpia" is both a knock-out and an unknown risk'],
    ['an unknown-risk option scoring above 0', (q: any) => (q.sections[1].questions[1].options[0].unknownRisk = L('x')), 'broken.json: /sections/1/questions/1/options/0/score: option "yes" of question "m-retention" is an unknown risk and must score 0, not 1'],
    ['exclusive on a scale question', (q: any) => (q.sections[1].questions[0].options[1].exclusive = true), 'broken.json: /sections/1/questions/0/options/1/exclusive: option "partly" of question "m-dpia": exclusive applies to multiple choice only, not scale'],
    ['unknown instrument on a question', (q: any) => (q.sections[1].questions[0].instruments = ['dpia', 'magic']), 'broken.json: /sections/1/questions/0/instruments/1: unknown instrument "magic"'],
    ['unknown source document', (q: any) => (q.sections[0].questions[0].sources[0].document = '999'), 'broken.json: /sections/0/questions/0/sources/0/document: unknown source document "999"'],
  ])('refuses %s, naming file and pointer', (_name, mutate, expected) => {
    expect(faultsOf(mutate)).toContain(expected);
  });

  it('accepts every new kind of option and the question fields of scoring version 2', () => {
    const loaded = loadCatalog(fixtureDir({ 'mini-v2.json': readFixture('mini-v2.json') })).questionnaires.get('mini-v2');
    expect(loaded?.document.sections[0].questions[0].instruments).toEqual(['dpia', 'avg']);
  });

  it('loads the questionnaires the project ships', () => {
    expect([...loadCatalog(QUESTIONNAIRES).questionnaires.keys()].sort()).toEqual(['ai', 'quantum', 'xr']);
  });

  it('stops start-up on an invalid questionnaire', async () => {
    const q = readFixture('mini.json');
    q.sections[1].questions[0].values[0].value = 'happiness';
    await expect(testApp({ questionnairesDir: fixtureDir({ 'mini.json': q }) })).rejects.toThrow(/mini\.json: \/sections\/1\/questions\/0\/values\/0\/value/);
  });

  it('npm run validate exits non-zero with the file and pointer', () => {
    const q = readFixture('mini.json');
    q.sections[1].questions[0].options[0].score = 2;
    const dir = fixtureDir({ 'mini.json': q });
    let out = '';
    let code = 0;
    try {
      execFileSync('npx', ['tsx', 'server/cli/validate.ts', dir], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (err: any) {
      code = err.status;
      out = err.stderr;
    }
    expect(code).toBe(1);
    expect(out).toContain('mini.json: /sections/1/questions/0/options/0/score: must be <= 1');
  });
});

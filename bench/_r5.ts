import { join } from 'node:path';
import { projectRoot } from '../server/paths.js';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { buildReport } from '../server/report/build-report.js';
import { prng, randomAnswers } from './seed.js';
const catalog = loadCatalog(join(projectRoot(), 'questionnaires'));
const random = prng(11);
const strip = (r: any) => {
  for (const v of r.values) v.contributions = v.contributions.map(({ prompt, answer, ...c }: any) => c);
  r.actions = r.actions.map(({ prompt, answer, ...a }: any) => a);
  r.knockouts = r.knockouts.map(({ prompt, answer, ...a }: any) => a);
  r.unknownRisks = r.unknownRisks.map(({ prompt, answer, ...a }: any) => a);
  return r;
};
const cases = ['ai','quantum','xr'].map((id) => {
  const q = catalog.questionnaires.get(id)!.document;
  const sets = Array.from({ length: 200 }, () => randomAnswers(q, random));
  const full = sets.slice(0, 20).map((a) => buildReport({ questionnaire: q, answers: a, values: catalog.values, instruments: catalog.instruments, locale: 'nl' }));
  const stripped = sets.slice(0, 20).map((a) => strip(buildReport({ questionnaire: q, answers: a, values: catalog.values, instruments: catalog.instruments, locale: 'nl' })));
  console.log(id, JSON.stringify(full[0]).length, JSON.stringify(stripped[0]).length);
  return { id, full: (i: number) => JSON.stringify(full[i % 20]), stripped: (i: number) => JSON.stringify(stripped[i % 20]) };
});
const rate = (fn: (i: number) => unknown, ms: number) => { let n = 0; const t = performance.now(); while (performance.now() - t < ms) fn(n++ % 200); return (performance.now() - t) * 1000 / n; };
for (let i = 0; i < 3; i++) for (const c of cases) { rate(c.full, 300); rate(c.stripped, 300); }
for (const c of cases) console.log(c.id, 'full', rate(c.full, 1500).toFixed(0), 'stripped', rate(c.stripped, 1500).toFixed(0), 'µs');

import { join } from 'node:path';
import { projectRoot } from '../server/paths.js';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { buildReport } from '../server/report/build-report.js';
import { prng, randomAnswers } from './seed.js';
const catalog = loadCatalog(join(projectRoot(), 'questionnaires'));
const random = prng(11);
const cases = ['ai','quantum','xr'].map((id) => {
  const q = catalog.questionnaires.get(id)!.document;
  const sets = Array.from({ length: 200 }, () => randomAnswers(q, random));
  const few = sets.slice(0, 5).map((a) => buildReport({ questionnaire: q, answers: a, values: catalog.values, instruments: catalog.instruments, locale: 'nl' }));
  return { id,
    build: (i: number) => buildReport({ questionnaire: q, answers: sets[i], values: catalog.values, instruments: catalog.instruments, locale: 'nl' }),
    str: (i: number) => JSON.stringify(few[i % 5]),
    both: (i: number) => JSON.stringify(buildReport({ questionnaire: q, answers: sets[i], values: catalog.values, instruments: catalog.instruments, locale: 'nl' })) };
});
const rate = (fn: (i: number) => unknown, ms: number) => { let n = 0; const t = performance.now(); while (performance.now() - t < ms) fn(n++ % 200); return (performance.now() - t) * 1000 / n; };
for (let i = 0; i < 3; i++) for (const c of cases) { rate(c.both, 300); rate(c.build, 200); rate(c.str, 200); }
for (const c of cases) console.log(c.id, 'build', rate(c.build, 1500).toFixed(0), 'str', rate(c.str, 1500).toFixed(0), 'both', rate(c.both, 1500).toFixed(0), 'µs');

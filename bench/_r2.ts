import { join } from 'node:path';
import { projectRoot } from '../server/paths.js';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { buildReport } from '../server/report/build-report.js';
import { prng, randomAnswers } from './seed.js';
const catalog = loadCatalog(join(projectRoot(), 'questionnaires'));
const random = prng(11);
for (const id of ['ai','quantum','xr']) {
const q = catalog.questionnaires.get(id)!.document;
const sets = Array.from({ length: 200 }, () => randomAnswers(q, random));
const reports = sets.map((a) => buildReport({ questionnaire: q, answers: a, values: catalog.values, instruments: catalog.instruments, locale: 'nl' }));
const reparsed = reports.map((r) => JSON.parse(JSON.stringify(r)));
const time = (label: string, fn: (i: number) => unknown) => {
  for (let i = 0; i < 20000; i++) fn(i % 200);
  const s = performance.now(); const N = 6000;
  for (let i = 0; i < N; i++) fn(i % 200);
  console.log(id, label, ((performance.now() - s) * 1000 / N).toFixed(1), "µs");
};
time('build', (i) => buildReport({ questionnaire: q, answers: sets[i], values: catalog.values, instruments: catalog.instruments, locale: 'nl' }));
time('stringify built', (i) => JSON.stringify(reports[i]));
time('stringify reparsed', (i) => JSON.stringify(reparsed[i]));
time('both', (i) => JSON.stringify(buildReport({ questionnaire: q, answers: sets[i], values: catalog.values, instruments: catalog.instruments, locale: 'nl' })));
}

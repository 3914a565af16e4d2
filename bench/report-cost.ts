// The report's CPU cost and size, without the full bench: buildReport + JSON.stringify on the same
// random valid answer sets as `npm run bench` (seed 11), timed with process.cpuUsage so other work
// on the machine moves the figure less than wall-clock time would. `tsx bench/report-cost.ts [n]`.
import { projectRoot } from '../server/paths.js';
import { join } from 'node:path';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { buildReport } from '../server/report/build-report.js';
import { prng, randomAnswers } from './seed.js';

const N = Number(process.argv[2] ?? 3000);
const catalog = loadCatalog(join(projectRoot(), 'questionnaires'));
const random = prng(11);
for (const { document: q } of catalog.questionnaires.values()) {
  const sets = Array.from({ length: 200 }, () => randomAnswers(q, random));
  const once = (i: number) => JSON.stringify(buildReport({ questionnaire: q, answers: sets[i % sets.length], values: catalog.values, instruments: catalog.instruments, locale: 'nl' }));
  let bytes = 0;
  for (let i = 0; i < sets.length; i++) bytes += once(i).length; // warm-up, and the mean size
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) once(i);
  const used = process.cpuUsage(start);
  const seconds = (used.user + used.system) / 1e6;
  console.log(`${q.id}: ${(N / seconds).toFixed(0)} reports per CPU second, mean JSON ${(bytes / sets.length / 1024).toFixed(1)} KiB`);
}

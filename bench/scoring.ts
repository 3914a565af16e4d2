// The scoring row of `npm run bench`: reports per second (score + full report + its JSON, written by
// reportJson as the report routes write it) and score()
// alone, for 200 random valid answer sets per questionnaire (seed 11). Run by bench/run.ts in a
// process of its own and printed as JSON on the last line; `tsx bench/scoring.ts [--quick]` alone.
//
// A server runs this code warm, so it is measured warm: every questionnaire in turn until the JIT has
// settled (a single 200-report warm-up left the first questionnaire measured at half speed), then
// rounds taken in turn, so a moment of noise on the machine falls on all three alike; the median round
// counts.
import { join } from 'node:path';
import { score } from '../core/scoring.js';
import { projectRoot } from '../server/paths.js';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { buildReport } from '../server/report/build-report.js';
import { reportJson } from '../server/report/report-json.js';
import { prng, randomAnswers } from './seed.js';

export function measureScoring(quick: boolean) {
  const catalog = loadCatalog(join(projectRoot(), 'questionnaires'));
  const random = prng(11);
  const cases = [...catalog.questionnaires.values()].map(({ document: q }) => {
    const sets = Array.from({ length: 200 }, () => randomAnswers(q, random));
    return {
      id: q.id,
      report: (i: number) => reportJson(buildReport({ questionnaire: q, answers: sets[i], values: catalog.values, instruments: catalog.instruments, locale: 'nl' })),
      score: (i: number) => score(q, sets[i], catalog.values),
    };
  });
  const rate = (fn: (i: number) => unknown, ms: number) => {
    let n = 0;
    const t = performance.now();
    while (performance.now() - t < ms) fn(n++ % 200);
    return (n / (performance.now() - t)) * 1000;
  };
  for (let i = 0; i < 3; i++) for (const c of cases) { rate(c.report, 300); rate(c.score, 100); }
  const rounds = quick ? 1 : 5;
  const taken = cases.map(() => ({ reports: [] as number[], scores: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, i) => {
      taken[i].reports.push(rate(c.report, 1000));
      taken[i].scores.push(rate(c.score, 500));
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return cases.map((c, i) => ({ id: c.id, reports: median(taken[i].reports), scores: median(taken[i].scores) }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(measureScoring(process.argv.includes('--quick'))));
}

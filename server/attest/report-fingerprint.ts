// A view finds a report's statement by a fingerprint of what the report is built from (service.ts,
// basisOf), so it need not hash the whole report. The code that builds the report is one of those
// inputs: an upgrade that changes what a report says must make the next view hash it again and sign
// anew, as docs/verification.md promises. Code cannot be fingerprinted, its output can: a fixed set of
// probe reports, built from the catalogue with fixed answers under both scoring versions, in both
// languages, with and without an earlier attempt. Any change to the builder that shows in them (a
// field, a word, a rounding) changes this fingerprint; so does any change to the catalogue.
import { createHash } from 'node:crypto';
import { SCORING_VERSION, type Answers, type Locale, type Question, type Questionnaire, type ScoringVersion } from '../../core/types.js';
import type { Catalog } from '../questionnaires/catalog.js';
import { composeReport } from '../report/report-service.js';
import { attestedReport } from './statement.js';

type Build = typeof composeReport;

/** One answer per question: the option at `pick` of its list (text questions get a fixed text). */
function answersAt(q: Questionnaire, pick: (options: NonNullable<Question['options']>) => number): Answers {
  const answers: Answers = {};
  for (const section of q.sections) {
    for (const question of section.questions) {
      if (question.type === 'text') answers[question.id] = { text: 'probe', note: 'probe' };
      else if (question.options?.length) {
        const option = question.options[pick(question.options)];
        answers[question.id] = question.type === 'multi' ? { options: [option.id] } : { option: option.id };
      }
    }
  }
  return answers;
}

const RESPONSE = { id: 'probe', status: 'submitted' as const, submittedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', companyName: 'probe' };

/** Hex SHA-256 over the probe reports of every questionnaire in the catalogue. `build` is for tests. */
export function reportFingerprint(catalog: Pick<Catalog, 'questionnaires' | 'values' | 'instruments'>, build: Build = composeReport): string {
  const hash = createHash('sha256');
  const questionnaires = [...catalog.questionnaires.values()].map((v) => v.document).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const versions: ScoringVersion[] = [1, SCORING_VERSION];
  for (const q of questionnaires) {
    const first = answersAt(q, () => 0);
    const last = answersAt(q, (o) => o.length - 1);
    for (const scoringVersion of versions) {
      for (const locale of ['nl', 'en'] as Locale[]) {
        const report = build({
          response: RESPONSE, questionnaire: q, answers: last, values: catalog.values, instruments: catalog.instruments, locale,
          earlier: [{ id: 'probe-earlier', submittedAt: '2025-12-01T00:00:00.000Z', questionnaire: q, answers: first, scoringVersion }],
          scoringVersion, owner: true, newerAttempt: null,
        });
        hash.update(JSON.stringify(attestedReport(report as Parameters<typeof attestedReport>[0])));
      }
    }
  }
  hash.update(JSON.stringify([catalog.values, catalog.instruments]));
  return hash.digest('hex');
}

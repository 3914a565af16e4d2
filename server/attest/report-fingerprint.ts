// A view finds a report's statement by a fingerprint of what the report is built from (service.ts,
// basisOf), so it need not hash the whole report. The code that builds the report is one of those
// inputs: an upgrade that changes what a report says must make the next view hash it again and sign
// anew, as docs/verification.md promises. Code cannot be fingerprinted, its output can: probe reports
// built from the catalogue under both scoring versions and in both languages, covering a re-take (history,
// what changed), every knock-out and unknown risk, n.v.t., several options of a multiple choice, and notes.
// A change to the builder that shows in them (a field, a word, a rounding) changes this fingerprint, and
// so does any change to the catalogue. One the probes cannot show is not caught here; the JSON export,
// which is what gets verified, always hashes the report itself. About 60 ms, once per process.
import { createHash } from 'node:crypto';
import { SCORING_VERSION, type Answers, type Locale, type Question, type Questionnaire, type ScoringVersion } from '../../core/types.js';
import type { Catalog } from '../questionnaires/catalog.js';
import { composeReport } from '../report/report-service.js';
import { attestedReport } from './statement.js';

type Build = typeof composeReport;

type Option = NonNullable<Question['options']>[number];

/**
 * One answer per question, from `answer` (text questions get a fixed text): the probes cover first and
 * last options, knock-outs and unknown risks, n.v.t., several options of a multiple choice, and notes.
 */
function answersBy(q: Questionnaire, answer: (question: Question, options: readonly Option[]) => Answers[string]): Answers {
  const answers: Answers = {};
  for (const section of q.sections) {
    for (const question of section.questions) {
      if (question.type === 'text') answers[question.id] = { text: 'probe', note: 'probe' };
      else if (question.options?.length) answers[question.id] = answer(question, question.options);
    }
  }
  return answers;
}

const one = (question: Question, option: Option): Answers[string] => (question.type === 'multi' ? { options: [option.id] } : { option: option.id });

function probeAnswers(q: Questionnaire) {
  const first = answersBy(q, (question, o) => one(question, o[0]));
  const last = answersBy(q, (question, o) => one(question, o[o.length - 1]));
  // Every knock-out and unknown risk the questionnaire has, so their messages and actions are in a probe.
  const flagged = answersBy(q, (question, o) => one(question, o.find((x) => x.knockout) ?? o.find((x) => x.unknownRisk) ?? o[o.length >> 1]));
  // n.v.t. where a question allows it, all plain options of a multiple choice, a middle rung elsewhere; each with a note.
  const rich = answersBy(q, (question, o) => {
    if (question.allowNotApplicable) return { notApplicable: true, note: 'probe' };
    if (question.type === 'multi') {
      const plain = o.filter((x) => !x.exclusive);
      return { options: (plain.length ? plain : o.slice(0, 1)).map((x) => x.id), note: 'probe' };
    }
    return { option: o[o.length >> 1].id, note: 'probe' };
  });
  return { first, last, flagged, rich };
}

const RESPONSE = { id: 'probe', status: 'submitted' as const, submittedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', companyName: 'probe' };

/** Hex SHA-256 over the probe reports of every questionnaire in the catalogue. `build` is for tests. */
export function reportFingerprint(catalog: Pick<Catalog, 'questionnaires' | 'values' | 'instruments'>, build: Build = composeReport): string {
  const hash = createHash('sha256');
  const questionnaires = [...catalog.questionnaires.values()].map((v) => v.document).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const versions: ScoringVersion[] = [1, SCORING_VERSION];
  for (const q of questionnaires) {
    const { first, last, flagged, rich } = probeAnswers(q);
    const earlier = (answers: Answers, scoringVersion: ScoringVersion) => [{ id: 'probe-earlier', submittedAt: '2025-12-01T00:00:00.000Z', questionnaire: q, answers, scoringVersion }];
    for (const scoringVersion of versions) {
      for (const locale of ['nl', 'en'] as Locale[]) {
        // A re-take (history, what changed), then the knock-outs and unknown risks, then n.v.t., multiple options and notes.
        for (const [answers, before] of [[last, earlier(first, scoringVersion)], [flagged, earlier(rich, scoringVersion)], [rich, []]] as const) {
          const report = build({
            response: RESPONSE, questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale,
            earlier: [...before], scoringVersion, owner: true, newerAttempt: null,
          });
          hash.update(JSON.stringify(attestedReport(report as Parameters<typeof attestedReport>[0])));
        }
      }
    }
  }
  hash.update(JSON.stringify([catalog.values, catalog.instruments]));
  return hash.digest('hex');
}

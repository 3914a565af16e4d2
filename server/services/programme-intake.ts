// What a programme takes in besides the scored test (issue 17, programme part): which questionnaire
// versions it accepts per area, and its own short section of unscored questions. The answers to those
// are kept apart from the scored answers (responses.programme_answers), so scoring and reports never
// see them; only the programme's staff and its exports do.
import { Type, type Static } from 'typebox';
import { compareVersions } from '../../core/questionnaire-diff.js';
import { badRequest, conflict } from '../errors.js';

export const MAX_QUESTIONS = 10;
export const MAX_ANSWER_LENGTH = 500;

const Text = (max: number) => Type.Object({
  nl: Type.String({ minLength: 1, maxLength: max }),
  en: Type.String({ minLength: 1, maxLength: max }),
}, { additionalProperties: false });
const QuestionId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'Stable id: lower-case letters, digits and dashes' });

export const ProgrammeQuestion = Type.Object({
  id: QuestionId,
  kind: Type.Union([Type.Literal('text'), Type.Literal('choice')]),
  prompt: Text(300),
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Type.Object({ id: QuestionId, label: Text(120) }, { additionalProperties: false }), { minItems: 2, maxItems: 20 })),
}, { additionalProperties: false });
export type ProgrammeQuestion = Static<typeof ProgrammeQuestion>;

export const VersionRule = Type.Union([
  Type.Object({ minimum: Type.String({ pattern: '^\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}$' }) }, { additionalProperties: false }),
  Type.Object({ majors: Type.Array(Type.Integer({ minimum: 1, maximum: 9999 }), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
], { description: 'Either the lowest version accepted, or the major versions accepted' });
export type VersionRule = Static<typeof VersionRule>;

export const Intake = Type.Object({
  acceptedVersions: Type.Record(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), VersionRule, { description: 'Per area; an area left out accepts any version', maxProperties: 50 }),
  questions: Type.Array(ProgrammeQuestion, { maxItems: MAX_QUESTIONS }),
}, { additionalProperties: false });
export type Intake = Static<typeof Intake>;

export const ProgrammeAnswers = Type.Record(QuestionId, Type.String({ maxLength: MAX_ANSWER_LENGTH }), { maxProperties: MAX_QUESTIONS });
export type ProgrammeAnswers = Record<string, string>;

export function intakeOf(p: { accepted_versions: string; questions: string }): Intake {
  return { acceptedVersions: JSON.parse(p.accepted_versions) as Intake['acceptedVersions'], questions: JSON.parse(p.questions) as ProgrammeQuestion[] };
}

/** The rules a manager may save: known areas only, unique ids, options exactly on choice questions. */
export function checkIntake(intake: Intake, knownAreas: Set<string>): void {
  for (const area of Object.keys(intake.acceptedVersions)) {
    if (!knownAreas.has(area)) throw badRequest('invalid-request', `acceptedVersions: unknown area "${area}"`);
  }
  const ids = new Set<string>();
  for (const [i, q] of intake.questions.entries()) {
    if (ids.has(q.id)) throw badRequest('invalid-request', `questions/${i}/id: "${q.id}" is used twice`);
    ids.add(q.id);
    if (q.kind === 'choice' && !q.options) throw badRequest('invalid-request', `questions/${i}/options: a choice question needs at least two options`);
    if (q.kind === 'text' && q.options) throw badRequest('invalid-request', `questions/${i}/options: a text question has no options`);
    if (q.options && new Set(q.options.map((o) => o.id)).size !== q.options.length) throw badRequest('invalid-request', `questions/${i}/options: an option id is used twice`);
  }
}

export function versionAccepted(rule: VersionRule | undefined, version: string): boolean {
  if (!rule) return true;
  if ('minimum' in rule) return compareVersions(version, rule.minimum) >= 0;
  const major = Number(/^(\d+)\./.exec(version)?.[1]);
  return rule.majors.includes(major);
}

export function checkVersionAccepted(intake: Intake, area: string, version: string): void {
  if (!versionAccepted(intake.acceptedVersions[area], version)) {
    throw conflict('version-not-accepted', `this programme does not accept version ${version} of this test; take the test again on the current version and share that`);
  }
}

/** The answers, trimmed and without empty ones, checked against the programme's questions. */
export function checkAnswers(questions: ProgrammeQuestion[], given: ProgrammeAnswers): ProgrammeAnswers {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const out: ProgrammeAnswers = {};
  for (const [id, raw] of Object.entries(given)) {
    const q = byId.get(id);
    if (!q) throw badRequest('programme-answers-invalid', `programmeAnswers/${id}: this programme has no such question`);
    const value = raw.trim();
    if (!value) continue;
    if (q.kind === 'choice' && !q.options!.some((o) => o.id === value)) throw badRequest('programme-answers-invalid', `programmeAnswers/${id}: "${value}" is not one of the options`);
    out[id] = value;
  }
  const missing = questions.find((q) => q.required && !(q.id in out));
  if (missing) throw badRequest('programme-answers-invalid', `programmeAnswers/${missing.id}: this question is required`);
  return out;
}

/** The stored answers, only when given to this programme (a test shared elsewhere before keeps none here). */
export function answersFor(stored: string | null, programmeId: string): ProgrammeAnswers {
  if (!stored) return {};
  const parsed = JSON.parse(stored) as { programmeId: string; answers: ProgrammeAnswers };
  return parsed.programmeId === programmeId ? parsed.answers : {};
}

export const AnsweredQuestion = Type.Object({
  id: Type.String(),
  prompt: Type.Object({ nl: Type.String(), en: Type.String() }),
  answer: Type.Union([Type.String(), Type.Null()]),
  /** A choice answer's option label; null for text answers. */
  answerLabel: Type.Union([Type.Object({ nl: Type.String(), en: Type.String() }), Type.Null()]),
});
export type AnsweredQuestion = Static<typeof AnsweredQuestion>;

/** The programme's current questions with this submission's answers (null where none was given). */
export function answeredQuestions(questions: ProgrammeQuestion[], answers: ProgrammeAnswers): AnsweredQuestion[] {
  return questions.map((q) => {
    const answer = answers[q.id] ?? null;
    const option = q.options?.find((o) => o.id === answer);
    return { id: q.id, prompt: q.prompt, answer, answerLabel: option ? option.label : null };
  });
}

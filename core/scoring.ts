// The scoring engine: a pure function of (questionnaire, answers, value catalogue), exactly as
// docs/scoring.md describes. No I/O, no clock, no randomness, so server, client and anyone
// recomputing a report by hand get the same numbers.
import {
  SCORING_DEFAULTS,
  type Answer, type Answers, type Dimension, type Localized, type Profile, type Question,
  type Questionnaire, type ValueDefinition, type ValueStatus,
} from './types.js';
import { allQuestions, selectedOptions, visibleQuestionIds } from './visibility.js';

export interface Contribution {
  question: string;
  weight: number;
  /** s(q) in [0, 1]. */
  score: number;
  options: string[];
}

export interface KnockoutHit {
  question: string;
  option: string;
  values: string[];
  message: Localized;
}

export interface ValueResult {
  id: string;
  dimension: Dimension;
  relevance: 1 | 2 | 3;
  /** V(v) in [0, 100], unrounded; null when not scored ("niet beoordeeld"). */
  score: number | null;
  status: ValueStatus;
  /** The visible, scored questions that make up V(v), in document order. */
  contributions: Contribution[];
}

export interface ScoreResult {
  questionnaire: { id: string; version: string };
  thresholds: { sufficient: number; attention: number; profileThreshold: number };
  profile: Profile;
  /** In [0, 1], unrounded. */
  completeness: number;
  dimensions: Record<Dimension, { score: number | null }>;
  values: ValueResult[];
  knockouts: KnockoutHit[];
  visible: string[];
}

export function isScored(question: Question): boolean {
  return question.type !== 'text' && (question.values?.length ?? 0) > 0;
}

/** Step 1: s(q) in [0, 1], or null when the answer yields no score. */
export function answerScore(question: Question, answer: Answer | undefined): number | null {
  if (!answer || !isScored(question) || answer.notApplicable) return null;
  const byId = new Map((question.options ?? []).map((o) => [o.id, o]));
  if (question.type === 'multi') {
    if (!answer.options || answer.options.length === 0) return null;
    let sum = 0;
    for (const id of answer.options) sum += byId.get(id)?.score ?? 0;
    return Math.min(1, sum);
  }
  if (answer.option === undefined) return null;
  const option = byId.get(answer.option);
  return option ? (option.score ?? 0) : null;
}

function isAnswered(question: Question, answer: Answer | undefined): boolean {
  if (!answer) return false;
  if (answer.notApplicable) return question.allowNotApplicable === true;
  if (question.type === 'text') return typeof answer.text === 'string' && answer.text.trim().length > 0;
  if (isScored(question)) return answerScore(question, answer) !== null;
  // Unscored choice questions (intake) have no score to count; a selection is what they ask.
  return selectedOptions(answer).length > 0;
}

function preconditionStatus(v: number | null, knockedOut: boolean, t: ScoreResult['thresholds']): ValueStatus {
  if (knockedOut) return 'critical';
  if (v === null) return 'unscored';
  if (v >= t.sufficient) return 'sufficient';
  if (v >= t.attention) return 'attention';
  return 'insufficient';
}

function goalStatus(v: number | null, t: ScoreResult['thresholds']): ValueStatus {
  if (v === null) return 'unscored';
  if (v >= t.sufficient) return 'strong';
  if (v >= t.attention) return 'moderate';
  return 'limited';
}

function weightedMean(pairs: Array<[weight: number, x: number]>): number | null {
  let num = 0;
  let den = 0;
  for (const [w, x] of pairs) {
    num += w * x;
    den += w;
  }
  return den > 0 ? num / den : null;
}

/** Step 6's counts over the visible questions: the required ones, and how many of them are answered. */
export function requiredCounts(visibleQuestions: Question[], answers: Answers): { required: number; answered: number } {
  let required = 0;
  let answered = 0;
  for (const question of visibleQuestions) {
    if (!question.required) continue;
    required++;
    if (isAnswered(question, answers[question.id])) answered++;
  }
  return { required, answered };
}

/** Step 6 over the visible questions: answered required ones / required ones (1 when none). */
function completenessOf(visibleQuestions: Question[], answers: Answers): number {
  const { required, answered } = requiredCounts(visibleQuestions, answers);
  return required === 0 ? 1 : answered / required;
}

/** Completeness alone, without scoring every value: what autosave reports after each save. */
export function completeness(questionnaire: Questionnaire, answers: Answers): number {
  const visible = visibleQuestionIds(questionnaire, answers);
  return completenessOf(allQuestions(questionnaire).filter((q) => visible.has(q.id)), answers);
}

export function profileOf(g: number | null, p: number | null, t: number): Profile {
  if (g === null || p === null) return 'incomplete';
  if (g >= t) return p >= t ? 'valuable' : 'promising-with-risks';
  return p >= t ? 'careful' : 'starting';
}

export function score(questionnaire: Questionnaire, answers: Answers, catalogue: readonly ValueDefinition[]): ScoreResult {
  const thresholds = { ...SCORING_DEFAULTS, ...questionnaire.scoring };
  const visible = visibleQuestionIds(questionnaire, answers);
  const questions = allQuestions(questionnaire).filter((q) => visible.has(q.id));

  const contributions = new Map<string, Contribution[]>(catalogue.map((v) => [v.id, []]));
  const knockouts: KnockoutHit[] = [];
  const knockedOut = new Set<string>();

  for (const question of questions) {
    const answer = answers[question.id];
    if (!isScored(question) || !answer || answer.notApplicable) continue;

    const chosen = selectedOptions(answer);
    const valueIds = question.values!.map((r) => r.value);
    for (const option of question.options ?? []) {
      if (option.knockout && chosen.includes(option.id)) {
        knockouts.push({ question: question.id, option: option.id, values: valueIds, message: option.knockout });
        for (const id of valueIds) knockedOut.add(id);
      }
    }
    const s = answerScore(question, answer);
    if (s === null) continue;
    for (const ref of question.values!) {
      const weight = ref.weight ?? 1;
      if (weight > 0) contributions.get(ref.value)?.push({ question: question.id, weight, score: s, options: chosen });
    }
  }

  const values: ValueResult[] = catalogue.map((def) => {
    const list = contributions.get(def.id) ?? [];
    const mean = weightedMean(list.map((c) => [c.weight, c.score]));
    const v = mean === null ? null : 100 * mean;
    return {
      id: def.id,
      dimension: def.dimension,
      relevance: questionnaire.relevance?.[def.id] ?? 1,
      score: v,
      status: def.dimension === 'precondition'
        ? preconditionStatus(v, knockedOut.has(def.id), thresholds)
        : goalStatus(v, thresholds),
      contributions: list,
    };
  });

  const dimensionScore = (d: Dimension) =>
    weightedMean(values.filter((v) => v.dimension === d && v.score !== null).map((v) => [v.relevance, v.score!]));
  const g = dimensionScore('goal');
  const p = dimensionScore('precondition');

  return {
    questionnaire: { id: questionnaire.id, version: questionnaire.version },
    thresholds,
    profile: profileOf(g, p, thresholds.profileThreshold),
    completeness: completenessOf(questions, answers),
    dimensions: { goal: { score: g }, precondition: { score: p } },
    values,
    knockouts,
    visible: [...visible],
  };
}

/**
 * Round half away from zero to `digits` decimals. Shifting through the decimal exponent rounds
 * the number as it is written (62.45 → 62.5), which is what someone recomputing by hand expects;
 * Math.round(x * 10) / 10 would give 62.4 for the binary approximation of 62.45.
 */
export function roundHalfAway(x: number, digits: number): number {
  const a = Math.abs(x);
  // Below 1e-6 or from 1e21 on, String() switches to exponent notation; neither rounds to anything but 0 or itself.
  if (a < 1e-6) return 0;
  if (a >= 1e21 || !Number.isFinite(a)) return x;
  const shifted = Math.round(Number(`${a}e${digits}`));
  const result = Number(`${shifted}e-${digits}`);
  return x < 0 ? -result : result;
}

const round1 = (x: number | null) => (x === null ? null : roundHalfAway(x, 1));

/** The response of POST /api/score, exactly as docs/api.md (and CONTRACTS.md) fix it. */
export interface ScoreResponse {
  questionnaire: { id: string; version: string };
  profile: Profile;
  completeness: number;
  dimensions: Record<Dimension, { score: number | null }>;
  values: Array<{ id: string; dimension: Dimension; score: number | null; status: ValueStatus }>;
  knockouts: Array<{ question: string; option: string; values: string[] }>;
}

export function toScoreResponse(result: ScoreResult): ScoreResponse {
  return {
    questionnaire: result.questionnaire,
    profile: result.profile,
    completeness: roundHalfAway(result.completeness, 3),
    dimensions: {
      goal: { score: round1(result.dimensions.goal.score) },
      precondition: { score: round1(result.dimensions.precondition.score) },
    },
    values: result.values.map((v) => ({ id: v.id, dimension: v.dimension, score: round1(v.score), status: v.status })),
    knockouts: result.knockouts.map(({ question, option, values }) => ({ question, option, values })),
  };
}

// The scoring engine: a pure function of (questionnaire, answers, value catalogue), exactly as
// docs/scoring.md describes. No I/O, no clock, no randomness, so server, client and anyone
// recomputing a report by hand get the same numbers.
import {
  SCORING_DEFAULTS, SCORING_VERSION,
  type Answer, type Answers, type Dimension, type Localized, type Option, type Profile, type Question,
  type Questionnaire, type ScoringVersion, type ValueDefinition, type ValueStatus,
} from './types.js';
import { allQuestions, selectedOptions, visibleQuestionIds } from './visibility.js';

export interface Contribution {
  question: string;
  weight: number;
  /** s(q) in [0, 1]. */
  score: number;
  options: string[];
}

/** A chosen knock-out option (step 3.1) or unknown-risk option (step 3.2). */
export interface KnockoutHit {
  question: string;
  option: string;
  values: string[];
  message: Localized;
}
export type UnknownRiskHit = KnockoutHit;

export type ActionKind = 'knockout' | 'unknown-risk' | 'improve';

/** One entry of step 7's action list. */
export interface Action {
  question: string;
  kind: ActionKind;
  /** (1 − s(q)) × Σ w(q,v)·relevance(v), unrounded. */
  priority: number;
  /** s(q). */
  score: number;
  /** The options the answer selects, in the order given. */
  options: string[];
  /** The knock-out or unknown-risk option behind a knockout or unknown-risk action; null for improve. */
  option: string | null;
  /** The values the question maps to with weight > 0, in the question's order. */
  values: readonly string[];
  /** The chosen option's advice, else the question's; null when neither has any. */
  advice: Localized | null;
  /** The question's instruments. */
  instruments: string[];
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
  /** The version of the scoring model (docs/scoring.md) these figures follow. */
  scoringVersion: ScoringVersion;
  questionnaire: { id: string; version: string };
  thresholds: { sufficient: number; attention: number; profileThreshold: number };
  profile: Profile;
  /** True when a knock-out or unknown risk moved the profile to the P < t column (version 2). */
  profileCapped: boolean;
  /** In [0, 1], unrounded. */
  completeness: number;
  dimensions: Record<Dimension, { score: number | null }>;
  values: ValueResult[];
  knockouts: KnockoutHit[];
  /** Always empty under version 1, which had no unknown risks. */
  unknownRisks: UnknownRiskHit[];
  /** Step 7, in its order; always empty under version 1, which had no action list. */
  actions: Action[];
  visible: string[];
}

export interface ScoreOptions {
  /** The scoring model to follow; the current one (SCORING_VERSION) unless a stored response says otherwise. */
  version?: ScoringVersion;
}

export function isScored(question: Question): boolean {
  return question.type !== 'text' && (question.values?.length ?? 0) > 0;
}

// Questionnaires are never changed after loading, so per-question lookups are built once, not per score.
const optionMaps = new WeakMap<Question, Map<string, Option>>();
function optionsById(question: Question): Map<string, Option> {
  let map = optionMaps.get(question);
  if (!map) {
    map = new Map((question.options ?? []).map((o) => [o.id, o]));
    optionMaps.set(question, map);
  }
  return map;
}

interface QuestionFacts {
  /** Values with weight > 0, with their weights. */
  refs: Array<{ value: string; weight: number }>;
  valueIds: string[];
  /** The values of `refs`, shared (frozen) by every action on this question. */
  refValues: readonly string[];
  /** Σ w(q,v)·relevance(v): step 7's priority is (1 − s) times this. */
  reach: number;
  /** Has a knock-out or unknown-risk option, so chosen options must be looked at. */
  flagged: boolean;
}
const factsCache = new WeakMap<Questionnaire, Map<string, QuestionFacts>>();
function questionFacts(q: Questionnaire): Map<string, QuestionFacts> {
  let facts = factsCache.get(q);
  if (!facts) {
    facts = new Map();
    for (const question of allQuestions(q)) {
      if (!isScored(question)) continue;
      const refs = question.values!.map((r) => ({ value: r.value, weight: r.weight ?? 1 })).filter((r) => r.weight > 0);
      facts.set(question.id, {
        refs,
        valueIds: question.values!.map((r) => r.value),
        refValues: Object.freeze(refs.map((r) => r.value)),
        reach: refs.reduce((n, r) => n + r.weight * (q.relevance?.[r.value] ?? 1), 0),
        flagged: (question.options ?? []).some((o) => o.knockout || o.unknownRisk),
      });
    }
    factsCache.set(q, facts);
  }
  return facts;
}

/** True when the answer means "does not apply": the n.v.t. answer, or a chosen not-applicable option. */
export function isNotApplicable(question: Question, answer: Answer | undefined): boolean {
  if (!answer) return false;
  if (answer.notApplicable) return true;
  return answer.option !== undefined && optionsById(question).get(answer.option)?.notApplicable === true;
}

/** Step 1: s(q) in [0, 1], or null when the answer yields no score. */
export function answerScore(question: Question, answer: Answer | undefined): number | null {
  if (!answer || !isScored(question) || answer.notApplicable) return null;
  const byId = optionsById(question);
  if (question.type === 'multi') {
    if (!answer.options || answer.options.length === 0) return null;
    let sum = 0;
    for (const id of answer.options) sum += byId.get(id)?.score ?? 0;
    return Math.min(1, sum);
  }
  if (answer.option === undefined) return null;
  const option = byId.get(answer.option);
  if (!option || option.notApplicable) return null;
  return option.score ?? 0;
}

/** Step 6 for an answer to a scored question that is not n.v.t., given its score s(q). */
function scoredAnswered(question: Question, answer: Answer, s: number | null): boolean {
  return s !== null || isNotApplicable(question, answer);
}

function isAnswered(question: Question, answer: Answer | undefined): boolean {
  if (!answer) return false;
  if (answer.notApplicable) return question.allowNotApplicable === true;
  if (question.type === 'text') return typeof answer.text === 'string' && answer.text.trim().length > 0;
  if (isScored(question)) return scoredAnswered(question, answer, answerScore(question, answer));
  // Unscored choice questions (intake) have no score to count; a selection is what they ask.
  return selectedOptions(answer).length > 0;
}

function preconditionStatus(v: number | null, knockedOut: boolean, unknownRisk: boolean, t: ScoreResult['thresholds']): ValueStatus {
  if (knockedOut) return 'critical';
  if (unknownRisk) return 'unknown-risk';
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

/** Σw·x / Σw over the items whose x is not null; null when their weights add up to nothing. */
function weightedMean<T>(items: readonly T[], weight: (item: T) => number, x: (item: T) => number | null): number | null {
  let num = 0;
  let den = 0;
  for (const item of items) {
    const v = x(item);
    if (v === null) continue;
    const w = weight(item);
    num += w * v;
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

/**
 * Step 5. `capped` (a knock-out or unknown risk stands) takes the profile from the P < t column
 * whatever P is; it never makes an incomplete profile complete.
 */
export function profileOf(g: number | null, p: number | null, t: number, capped = false): Profile {
  if (g === null || p === null) return 'incomplete';
  const safeguards = p >= t && !capped;
  if (g >= t) return safeguards ? 'valuable' : 'promising-with-risks';
  return safeguards ? 'careful' : 'starting';
}

/**
 * Step 7's order among improvements: priority, highest first. Priorities are compared at nine
 * decimals so that floating-point noise (0.3 × 3 against 0.6 × 1.5) never reorders two priorities
 * that are equal by hand; those keep document order.
 */
const priorityKey = (p: number) => Math.round(p * 1e9);

function adviceFor(question: Question, chosen: string[], cause: Option | undefined): Localized | null {
  if (cause?.advice) return cause.advice;
  // The chosen options in the question's order, so the text does not depend on the order they were given in.
  for (const option of question.options ?? []) if (option.advice && chosen.includes(option.id)) return option.advice;
  return question.advice ?? null;
}

export function score(questionnaire: Questionnaire, answers: Answers, catalogue: readonly ValueDefinition[], options: ScoreOptions = {}): ScoreResult {
  const version = options.version ?? SCORING_VERSION;
  // Version 1 had no unknown risks, no profile cap and no action list; a report it produced stays as it was.
  const v2 = version >= 2;
  const thresholds = { ...SCORING_DEFAULTS, ...questionnaire.scoring };
  const visible = visibleQuestionIds(questionnaire, answers);
  const facts = questionFacts(questionnaire);
  // Step 6's counts, taken in the same pass as the scores: a report is built on every view.
  let required = 0;
  let answered = 0;

  const contributions = new Map<string, Contribution[]>(catalogue.map((v) => [v.id, []]));
  const knockouts: KnockoutHit[] = [];
  const unknownRisks: UnknownRiskHit[] = [];
  const knockedOut = new Set<string>();
  const atRisk = new Set<string>();
  const flaggedActions: Action[] = [];
  const riskActions: Action[] = [];
  const improvements: Action[] = [];

  for (const question of allQuestions(questionnaire)) {
    if (!visible.has(question.id)) continue;
    const answer = answers[question.id];
    const f = facts.get(question.id);
    if (!f || !answer || answer.notApplicable) {
      if (question.required) {
        required++;
        if (isAnswered(question, answer)) answered++;
      }
      continue;
    }

    const chosen = selectedOptions(answer);
    let knockout: Option | undefined;
    let unknown: Option | undefined;
    if (f.flagged) {
      for (const option of question.options!) {
        if (!chosen.includes(option.id)) continue;
        if (option.knockout) {
          knockouts.push({ question: question.id, option: option.id, values: f.valueIds, message: option.knockout });
          for (const id of f.valueIds) knockedOut.add(id);
          knockout ??= option;
        }
        if (option.unknownRisk && v2) {
          unknownRisks.push({ question: question.id, option: option.id, values: f.valueIds, message: option.unknownRisk });
          for (const id of f.valueIds) atRisk.add(id);
          unknown ??= option;
        }
      }
    }
    const s = answerScore(question, answer);
    if (question.required) {
      required++;
      // isAnswered, with the score already worked out (answerScore again cost a tenth of score()).
      if (scoredAnswered(question, answer, s)) answered++;
    }
    if (s === null) continue;
    for (const ref of f.refs) contributions.get(ref.value)?.push({ question: question.id, weight: ref.weight, score: s, options: chosen });

    if (!v2) continue;
    const cause = knockout ?? unknown;
    if (!cause && s >= 1) continue;
    const action: Action = {
      question: question.id,
      kind: knockout ? 'knockout' : unknown ? 'unknown-risk' : 'improve',
      priority: (1 - s) * f.reach,
      score: s,
      options: chosen,
      option: cause?.id ?? null,
      values: f.refValues,
      advice: adviceFor(question, chosen, cause),
      instruments: question.instruments ?? [],
    };
    (knockout ? flaggedActions : unknown ? riskActions : improvements).push(action);
  }

  const values: ValueResult[] = catalogue.map((def) => {
    const list = contributions.get(def.id) ?? [];
    const mean = weightedMean(list, (c) => c.weight, (c) => c.score);
    const v = mean === null ? null : 100 * mean;
    return {
      id: def.id,
      dimension: def.dimension,
      relevance: questionnaire.relevance?.[def.id] ?? 1,
      score: v,
      status: def.dimension === 'precondition'
        ? preconditionStatus(v, knockedOut.has(def.id), atRisk.has(def.id), thresholds)
        : goalStatus(v, thresholds),
      contributions: list,
    };
  });

  const dimensionScore = (d: Dimension) => weightedMean(values, (v) => v.relevance, (v) => (v.dimension === d ? v.score : null));
  const g = dimensionScore('goal');
  const p = dimensionScore('precondition');
  const flagged = knockouts.length + unknownRisks.length > 0;
  const profile = profileOf(g, p, thresholds.profileThreshold, v2 && flagged);

  // Improvements were collected in document order; a stable sort keeps it for equal priorities.
  // The keys are worked out in the comparison: a Map of them cost a fifth of score() (bench, 2026-12-02).
  if (improvements.length > 1) improvements.sort((a, b) => priorityKey(b.priority) - priorityKey(a.priority));

  return {
    scoringVersion: version,
    questionnaire: { id: questionnaire.id, version: questionnaire.version },
    thresholds,
    profile,
    profileCapped: v2 && flagged && profile !== 'incomplete',
    completeness: required === 0 ? 1 : answered / required,
    dimensions: { goal: { score: g }, precondition: { score: p } },
    values,
    knockouts,
    unknownRisks,
    actions: [...flaggedActions, ...riskActions, ...improvements],
    visible: [...visible],
  };
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * Round half away from zero to `digits` decimals, on the number as written to 15 significant
 * digits (what a double holds reliably, and what spreadsheets round): what someone recomputing by
 * hand gets. Math.round(x * 10) / 10 would give 62.4 for the binary approximation of 62.45; and a
 * value that is exactly on a tie can land just below it in floating point (100 × 1.15 / 4 is
 * 28.749999999999996), which the 15 digits read as the 28.75 it is.
 */
export function roundHalfAway(x: number, digits: number): number {
  const a = Math.abs(x);
  // Below 1e-6 or from 1e21 on, String() switches to exponent notation; neither rounds to anything but 0 or itself.
  if (a < 1e-6) return 0;
  if (a >= 1e21 || !Number.isFinite(a)) return x;
  // Fast path, the same result: a report rounds a few hundred numbers and the string round trip
  // below was a fifth of its cost. Multiplying is off by at most half an ulp, which can only matter
  // next to a tie (…5); those, and large or odd inputs, take the exact decimal route.
  const p = POW10[digits];
  if (p !== undefined && a < 1e9 / p) {
    const m = a * p;
    if (Math.abs(m - Math.floor(m) - 0.5) > 1e-6) {
      const result = Math.round(m) / p; // k / 10^d is the double nearest k·10^-d, as Number(`${k}e-${d}`) is
      return x < 0 ? -result : result;
    }
  }
  const shifted = Math.round(Number(`${Number(a.toPrecision(15))}e${digits}`));
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
  unknownRisks: Array<{ question: string; option: string; values: string[] }>;
  profileCapped: boolean;
  actions: Array<{ question: string; kind: ActionKind; priority: number; advice: Localized | null; instruments: string[] }>;
  scoringVersion: ScoringVersion;
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
    unknownRisks: result.unknownRisks.map(({ question, option, values }) => ({ question, option, values })),
    profileCapped: result.profileCapped,
    actions: result.actions.map((a) => ({
      question: a.question, kind: a.kind, priority: roundHalfAway(a.priority, 3), advice: a.advice, instruments: a.instruments,
    })),
    scoringVersion: result.scoringVersion,
  };
}

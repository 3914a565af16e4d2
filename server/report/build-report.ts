// Turns a score into the report a respondent reads: every number of the engine, plus the words
// (value names, answers given, knock-out and unknown-risk messages, the action list with its
// advice and instruments, recommendations) in one locale.
import { text } from '../../core/localize.js';
import { profileOf, roundHalfAway, score, type ActionKind, type ScoreResult } from '../../core/scoring.js';
import { LOCALES, VALUE_STATUSES, type Answers, type Locale, type Profile, type Questionnaire, type Recommendation, type ScoringVersion, type ValueDefinition, type WeakStatus } from '../../core/types.js';
import { allQuestions, selectedOptions } from '../../core/visibility.js';
import type { Instrument } from '../questionnaires/catalog.js';
import { answerChanges } from './answer-changes.js';
import { knownTexts, sharePart } from './report-json.js';
import { optionsKey, PartCache, reportParts, sameList } from './shared-parts.js';

const round1 = (x: number | null) => (x === null ? null : roundHalfAway(x, 1));

/** An instrument as the report's dictionary holds it; actions and recommendations name it by id. */
export type ReportInstrument = { name: string; description: string; url: string | null };

// Built once per questionnaire and per catalogue and locale, not once per report: a report is built
// on every view, export and PDF, and these lookups do not change while the app runs.
const localizedInstruments = new WeakMap<Instrument[], Record<Locale, Map<string, ReportInstrument>>>();

/** A question's words in one locale: its prompt, its help and its options' labels by id. */
interface LocalizedQuestion { prompt: string; help: string; labels: Map<string, string> }
const localizedQuestions = new WeakMap<Questionnaire, Record<Locale, Map<string, LocalizedQuestion>>>();

function localizedQuestionMap(q: Questionnaire, locale: Locale) {
  let byLocale = localizedQuestions.get(q);
  if (!byLocale) {
    const make = (l: Locale) => new Map(allQuestions(q).map((x) => [x.id, {
      prompt: text(x.prompt, l),
      help: text(x.help, l),
      labels: new Map((x.options ?? []).map((o) => [o.id, text(o.label, l)])),
    }]));
    localizedQuestions.set(q, (byLocale = { nl: make('nl'), en: make('en') }));
    knownTexts([q.id, q.version, q.area, text(q.title, 'nl'), text(q.title, 'en')]);
    for (const words of [byLocale.nl, byLocale.en]) {
      for (const [id, x] of words) knownTexts([id, x.prompt, ...x.labels.keys(), ...x.labels.values()]);
    }
  }
  return byLocale[locale];
}

function instrumentMap(list: Instrument[], locale: Locale) {
  let byLocale = localizedInstruments.get(list);
  if (!byLocale) {
    // Shared parts (frozen): every report holds these objects, and reportJson writes each one's JSON once.
    const make = (l: Locale) => new Map(list.map((i) => [i.id, sharePart({ name: text(i.name, l), description: text(i.description, l), url: i.url ?? null })]));
    localizedInstruments.set(list, (byLocale = { nl: make('nl'), en: make('en') }));
  }
  return byLocale[locale];
}

/** An action of the report's list (SCORING.md step 7) in words. */
interface ReportAction {
  question: string; kind: ActionKind; priority: number; values: string[]; prompt: string;
  answer: string[]; text: string | null; why: string | null; instruments: string[];
}
/** A knock-out or unknown risk as the reader sees it: the question, the answer given, the message. */
interface ReportFlag { question: string; option: string; values: string[]; prompt: string; answer: string; message: string }
/** An answer's share of a value's score. */
interface ReportContribution { question: string; prompt: string; answer: string[]; weight: number; score: number; points: number }
/** An answer as the report lists it. */
interface ReportAnswer { question: string; prompt: string; answer: string | null; notApplicable: boolean; note: string | null; values: string[] }

// The engine's vocabulary is written in every report.
const PROFILES: readonly Profile[] = ['valuable', 'promising-with-risks', 'careful', 'starting', 'incomplete'];
knownTexts([...LOCALES, ...VALUE_STATUSES, ...PROFILES, 'goal', 'precondition', 'knockout', 'unknown-risk', 'improve']);

// The value catalogue by id, once per catalogue; its words are content texts for reportJson.
const valueMaps = new WeakMap<ValueDefinition[], Map<string, ValueDefinition>>();
function valueDefinitions(values: ValueDefinition[]) {
  let byId = valueMaps.get(values);
  if (!byId) {
    valueMaps.set(values, (byId = new Map(values.map((v) => [v.id, v]))));
    for (const l of LOCALES) knownTexts(values.flatMap((v) => [v.id, text(v.name, l), text(v.description, l)]));
  }
  return byId;
}

/** An earlier submitted attempt of the same company, for progress over re-takes. */
export interface EarlierAttempt {
  id: string;
  submittedAt: string;
  questionnaire: Questionnaire;
  answers: Answers;
  /** The scoring model it was submitted under (default: the current one). */
  scoringVersion?: ScoringVersion;
}

export function buildReport(input: {
  questionnaire: Questionnaire;
  answers: Answers;
  values: ValueDefinition[];
  instruments: Instrument[];
  locale: Locale;
  /** Oldest first. */
  earlier?: EarlierAttempt[];
  /** The scoring model to follow (default: the current one); a submitted response keeps its own. */
  scoringVersion?: ScoringVersion;
  /** Also list the answers that differ from the latest earlier attempt (for the respondent only). */
  compareAnswers?: boolean;
}) {
  const { questionnaire: q, answers, locale } = input;
  const result: ScoreResult = score(q, answers, input.values, { version: input.scoringVersion });
  const earlier = (input.earlier ?? []).map((a) => ({ attempt: a, result: score(a.questionnaire, a.answers, input.values, { version: a.scoringVersion }) }));
  const previous = earlier.at(-1)?.result;
  const previousScores = previous && new Map(previous.values.map((v) => [v.id, v.score]));
  const delta = (now: number | null, before: number | null | undefined) =>
    now === null || before === null || before === undefined ? null : roundHalfAway(now - before, 1);
  const words = localizedQuestionMap(q, locale);
  const instruments = instrumentMap(input.instruments, locale);
  const valueDefs = valueDefinitions(input.values);
  const visible = new Set(result.visible);

  const optionLabels = (questionId: string, ids: readonly string[]) => {
    const labels = words.get(questionId)?.labels;
    return ids.map((id) => labels?.get(id) || id);
  };
  const promptOf = (questionId: string) => words.get(questionId)?.prompt ?? '';
  // Parts the answers alone determine are shared between reports (shared-parts.ts). No closure is
  // made per part: under tsx, which the bench runs, each one also costs a call that names it.
  const parts = reportParts(q, input.instruments, locale);
  /** The labels of the options chosen, as a shared list. */
  const chosenLabels = (questionId: string, ids: readonly string[]): string[] => {
    const key = optionsKey(ids);
    return parts.labels.kept<string[]>(questionId, key) ?? parts.labels.keep(questionId, key, optionLabels(questionId, ids));
  };


  // Instruments are said once, in the report's dictionary, and named by id everywhere else: in full
  // on every action they were half of a report's bytes and of its cost (issue 11). The dictionary
  // holds only those named, so it grows with the report and not with the catalogue.
  // An instrument is named by many actions; it is stored in the dictionary once.
  const dictionary: Record<string, ReportInstrument> = {};
  const instrumentsOf = (ids: readonly string[]) => ids.filter((id) => {
    if (Object.hasOwn(dictionary, id)) return true;
    const i = instruments.get(id);
    if (!i) return false;
    dictionary[id] = i;
    return true;
  });
  /** What instrumentsOf does for a kept part's ids, checked when it was made: put them in the dictionary. */
  const nameInstruments = (ids: readonly string[]) => {
    for (const id of ids) if (!Object.hasOwn(dictionary, id)) dictionary[id] = instruments.get(id)!;
  };

  // Why an action matters. A knock-out or unknown risk says it in its own message (what may be
  // violated, in the words of the option chosen); an improvement borrows the question's help, which
  // explains why the question is asked. Value-level texts would be the same for every question.
  const whyItMatters = (a: ScoreResult['actions'][number]): string | null => {
    if (a.kind !== 'improve') {
      const hits = a.kind === 'knockout' ? result.knockouts : result.unknownRisks;
      const messages = [...new Set(hits.filter((h) => h.question === a.question).map((h) => text(h.message, locale)))];
      if (messages.length) return messages.join(' ');
    }
    return words.get(a.question)?.help || null;
  };

  // A knock-out or an unknown risk as the reader sees it: the question, the answer given, the message.
  // Kept by kind, question and option: its values and message are that option's.
  const flagged = (f: ScoreResult['knockouts'][number], cache: PartCache) => {
    const kept = cache.kept<ReportFlag>(f.question, f.option);
    if (kept && sameList(kept.values, f.values)) return kept;
    return cache.keep<ReportFlag>(f.question, f.option, {
      question: f.question,
      option: f.option,
      values: [...f.values],
      prompt: promptOf(f.question),
      answer: optionLabels(f.question, [f.option])[0],
      message: text(f.message, locale),
    });
  };

  const recommendationFor = (valueId: string, status: string) => {
    const rec: Recommendation | undefined = q.recommendations?.[valueId]?.[status as WeakStatus];
    if (!rec) return null;
    const kept = parts.recommendation.kept<{ step: string; why: string; instruments: string[] }>(valueId, status);
    if (kept) {
      nameInstruments(kept.instruments);
      return kept;
    }
    return parts.recommendation.keep(valueId, status, { step: text(rec.step, locale), why: text(rec.why, locale), instruments: instrumentsOf(rec.instruments ?? []) });
  };

  const report = {
    questionnaire: { id: q.id, version: q.version, area: q.area, title: text(q.title, locale) },
    locale,
    /** The scoring model these figures follow (docs/scoring.md); a response keeps the one it was submitted under. */
    scoringVersion: result.scoringVersion,
    profile: result.profile,
    profileCapped: result.profileCapped,
    /**
     * Step 5 without the cap: the profile G and P alone give, from the unrounded figures (a P of
     * 49.97 shows as 50.0 but is below the line). The same as `profile` when nothing was capped, or
     * when the preconditions score below the line anyway; the report page names it only when it differs.
     */
    uncappedProfile: profileOf(result.dimensions.goal.score, result.dimensions.precondition.score, result.thresholds.profileThreshold),
    completeness: roundHalfAway(result.completeness, 3),
    thresholds: result.thresholds,
    dimensions: {
      goal: { score: round1(result.dimensions.goal.score), change: delta(result.dimensions.goal.score, previous?.dimensions.goal.score) },
      precondition: { score: round1(result.dimensions.precondition.score), change: delta(result.dimensions.precondition.score, previous?.dimensions.precondition.score) },
    },
    /** Earlier submitted attempts, oldest first, then none for this one: its figures are above. */
    history: earlier.map(({ attempt, result: r }) => ({
      id: attempt.id,
      submittedAt: attempt.submittedAt,
      version: attempt.questionnaire.version,
      profile: r.profile,
      /** As the report's own: a knock-out or unknown risk took that attempt's profile from the P < t column. */
      profileCapped: r.profileCapped,
      goal: round1(r.dimensions.goal.score),
      precondition: round1(r.dimensions.precondition.score),
      values: Object.fromEntries(r.values.map((v) => [v.id, round1(v.score)])),
    })),
    knockouts: result.knockouts.map((k) => ({
      ...flagged(k, parts.knockout),
      // What to do: the first of its values' recommendations for a violated precondition.
      // Looked up first and built once: building the others would put their instruments in the dictionary.
      action: recommendationFor(k.values.find((v) => q.recommendations?.[v]?.critical) ?? '', 'critical'),
    })),
    unknownRisks: result.unknownRisks.map((r) => flagged(r, parts.unknownRisk)),
    /** Step 7: knock-outs, unknown risks, then improvements by priority; each question once. */
    // An action is what its question, kind, priority, values and options make it: its advice is the
    // chosen option's or the question's, why it matters is the message of that option or the
    // question's help, its instruments are the question's.
    // Kept by the unrounded priority: a part kept for it has its rounding.
    actions: result.actions.map((a) => {
      const labels = chosenLabels(a.question, a.options);
      const kept = parts.action.kept<ReportAction>(labels, a.priority);
      if (kept && kept.question === a.question && kept.kind === a.kind && sameList(kept.values, a.values)) {
        nameInstruments(kept.instruments);
        return kept;
      }
      return parts.action.keep<ReportAction>(labels, a.priority, {
        question: a.question,
        kind: a.kind,
        priority: roundHalfAway(a.priority, 3),
        values: [...a.values],
        prompt: promptOf(a.question),
        answer: labels,
        text: a.advice ? text(a.advice, locale) : null,
        why: whyItMatters(a),
        /** Ids into `instruments`. */
        instruments: instrumentsOf(a.instruments),
      });
    }),
    values: result.values.map((v) => {
      const def = valueDefs.get(v.id)!;
      const totalWeight = v.contributions.reduce((n, x) => n + x.weight, 0);
      return {
        id: v.id,
        dimension: v.dimension,
        name: text(def.name, locale),
        description: text(def.description, locale),
        relevance: v.relevance,
        score: round1(v.score),
        status: v.status,
        // Each answer's share of V: 100·w·s / Σw. The shares add up to V, so V can be checked by hand.
        contributions: v.contributions.map((c) => {
          const share = (100 * c.weight * c.score) / totalWeight;
          const labels = chosenLabels(c.question, c.options);
          // Kept by the unrounded share, as actions are by their priority.
          const kept = parts.contribution.kept<ReportContribution>(labels, share);
          if (kept && kept.question === c.question && kept.weight === c.weight && kept.score === c.score) return kept;
          return parts.contribution.keep<ReportContribution>(labels, share, {
            question: c.question, prompt: promptOf(c.question), answer: labels, weight: c.weight, score: c.score, points: roundHalfAway(share, 1),
          });
        }),
        recommendation: recommendationFor(v.id, v.status),
        change: delta(v.score, previousScores?.get(v.id)),
      };
    }),
    answers: allQuestions(q)
      .filter((x) => answers[x.id] && visible.has(x.id))
      .map((x): ReportAnswer => {
        const a = answers[x.id];
        const labels = a.notApplicable ? null : chosenLabels(x.id, selectedOptions(a));
        const outer = labels ?? x.id;
        // A respondent's own words (a text answer, a note) are not shared between reports.
        const own = a.text !== undefined || a.note !== undefined;
        if (!own) {
          const kept = parts.answer.kept<ReportAnswer>(outer, a.notApplicable === true);
          if (kept && kept.question === x.id) return kept;
        }
        const part = {
          question: x.id,
          prompt: promptOf(x.id),
          answer: a.notApplicable ? null : a.text ?? labels!.join('; '),
          notApplicable: a.notApplicable === true,
          note: a.note ?? null,
          /** The values this question counts for: the assessor's screen shows each answer beside its value. */
          values: (x.values ?? []).map((r) => r.value),
        };
        return own ? part : parts.answer.keep(outer, a.notApplicable === true, part);
      }),
    /** Every instrument the report names, once: id → name, description, address. */
    instruments: dictionary,
    /** The answers that differ from the latest earlier attempt, per section; null when not asked for or none. */
    changes: input.compareAnswers && input.earlier?.length ? answerChanges(input.earlier.at(-1)!, { questionnaire: q, answers }, locale) : null,
  };
  return report;
}

export type Report = ReturnType<typeof buildReport>;


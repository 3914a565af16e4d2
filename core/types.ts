// Types of the normative formats (docs/questionnaire-format.md). Shared by server and client.

export type Locale = 'nl' | 'en';
export const LOCALES: readonly Locale[] = ['nl', 'en'];

export interface Localized {
  nl: string;
  en: string;
}

export type Dimension = 'goal' | 'precondition';

export interface ValueDefinition {
  id: string;
  dimension: Dimension;
  name: Localized;
  description: Localized;
}

export type QuestionType = 'single' | 'scale' | 'multi' | 'text';

export interface ValueRef {
  value: string;
  weight?: number;
}

export interface Option {
  id: string;
  label: Localized;
  /** Absent only on a not-applicable option. */
  score?: number;
  /** Choosing it means a precondition is violated. */
  knockout?: Localized;
  /** Choosing it means a violation of a precondition has not been ruled out ("weet ik niet" on a knock-out question). */
  unknownRisk?: Localized;
  /** "This does not apply to us" in the question's own words: treated exactly as the n.v.t. answer. */
  notApplicable?: true;
  /** Multiple choice only: cannot be chosen together with any other option ("geen van deze", "weet ik niet"). */
  exclusive?: true;
  /** The next step for a respondent who chose this option. */
  advice?: Localized;
}

export interface SourceRef {
  document: string;
  /** Line numbers in the plain-text extraction the project works from: for reviewers only. */
  lines?: string;
  /** Chapter, section, appendix or page as published: what a reader can follow. */
  section?: Localized;
  /** For a law: article (e.g. "5(1)(f)") or annex (Roman numeral). */
  article?: string;
  annex?: string;
  topic: Localized;
}

export interface Question {
  id: string;
  type: QuestionType;
  prompt: Localized;
  help?: Localized;
  required?: boolean;
  allowNotApplicable?: boolean;
  visibleIf?: { question: string; anyOf: string[] };
  values?: ValueRef[];
  options?: Option[];
  sources?: SourceRef[];
  /** The next step when the chosen option has no advice of its own. */
  advice?: Localized;
  /** Ids from questionnaires/instruments.json that help with this question. */
  instruments?: string[];
  /** Part of the area's quick scan (docs/questionnaire-format.md, "Quick scan"). */
  quickScan?: true;
}

export interface Section {
  id: string;
  title: Localized;
  intro?: Localized;
  questions: Question[];
}

export interface Recommendation {
  step: Localized;
  why: Localized;
  instruments?: string[];
}

export type WeakStatus = 'attention' | 'insufficient' | 'critical' | 'unknown-risk' | 'moderate' | 'limited';

export interface Questionnaire {
  $schema?: string;
  id: string;
  version: string;
  area: string;
  title: Localized;
  intro?: Localized;
  scoring?: { sufficient?: number; attention?: number; profileThreshold?: number };
  relevance?: Record<string, 1 | 2 | 3>;
  sections: Section[];
  recommendations?: Record<string, Partial<Record<WeakStatus, Recommendation>>>;
}

/** One answer. Exactly one of option/options/notApplicable/text, optionally with a note. A note alone counts as unanswered. */
export interface Answer {
  option?: string;
  options?: string[];
  notApplicable?: true;
  text?: string;
  note?: string;
}

export type Answers = Record<string, Answer>;

/** Every status a value can have (docs/scoring.md, step 3); clients need a label for each. */
export const VALUE_STATUSES = [
  'critical', 'unknown-risk', 'sufficient', 'attention', 'insufficient',
  'strong', 'moderate', 'limited',
  'unscored',
] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

export type Profile = 'valuable' | 'promising-with-risks' | 'careful' | 'starting' | 'incomplete';

/**
 * Versions of the scoring model (docs/scoring.md). A submitted response keeps the version it was
 * scored with, so its report is recomputed by the same rules after the model changes.
 */
export type ScoringVersion = 1 | 2;
export const SCORING_VERSION: ScoringVersion = 2;
export const SCORING_VERSIONS: readonly ScoringVersion[] = [1, 2];

export const SCORING_DEFAULTS = { sufficient: 60, attention: 40, profileThreshold: 50 } as const;

/** Limits on what a respondent may type; the API schemas use the same numbers. */
export const LIMITS = { note: 4000, text: 10000 } as const;

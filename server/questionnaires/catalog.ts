// Loads the value catalogue, the instruments, the source list and every questionnaire from disk,
// validating each questionnaire with the JSON Schema (ajv) and the semantic rules in core/.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkQuestionnaireRules, type RuleContext, type RuleFault } from '../../core/questionnaire-rules.js';
import type { Dimension, Localized, Questionnaire, ValueDefinition } from '../../core/types.js';

export interface Instrument {
  id: string;
  name: Localized;
  description: Localized;
  kind: string;
  values: string[];
  areas: string[];
  url?: string;
}

export interface SourceDocument {
  id: string;
  /** 'policy': the research and policy documents the content rests on; 'law': cited by article or annex. */
  kind: 'policy' | 'law';
  title: Localized;
  url?: string;
}

export interface LoadedQuestionnaire {
  file: string;
  document: Questionnaire;
  /** SHA-256 of the canonical JSON; the key of its snapshot. */
  hash: string;
  canonical: string;
}

export interface Catalog {
  values: ValueDefinition[];
  instruments: Instrument[];
  sources: SourceDocument[];
  questionnaires: Map<string, LoadedQuestionnaire>;
  ruleContext: RuleContext;
  validate(document: unknown, label: string): QuestionnaireFault[];
}

/** Files in the questionnaires folder that are catalogues, not questionnaires. */
const CATALOGUE_FILES = new Set(['values.json', 'instruments.json', 'sources.json']);

export interface QuestionnaireFault extends RuleFault {
  file: string;
}

export class QuestionnaireError extends Error {
  constructor(readonly faults: QuestionnaireFault[]) {
    super(faults.map((f) => `${f.file}: ${f.pointer || '/'}: ${f.message}`).join('\n'));
    this.name = 'QuestionnaireError';
  }
}

/** JSON with object keys sorted, so the same document always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new QuestionnaireError([{ file: basename(path), pointer: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
}

function schemaFaults(errors: ErrorObject[] | null | undefined, file: string): QuestionnaireFault[] {
  const faults: QuestionnaireFault[] = [];
  for (const e of errors ?? []) {
    // if/then failures repeat what their inner errors already say.
    if (e.keyword === 'if') continue;
    let pointer = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      pointer = `${pointer}/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = 'is not a known field';
    } else if (e.keyword === 'required') {
      pointer = `${pointer}/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'not' && e.schemaPath.includes('allOf/0/then')) {
      message = 'a text question has no options and no values';
    }
    faults.push({ file, pointer, message });
  }
  return faults;
}

let compiled: ValidateFunction | undefined;
function schemaValidator(dir: string): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    compiled = ajv.compile(JSON.parse(readFileSync(join(dir, 'schema/questionnaire.schema.json'), 'utf8')));
  }
  return compiled;
}

export function loadCatalog(dir: string): Catalog {
  const values = (readJson(join(dir, 'values.json')) as { values: ValueDefinition[] }).values;
  const instruments = (readJson(join(dir, 'instruments.json')) as { instruments: Instrument[] }).instruments;
  const sources = (readJson(join(dir, 'sources.json')) as { documents: SourceDocument[] }).documents;
  const ruleContext: RuleContext = {
    values: new Map<string, Dimension>(values.map((v) => [v.id, v.dimension])),
    instruments: new Set(instruments.map((i) => i.id)),
  };
  const validateSchema = schemaValidator(dir);
  const sourceIds = new Set(sources.map((s) => s.id));

  const validate = (document: unknown, file: string): QuestionnaireFault[] => {
    if (!validateSchema(document)) return schemaFaults(validateSchema.errors, file);
    const q = document as Questionnaire;
    const faults: QuestionnaireFault[] = checkQuestionnaireRules(q, ruleContext).map((f) => ({ ...f, file }));
    q.sections.forEach((s, si) =>
      s.questions.forEach((question, qi) =>
        question.sources?.forEach((src, ri) => {
          if (!sourceIds.has(src.document)) {
            faults.push({ file, pointer: `/sections/${si}/questions/${qi}/sources/${ri}/document`, message: `unknown source document "${src.document}"` });
          }
        }),
      ),
    );
    return faults;
  };

  const questionnaires = new Map<string, LoadedQuestionnaire>();
  const faults: QuestionnaireFault[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !CATALOGUE_FILES.has(f)).sort();
  for (const file of files) {
    let document: unknown;
    try {
      document = readJson(join(dir, file));
    } catch (err) {
      if (err instanceof QuestionnaireError) {
        faults.push(...err.faults);
        continue;
      }
      throw err;
    }
    const found = validate(document, file);
    if (found.length) {
      faults.push(...found);
      continue;
    }
    const q = document as Questionnaire;
    const other = questionnaires.get(q.id);
    if (other) {
      faults.push({ file, pointer: '/id', message: `questionnaire id "${q.id}" is also used by ${other.file}` });
      continue;
    }
    const canonical = canonicalJson(q);
    questionnaires.set(q.id, { file, document: q, canonical, hash: sha256(canonical) });
  }
  if (faults.length) throw new QuestionnaireError(faults);
  return { values, instruments, sources, questionnaires, ruleContext, validate };
}

// What respondents are offered (docs/editor.md, "Serving versions"): per questionnaire id the published
// version with the highest number. Read from the database on every call, so a version published on one
// instance is served by all at once; the query reads only the index questionnaire_versions_served.
// Documents are parsed once per content hash and kept: a hash names one content for ever.
import type { Kysely } from 'kysely';
import { estimateQuickScan, quickScanQuestions } from '../../core/estimate.js';
import { compareVersions } from '../../core/questionnaire-diff.js';
import type { Questionnaire } from '../../core/types.js';
import type { Schema } from '../db/schema.js';
import { canonicalJson, type Catalog, type LoadedQuestionnaire } from '../questionnaires/catalog.js';
import { estimateMinutes } from '../questionnaires/estimate.js';
import { createVersionRepository } from '../repositories/questionnaire-versions.js';

export interface ServedQuestionnaire extends LoadedQuestionnaire {
  /** The figures of its card, computed once per content. */
  summary: { questionCount: number; estimatedMinutes: number; quickScan: { questionCount: number; estimatedMinutes: number } | null };
}

/** Parsed documents kept per process; far more than the published versions an installation serves at once. */
const CACHE_MAX = 64;

function summaryOf(q: Questionnaire): ServedQuestionnaire['summary'] {
  const scanCount = quickScanQuestions(q).length;
  return {
    questionCount: q.sections.reduce((n, s) => n + s.questions.length, 0),
    estimatedMinutes: estimateMinutes(q),
    quickScan: scanCount ? { questionCount: scanCount, estimatedMinutes: estimateQuickScan(q)! } : null,
  };
}

export function createServedQuestionnaires(deps: { db: Kysely<Schema>; catalog: Pick<Catalog, 'questionnaires'> }) {
  const versions = createVersionRepository(deps.db);
  const cache = new Map<string, ServedQuestionnaire>();
  const remember = (q: LoadedQuestionnaire) => {
    const served = { ...q, summary: summaryOf(q.document) };
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(q.hash, served);
    return served;
  };
  for (const q of deps.catalog.questionnaires.values()) remember(q);

  async function byHash(hash: string, label: string): Promise<ServedQuestionnaire | undefined> {
    const known = cache.get(hash);
    if (known) return known;
    const text = await versions.documentByHash(hash);
    if (text === undefined) return undefined;
    const document = JSON.parse(text) as Questionnaire;
    // The stored hash is of the canonical JSON (as the files' and the snapshots'), so the snapshot keeps this key.
    return remember({ file: label, document, canonical: canonicalJson(document), hash });
  }

  /** The highest published number per questionnaire id, in id order. */
  async function latest() {
    const best = new Map<string, { questionnaire_id: string; version: string; hash: string | null }>();
    for (const row of await versions.published()) {
      const seen = best.get(row.questionnaire_id);
      if (!seen || compareVersions(row.version, seen.version) > 0) best.set(row.questionnaire_id, row);
    }
    return best;
  }

  return {
    async all(): Promise<ServedQuestionnaire[]> {
      const list: ServedQuestionnaire[] = [];
      for (const row of (await latest()).values()) {
        const q = row.hash ? await byHash(row.hash, `${row.questionnaire_id}@${row.version}`) : undefined;
        if (q) list.push(q);
      }
      return list;
    },

    /** The version a new response of this questionnaire gets; undefined when none is published. */
    async get(questionnaireId: string): Promise<ServedQuestionnaire | undefined> {
      const row = (await latest()).get(questionnaireId);
      return row?.hash ? byHash(row.hash, `${row.questionnaire_id}@${row.version}`) : undefined;
    },
  };
}

export type ServedQuestionnaires = ReturnType<typeof createServedQuestionnaires>;

// The browser's side of the questionnaire editor's API (docs/editor.md): staff session, CSRF on writes.
import type { Questionnaire } from '../../../core/types.js';
import { ensureCsrf, staffRequest } from './staff.js';

export type VersionStatus = 'draft' | 'in_review' | 'published' | 'retired';
export interface Version {
  id: string; questionnaireId: string; area: string; version: string; status: VersionStatus; hash: string | null; revision: number;
  basedOn: string | null; createdBy: string | null; updatedAt: string; publishedAt: string | null; approvedBy: string | null; submittedBy: string | null;
}
export interface Fault { pointer: string; message: string }
export interface Change { kind: string; path: string; before: unknown; after: unknown; scoring: boolean }
export interface Diff {
  bump: 'major' | 'minor' | 'patch' | 'none';
  sections: { added: string[]; removed: string[] };
  questions: {
    added: Array<{ id: string; prompt: unknown }>; removed: Array<{ id: string; prompt: unknown }>;
    reworded: Array<{ id: string; before: unknown; after: unknown }>;
    changed: Array<{ id: string; prompt: unknown; changes: Change[] }>;
  };
  other: Change[];
}
export type Step = 'submit' | 'withdraw' | 'approve' | 'publish';

const write = async <T>(method: string, url: string, body?: unknown) => {
  await ensureCsrf();
  return staffRequest<T>(method, url, body);
};

export const editorApi = {
  versions: () => staffRequest<{ versions: Version[] }>('GET', '/api/editor/versions').then((r) => r.versions),
  version: (id: string) => staffRequest<{ version: Version; document: Questionnaire }>('GET', `/api/editor/versions/${id}`),
  create: (body: { from: string } | { questionnaireId: string; area?: string }) =>
    write<{ version: Version; document: Questionnaire }>('POST', '/api/editor/drafts', body),
  save: (id: string, document: Questionnaire, revision: number) =>
    write<{ version: Version; faults: Fault[] }>('PUT', `/api/editor/drafts/${id}`, { document, revision }),
  validate: (document: Questionnaire) => write<{ faults: Fault[] }>('POST', '/api/editor/validate', { document }),
  /** `revision` is the one the page shows; approve sends it, as an approval holds for that content only (409 version-changed otherwise). */
  step: (id: string, step: Step, revision: number) =>
    write<{ version: Version }>('POST', `/api/editor/drafts/${id}/${step}`, step === 'approve' ? { revision } : undefined),
  diff: (from: string, to: string) => staffRequest<Diff>('GET', `/api/editor/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  exportUrl: (id: string) => `/api/editor/versions/${id}/export`,
  markdownUrl: (id: string) => `/api/editor/versions/${id}/markdown`,
};

export interface CatalogueEntry { id: string; dimension?: 'goal' | 'precondition'; name: { nl: string; en: string } }
let catalogue: Promise<{ values: CatalogueEntry[]; instruments: CatalogueEntry[] }> | null = null;
/** The value and instrument catalogues (both languages), fetched once. */
export const editorCatalogue = () => (catalogue ??= staffRequest<{ values: CatalogueEntry[]; instruments: CatalogueEntry[] }>('GET', '/api/catalogue'));

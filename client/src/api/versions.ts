// A respondent's open response and newer published versions of its questionnaire (issue 17, part
// "serve"; docs/editor.md, "Serving versions").
import type { Localized } from '../../../core/types.js';
import { sendJson, type ResponseState } from './client.js';

export interface MovedQuestion { question: string; prompt: Localized | null; reason: string }
export interface MoveSummary { version: string; dryRun: boolean; dropped: MovedQuestion[]; changed: MovedQuestion[]; response?: ResponseState }

/** The newer version GET /api/responses/:id names, if any (only for an open response). */
export const newerVersionOf = (r: ResponseState): string | null =>
  (r as ResponseState & { newerVersion?: { version: string } | null }).newerVersion?.version ?? null;

/** A dry run, or the move itself, confirmed against what the dry run said (`seen`): the server refuses it if moving now would differ. */
export const moveResponse = (id: string, token: string, dryRun: boolean, seen?: MoveSummary) =>
  sendJson<MoveSummary>('POST', `/api/responses/${id}/move`, {
    dryRun, ...(seen ? { seen: { version: seen.version, dropped: seen.dropped.map((d) => d.question) } } : {}),
  }, { authorization: `Bearer ${token}` });

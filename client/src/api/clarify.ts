// The clarification loop's requests (issue 14, item 3): the assessor's (session) and the startup's (token).
import { ApiError, retryAfterMs, sendJson } from './client.js';
import { staffRequest } from './staff.js';

export type Verdict = 'accepted' | 'clarification' | 'evidence';
export interface FileInfo { id: string; name: string; contentType: string; size: number }
export interface Message {
  id: string;
  author: { kind: 'assessor' | 'startup'; id?: string | null; name?: string; email?: string };
  kind: 'clarification' | 'evidence' | null;
  text: string; links: string[]; file: FileInfo | null; revision: number | null; at: string;
}
export interface Thread { id: string; questionId: string; kind: 'clarification' | 'evidence'; state: 'open' | 'answered'; createdAt: string; updatedAt: string; messages: Message[] }
export interface RevisionScores { profile: string; goal: number | null; precondition: number | null; completeness: number; knockouts: number; values: Record<string, number | null> }
export interface AnswerValue { option?: string; options?: string[]; notApplicable?: true; text?: string; note?: string }
export interface Revision { number: number; at: string; threadId: string | null; changes: Array<{ question: string; from: AnswerValue | null; to: AnswerValue }>; scores: RevisionScores; before: RevisionScores | null }
export interface ClarificationView {
  canGiveVerdicts: boolean;
  verdicts: Array<{ questionId: string; verdict: Verdict; message: string; updatedAt: string; own: boolean; assessor: { id: string; name: string; email: string } }>;
  verdictsHidden: number;
  threads: Thread[];
  revisions: Revision[];
  /** Per corrected question, its options' labels by option id. */
  optionLabels: Record<string, Record<string, { nl: string; en: string }>>;
}
export interface StartupRequests { programme: { name: string } | null; open: number; threads: Thread[] }

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const clarifyApi = {
  view: (submissionId: string) => staffRequest<ClarificationView>('GET', `/api/submissions/${submissionId}/clarifications`),
  setVerdict: (submissionId: string, questionId: string, verdict: Verdict, message: string) =>
    staffRequest<{ threadId: string | null }>('PUT', `/api/submissions/${submissionId}/verdicts/${questionId}`, { verdict, message }),
  staffFileUrl: (submissionId: string, fileId: string) => `/api/submissions/${submissionId}/files/${fileId}`,

  requests: (id: string, token: string) => sendJson<StartupRequests>('GET', `/api/responses/${id}/clarifications`, undefined, bearer(token)),
  answer: (id: string, token: string, threadId: string, body: { text: string; links?: string[]; fileId?: string; correction?: AnswerValue }) =>
    sendJson<{ revision: number | null }>('POST', `/api/responses/${id}/clarifications/${threadId}/answer`, body, bearer(token)),
  /** The raw file as the body; the server decides its type by its content. */
  async upload(id: string, token: string, threadId: string, file: File): Promise<FileInfo> {
    let res: Response;
    try {
      res = await fetch(`/api/responses/${id}/clarifications/${threadId}/files`, {
        method: 'POST', body: file, credentials: 'same-origin',
        headers: { ...bearer(token), accept: 'application/json', 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
      });
    } catch {
      throw new ApiError(0, 'network');
    }
    const data = await res.json().catch(() => ({ message: res.statusText }));
    if (!res.ok) throw new ApiError(res.status, data.message ?? res.statusText, typeof data.code === 'string' ? data.code : undefined, retryAfterMs(res.headers.get('retry-after')));
    return data as FileInfo;
  },
  /** A download needs the token in a header, so it is fetched and handed to the browser as a file. */
  async download(id: string, token: string, file: FileInfo): Promise<void> {
    const res = await fetch(`/api/responses/${id}/files/${file.id}`, { headers: bearer(token) });
    if (!res.ok) throw new ApiError(res.status, res.statusText);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = file.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

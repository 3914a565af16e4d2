// The browser's side of the cohort, integration settings and embed API.
import { ensureCsrf, staffRequest } from './staff.js';


export interface Distribution { n: number; median: number | null; q1: number | null; q3: number | null; iqr: number | null }
export interface CohortGroup { id: string; n: number; suppressed: boolean; distribution: Distribution | null; statuses: Record<string, number> | null }
export interface Cohort {
  programme: { id: string; name: string };
  area: string | null;
  threshold: number;
  teams: number;
  submissions: number;
  suppressed: boolean;
  /** Why no figure is shown: no area of this group has had its first k teams share yet. */
  reason: 'cohort-group-too-small' | null;
  /** What the figures describe: they move in steps of at least k teams per area. */
  released: { teams: number; submissions: number; at: string | null; pending: number };
  profiles: Record<string, number> | null;
  dimensions: CohortGroup[];
  values: Array<CohortGroup & { dimension: string }>;
  knockouts: Array<{ question: string; option: string; count: number; questionText?: { nl: string; en: string }; optionLabel?: { nl: string; en: string } }> | null;
  progress: { teams: number; suppressed: boolean; goal: (Distribution & { improved: number; unchanged: number; declined: number }) | null; precondition: (Distribution & { improved: number; unchanged: number; declined: number }) | null };
  teamList: Array<{ id: string; name: string; attempts: number; latestAt: string; reviewStatus: string | null }>;
  /** Issue 16: per area the cohort's and the peer pool's medians, under the pool threshold. */
  peers: Array<{ area: string; majorVersion: number; available: boolean; size: number | null; needed: number; dimensions: Array<{ id: string; cohort: number | null; pool: number | null }> }>;
  /** Issue 16: plan progress over the latest released attempts, per value from k teams with an action. */
  plans: { teams: number; values: Array<{ id: string; suppressed: boolean; adopted: number | null; done: number | null; overdue: number | null }> };
}
export interface Team {
  id: string; name: string;
  attempts: Array<{ id: string; attempt: number; area: string; submittedAt: string; profile: string | null; goal: number | null; precondition: number | null; values: Record<string, { score: number | null; status: string }> }>;
  change: { goal: number | null; precondition: number | null; values: Record<string, number | null> } | null;
}
/** Who created a key or webhook; they work only while that person manages the programme (creatorHasAccess). */
export interface Creator { createdBy: { id: string; email: string; name: string } | null; creatorHasAccess: boolean }
export interface ApiKey extends Creator { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }
export interface Webhook extends Creator { id: string; url: string; events: string[]; createdAt: string; revokedAt: string | null }
export interface Delivery { id: string; event: string; state: 'pending' | 'delivered' | 'failed'; attempts: number; nextAttemptAt: string | null; lastStatus: number | null; lastError: string | null; reason: DeliveryReason | null; createdAt: string; deliveredAt: string | null }
/** Why a delivery is where it is (the server's stable code; lastError is its English log line). */
export type DeliveryReason = 'http-status' | 'unreachable' | 'webhook-removed' | 'creator-lost-access' | 'withdrawn' | 'other';
export interface EmbedSettings { origins: string[]; embedPath: string; scriptPath: string }
export interface EmbedInfo { code: string; name: string; open: boolean; origins: string[]; questionnaires: Array<{ id: string; area: string; title: { nl: string; en: string } }> }

async function send<T>(method: string, url: string, body?: unknown): Promise<T> {
  if (method !== 'GET') await ensureCsrf();
  return staffRequest<T>(method, url, body);
}
const get = <T>(url: string) => send<T>('GET', url);

const base = (id: string) => `/api/programmes/${encodeURIComponent(id)}`;

export const integrationApi = {
  cohort: (id: string, area?: string) => get<Cohort>(`${base(id)}/cohort${area ? `?area=${encodeURIComponent(area)}` : ''}`),
  team: (id: string, teamId: string) => get<Team>(`${base(id)}/cohort/teams/${encodeURIComponent(teamId)}`),
  apiKeys: (id: string) => get<ApiKey[]>(`${base(id)}/api-keys`),
  createApiKey: (id: string, name: string) => send<ApiKey & { key: string }>('POST', `${base(id)}/api-keys`, { name }),
  revokeApiKey: (id: string, keyId: string) => send<void>('DELETE', `${base(id)}/api-keys/${keyId}`),
  webhooks: (id: string) => get<Webhook[]>(`${base(id)}/webhooks`),
  createWebhook: (id: string, url: string, events: string[]) => send<Webhook & { secret: string }>('POST', `${base(id)}/webhooks`, { url, events }),
  removeWebhook: (id: string, webhookId: string) => send<void>('DELETE', `${base(id)}/webhooks/${webhookId}`),
  deliveries: (id: string, webhookId: string) => get<Delivery[]>(`${base(id)}/webhooks/${webhookId}/deliveries`),
  embed: (id: string) => get<EmbedSettings>(`${base(id)}/embed`),
  setEmbed: (id: string, origins: string[]) => send<EmbedSettings>('PUT', `${base(id)}/embed`, { origins }),
  embedInfo: (code: string) => get<EmbedInfo>(`/api/embed/${encodeURIComponent(code)}`),
};

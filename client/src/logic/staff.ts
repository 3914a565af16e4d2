// Logic of the staff and join screens, without JSX, so it can be tested on its own.
import type { Locale } from '../../../core/types.js';
import type { ReviewStatus } from '../api/staff.js';

export interface ListState {
  q: string;
  area: string;
  status: '' | ReviewStatus;
  knockouts: '' | 'yes' | 'no';
  sort: 'shared' | 'name' | 'goal' | 'precondition' | 'completeness' | 'knockouts' | 'status' | 'area';
  dir: 'asc' | 'desc';
  page: number;
  /** One row per team (its latest shared attempt) or every shared attempt. */
  attempts: 'latest' | 'all';
  /** Only this team's shared attempts ('' for all teams). */
  team: string;
}

export const PAGE_SIZE = 25;
export const initialList: ListState = { q: '', area: '', status: '', knockouts: '', sort: 'shared', dir: 'desc', page: 0, attempts: 'latest', team: '' };

/** The filters that are set (search, area, status, knock-outs, team or all attempts), shared by the API query and the page address. */
export function filterParams(s: ListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q.trim().slice(0, 100));
  if (s.area) p.set('area', s.area);
  if (s.status) p.set('status', s.status);
  if (s.knockouts) p.set('knockouts', s.knockouts);
  if (s.team) p.set('team', s.team);
  else if (s.attempts === 'all') p.set('attempts', 'all');
  return p;
}

/** The dashboard's query string; empty filters are left out. */
export function submissionQuery(s: ListState, pageSize = PAGE_SIZE): string {
  const p = filterParams(s);
  p.set('sort', s.sort);
  p.set('dir', s.dir);
  p.set('limit', String(pageSize));
  if (s.page > 0) p.set('offset', String(s.page * pageSize));
  return `?${p.toString()}`;
}

/** Clicking a column: the same column flips direction, another starts with its natural one. */
export function toggleSort(s: ListState, sort: ListState['sort']): ListState {
  if (s.sort === sort) return { ...s, dir: s.dir === 'asc' ? 'desc' : 'asc', page: 0 };
  return { ...s, sort, dir: sort === 'name' || sort === 'area' ? 'asc' : 'desc', page: 0 };
}

export const pageCount = (total: number, pageSize = PAGE_SIZE) => Math.max(1, Math.ceil(total / pageSize));

/** Assessor minus self-score, one decimal; null when either is missing. */
export function scoreDifference(self: number | null | undefined, assessor: number | null | undefined): number | null {
  if (self === null || self === undefined || assessor === null || assessor === undefined) return null;
  return Math.round((assessor - self) * 10) / 10;
}

export function formatScore(n: number | null | undefined, locale: Locale): string {
  if (n === null || n === undefined) return '–';
  return new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
}

export function formatSigned(n: number | null, locale: Locale): string {
  if (n === null) return '–';
  const s = formatScore(Math.abs(n), locale);
  return n > 0 ? `+${s}` : n < 0 ? `−${s}` : s;
}

export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The statuses a submission may move to next, as the server allows. */
export function nextStatuses(from: ReviewStatus): ReviewStatus[] {
  return { submitted: ['in_review'], in_review: ['reviewed', 'submitted'], reviewed: ['in_review'] }[from] as ReviewStatus[];
}

/** "#<token>" of a set-password link. */
export function parseSetPasswordFragment(hash: string): string | null {
  const m = /^#?([A-Za-z0-9_-]{43})$/.exec(hash.trim());
  return m ? m[1] : null;
}

export const normalizeJoinCode = (input: string) => input.toUpperCase().replace(/[\s-]/g, '');

/** A deadline from a date-time-local field (local time) as ISO, or null when empty. */
export function deadlineFromInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An ISO deadline as a date-time-local field's value, in local time. */
export function deadlineToInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

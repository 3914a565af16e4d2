// The submissions list's state in the page's own address (staff #13), so filters, sort, search and page
// survive Back and can be bookmarked or sent. Anything unknown in the address falls back to the default.
import { filterParams, initialList, type ListState } from './staff.js';

const SORTS: ReadonlyArray<ListState['sort']> = ['shared', 'name', 'goal', 'precondition', 'completeness', 'knockouts', 'status', 'area'];
const STATUSES: ReadonlyArray<ListState['status']> = ['submitted', 'in_review', 'reviewed'];
const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

export function listFromUrl(search: string): ListState {
  const p = new URLSearchParams(search);
  const sort = pick(p.get('sort'), SORTS, initialList.sort);
  const page = Number(p.get('page') ?? '1');
  return {
    q: (p.get('q') ?? '').slice(0, 100),
    area: /^[a-z0-9-]{1,40}$/.test(p.get('area') ?? '') ? p.get('area')! : '',
    status: pick(p.get('status'), STATUSES, ''),
    knockouts: pick(p.get('knockouts'), ['yes', 'no'] as const, ''),
    sort,
    dir: pick(p.get('dir'), ['asc', 'desc'] as const, sort === 'name' || sort === 'area' ? 'asc' : 'desc'),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page - 1 : 0,
    attempts: p.get('attempts') === 'all' ? 'all' : 'latest',
    team: /^[A-Za-z0-9_-]{22}$/.test(p.get('team') ?? '') ? p.get('team')! : '',
  };
}

/** The page address's query for a state: defaults left out, the page counted from 1 as people read it. */
export function listToUrl(s: ListState): string {
  const p = filterParams(s);
  if (s.sort !== initialList.sort || s.dir !== initialList.dir) {
    p.set('sort', s.sort);
    p.set('dir', s.dir);
  }
  if (s.page > 0) p.set('page', String(s.page + 1));
  const q = p.toString();
  return q ? `?${q}` : '';
}

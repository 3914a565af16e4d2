// The attempts part's pure logic: the list's state in the page address (staff #13) and the folded
// search key (staff #14).
import { describe, expect, it } from 'vitest';
import { searchKey } from '../../core/search-key.js';
import { listFromUrl, listToUrl } from '../../client/src/logic/list-url.js';
import { initialList, submissionQuery } from '../../client/src/logic/staff.js';

describe('list state in the address', () => {
  it('staff #13: filters, sort, search, attempts and page go into the address and come back the same', () => {
    const state = { ...initialList, q: 'Ümlaut & co', area: 'ai', status: 'in_review' as const, knockouts: 'yes' as const, sort: 'precondition' as const, dir: 'asc' as const, page: 2, attempts: 'all' as const };
    const url = listToUrl(state);
    expect(url).toBe('?q=%C3%9Cmlaut+%26+co&area=ai&status=in_review&knockouts=yes&attempts=all&sort=precondition&dir=asc&page=3');
    expect(listFromUrl(url)).toEqual(state);
    expect(listToUrl(initialList)).toBe('');
    expect(listFromUrl('')).toEqual(initialList);
  });

  it('staff #13: anything odd in the address falls back to the default', () => {
    expect(listFromUrl('?sort=evil&dir=up&status=gone&page=-4&area=%27%3B&team=short&attempts=x&q=' + 'a'.repeat(300)))
      .toEqual({ ...initialList, q: 'a'.repeat(100) });
  });

  it('item 1: the API query asks for every attempt or one team only when chosen', () => {
    expect(submissionQuery(initialList)).toBe('?sort=shared&dir=desc&limit=25');
    expect(submissionQuery({ ...initialList, attempts: 'all' })).toContain('attempts=all');
    const team = 'A'.repeat(22);
    expect(submissionQuery({ ...initialList, attempts: 'all', team })).toBe(`?team=${team}&sort=shared&dir=desc&limit=25`);
  });
});

describe('search key', () => {
  it('staff #14: ignores accents, case and compatibility forms', () => {
    expect(searchKey('Kwantum Krypto Ümlaut')).toBe('kwantum krypto umlaut');
    expect(searchKey('ÇA VA Ærø ﬁnance')).toBe('ca va ærø finance');
    expect(searchKey('100%_x')).toBe('100%_x');
  });
});

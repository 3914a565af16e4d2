import { describe, expect, it } from 'vitest';
import {
  deadlineFromInput, deadlineToInput, formatScore, formatSigned, initialList, nextStatuses, normalizeJoinCode, pageCount,
  parseSetPasswordFragment, scoreDifference, submissionQuery, toggleSort,
} from '../../client/src/logic/staff.js';
import { JOIN_CODE_PATTERN, newJoinCode, normalizeJoinCode as serverNormalize } from '../../server/auth/tokens.js';

describe('staff screen logic', () => {
  it('builds the dashboard query, leaving empty filters out and paging by offset', () => {
    expect(submissionQuery(initialList)).toBe('?sort=shared&dir=desc&limit=25');
    expect(submissionQuery({ ...initialList, q: '  Acme & co ', area: 'ai', status: 'in_review', knockouts: 'yes', page: 2 }))
      .toBe('?q=Acme+%26+co&area=ai&status=in_review&knockouts=yes&sort=shared&dir=desc&limit=25&offset=50');
    expect(pageCount(0)).toBe(1);
    expect(pageCount(25)).toBe(1);
    expect(pageCount(26)).toBe(2);
  });

  it('flips the direction on the same column and starts names ascending, scores descending', () => {
    const byName = toggleSort({ ...initialList, page: 3 }, 'name');
    expect(byName).toMatchObject({ sort: 'name', dir: 'asc', page: 0 });
    expect(toggleSort(byName, 'name').dir).toBe('desc');
    expect(toggleSort(byName, 'goal')).toMatchObject({ sort: 'goal', dir: 'desc' });
  });

  it('shows the difference between assessor and self-score, signed, in the locale', () => {
    expect(scoreDifference(62.5, 40)).toBe(-22.5);
    expect(scoreDifference(null, 40)).toBeNull();
    expect(scoreDifference(50, null)).toBeNull();
    expect(formatSigned(-22.5, 'nl')).toBe('−22,5');
    expect(formatSigned(7, 'en')).toBe('+7');
    expect(formatSigned(0, 'en')).toBe('0');
    expect(formatScore(null, 'nl')).toBe('–');
    expect(formatScore(1234.5, 'nl')).toBe('1.234,5');
  });

  it('allows the same status steps as the server', () => {
    expect(nextStatuses('submitted')).toEqual(['in_review']);
    expect(nextStatuses('in_review')).toEqual(['reviewed', 'submitted']);
    expect(nextStatuses('reviewed')).toEqual(['in_review']);
  });

  it('reads set-password fragments and join codes as people type them', () => {
    const token = 'a'.repeat(43);
    expect(parseSetPasswordFragment(`#${token}`)).toBe(token);
    expect(parseSetPasswordFragment('#short')).toBeNull();
    for (let i = 0; i < 20; i++) {
      const code = newJoinCode();
      expect(code).toMatch(new RegExp(JOIN_CODE_PATTERN));
      const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `;
      expect(normalizeJoinCode(typed).trim()).toBe(code);
      expect(serverNormalize(typed)).toBe(code);
    }
  });

  it('round-trips a deadline through the date-time field in local time', () => {
    expect(deadlineFromInput('')).toBeNull();
    const iso = deadlineFromInput('2026-06-30T17:00')!;
    expect(deadlineToInput(iso)).toBe('2026-06-30T17:00');
    expect(deadlineToInput(null)).toBe('');
  });
});

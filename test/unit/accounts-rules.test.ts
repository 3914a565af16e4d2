// Issue 14, accounts and programmes: the pure rules behind staff walkthrough #8, #10, #23 and #25.
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../client/src/i18n/i18n.js';
import { areaLabel, areaList } from '../../client/src/logic/areas.js';
import { canRemoveSubmission, canReissueInvitation, type Auth } from '../../server/auth/permissions.js';
import { localOnlyWarning } from '../../server/cli/create-admin.js';
import { deadlineRefused, settingsChangeRefused } from '../../server/services/programme-rules.js';

afterEach(() => {
  locale.value = 'nl';
});
const now = new Date('2026-11-30T12:00:00.000Z');
const auth = (role: Auth['role'], ...programmeIds: string[]): Auth => ({ userId: 'u', role, programmeIds: new Set(programmeIds) });

describe('staff #23: programme rules', () => {
  it('staff #23: a new deadline in the past is refused unless allowed; an unchanged or cleared one is not', () => {
    expect(deadlineRefused('2026-11-29T12:00:00.000Z', null, false, now)).toBe(true);
    expect(deadlineRefused('2026-11-29T12:00:00.000Z', null, true, now)).toBe(false);
    expect(deadlineRefused('2026-11-29T12:00:00.000Z', '2026-11-29T12:00:00Z', false, now)).toBe(false);
    expect(deadlineRefused('2026-12-01T12:00:00.000Z', null, false, now)).toBe(false);
    expect(deadlineRefused(null, '2026-11-29T12:00:00.000Z', false, now)).toBe(false);
  });
  it('staff #23: areas and kind are fixed once there are submissions; the same set in another order is no change', () => {
    const p = { kind: 'subsidy' as const, areas: '["ai","xr"]' };
    expect(settingsChangeRefused(p, { kind: 'cohort' }, 0)).toBe(false);
    expect(settingsChangeRefused(p, { kind: 'cohort' }, 1)).toBe(true);
    expect(settingsChangeRefused(p, { areas: ['ai'] }, 1)).toBe(true);
    expect(settingsChangeRefused(p, { areas: ['xr', 'ai'], kind: 'subsidy' }, 5)).toBe(false);
  });
  it('staff #23: managers and admins remove submissions of their programmes; assessors do not', () => {
    expect(canRemoveSubmission(auth('manager', 'p'), 'p')).toBe(true);
    expect(canRemoveSubmission(auth('manager', 'q'), 'p')).toBe(false);
    expect(canRemoveSubmission(auth('assessor', 'p'), 'p')).toBe(false);
    expect(canRemoveSubmission(auth('admin'), 'p')).toBe(true);
  });
});

describe('staff #10: re-issuing invitations', () => {
  it('staff #10: managers re-issue for assessors of their own programmes only', () => {
    expect(canReissueInvitation(auth('manager', 'p'), 'p', { role: 'assessor' })).toBe(true);
    expect(canReissueInvitation(auth('manager', 'p'), 'p', { role: 'manager' })).toBe(false);
    expect(canReissueInvitation(auth('manager', 'q'), 'p', { role: 'assessor' })).toBe(false);
    expect(canReissueInvitation(auth('assessor', 'p'), 'p', { role: 'assessor' })).toBe(false);
    expect(canReissueInvitation(auth('admin'), 'p', { role: 'manager' })).toBe(true);
  });
});

describe('staff #8: create-admin on a local PUBLIC_URL', () => {
  it('staff #8: warns for local addresses only', () => {
    expect(localOnlyWarning('http://localhost:3000')).toMatch(/only on this machine.*port 3000/);
    expect(localOnlyWarning('http://127.0.0.1')).toMatch(/port 80/);
    expect(localOnlyWarning('https://toets.example.org')).toBeNull();
  });
});

describe('staff #25: area names', () => {
  it('staff #25: one short name per area in both languages, never the raw id', () => {
    expect(areaList(['ai', 'quantum', 'xr'])).toBe('AI, Quantumtechnologie, Immersieve technologie (XR)');
    locale.value = 'en';
    expect(areaList(['ai', 'quantum', 'xr'])).toBe('AI, Quantum technology, Immersive technology (XR)');
    expect(areaLabel('bio')).toBe('BIO');
  });
});

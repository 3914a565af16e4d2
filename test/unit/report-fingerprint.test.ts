// The report builder's fingerprint (server/attest/report-fingerprint.ts): the same for the same code and
// catalogue on every instance, different as soon as a report would say something else.
import { describe, expect, it } from 'vitest';
import { reportFingerprint } from '../../server/attest/report-fingerprint.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { composeReport } from '../../server/report/report-service.js';
import { QUESTIONNAIRES } from '../helpers/app.js';

const catalog = loadCatalog(QUESTIONNAIRES);
const base = reportFingerprint(catalog);

describe('reportFingerprint', () => {
  it('is a SHA-256 that depends on nothing but the code and the catalogue', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(reportFingerprint(loadCatalog(QUESTIONNAIRES))).toBe(base);
    expect(reportFingerprint(catalog, (input) => composeReport(input))).toBe(base);
  });

  it('changes with a builder that adds a field, changes a word or rounds differently', () => {
    expect(reportFingerprint(catalog, (input) => ({ ...composeReport(input), added: true }))).not.toBe(base);
    expect(reportFingerprint(catalog, (input) => {
      const r = composeReport(input);
      return { ...r, actions: r.actions.map((a, i) => (i === 0 ? { ...a, text: `${a.text}!` } : a)) };
    })).not.toBe(base);
    expect(reportFingerprint(catalog, (input) => {
      const r = composeReport(input);
      return { ...r, dimensions: { ...r.dimensions, goal: { ...r.dimensions.goal, score: r.dimensions.goal.score === null ? null : Math.round(r.dimensions.goal.score) } } };
    })).not.toBe(base);
  });

  it('changes with a builder that differs only under scoring version 1, or only in English, or only in the earlier attempts', () => {
    expect(reportFingerprint(catalog, (input) => ({ ...composeReport(input), ...(input.scoringVersion === 1 ? { v1: true } : {}) }))).not.toBe(base);
    expect(reportFingerprint(catalog, (input) => ({ ...composeReport(input), ...(input.locale === 'en' ? { en: true } : {}) }))).not.toBe(base);
    expect(reportFingerprint(catalog, (input) => {
      const r = composeReport(input);
      return { ...r, history: r.history.map((h) => ({ ...h, extra: 1 })) };
    })).not.toBe(base);
  });

  it('changes with a builder that differs only in knock-outs, unknown risks, n.v.t. answers, multiple-choice labels or notes', () => {
    const changed = (edit: (r: ReturnType<typeof composeReport>) => ReturnType<typeof composeReport>) => reportFingerprint(catalog, (input) => edit(composeReport(input)));
    expect(changed((r) => ({ ...r, knockouts: r.knockouts.map((k) => ({ ...k, message: `${k.message}.` })) }))).not.toBe(base);
    expect(changed((r) => ({ ...r, unknownRisks: r.unknownRisks.map((k) => ({ ...k, message: `${k.message}.` })) }))).not.toBe(base);
    expect(changed((r) => ({ ...r, answers: r.answers.map((a) => (a.notApplicable ? { ...a, answer: 'n.v.t.' } : a)) }))).not.toBe(base);
    expect(changed((r) => ({ ...r, answers: r.answers.map((a) => ({ ...a, answer: a.answer?.replaceAll('; ', ', ') ?? null })) }))).not.toBe(base);
    expect(changed((r) => ({ ...r, answers: r.answers.map((a) => (a.note && a.values.length ? { ...a, note: a.note.trim() + ' ' } : a)) }))).not.toBe(base);
  });

  it('changes with the catalogue: an instrument\'s words', () => {
    const [first, ...rest] = catalog.instruments;
    expect(reportFingerprint({ ...catalog, instruments: [{ ...first, description: { nl: 'anders', en: 'different' } }, ...rest] })).not.toBe(base);
  });
});

// Small pure pieces behind issue 13's report fixes: citations a reader can follow, Dutch number
// notation, and the share token read from the address for the link's whole life.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { locale } from '../../client/src/i18n/i18n.js';
import { formatPercent } from '../../client/src/components/Charts/format.js';
import { citation, type SourceDocumentInfo } from '../../client/src/logic/sources.js';
import { shareTokenOf } from '../../client/src/pages/Shared/SharedPage.js';
import { ROOT } from '../helpers/app.js';

afterEach(() => {
  locale.value = 'nl';
});

const documents = JSON.parse(readFileSync(join(ROOT, 'questionnaires/sources.json'), 'utf8')).documents as Array<SourceDocumentInfo & { id: string }>;
const byId = new Map(documents.map((d) => [d.id, d]));

describe('source citations (D13)', () => {
  const policy = { document: '000', lines: '638-648', section: { nl: 'Appendix: detailanalyses kunstmatige intelligentie (p. 38 e.v.)', en: 'Appendix: detailed analysis of artificial intelligence (p. 38 ff.)' }, topic: { nl: 'Wat AI is', en: 'What AI is' } };

  it('names document and section as published, never line numbers, in both languages', () => {
    const nl = citation(policy, byId.get('000'), 'nl');
    expect(nl).toEqual({ title: 'Actieagenda verantwoord digitaliseren (Birch, voor BZK, december 2025)', where: 'Appendix: detailanalyses kunstmatige intelligentie (p. 38 e.v.)', url: null, topic: 'Wat AI is' });
    const en = citation(policy, byId.get('000'), 'en');
    expect(en.where).toBe('Appendix: detailed analysis of artificial intelligence (p. 38 ff.)');
    for (const c of [nl, en]) expect(JSON.stringify(c)).not.toMatch(/638|\br\. /);
  });

  it('cites a law by article or annex, with its official address', () => {
    expect(citation({ document: 'ai-act', article: '5(1)(f)', topic: { nl: 'Emotieherkenning', en: 'Emotion recognition' } }, byId.get('ai-act'), 'nl'))
      .toEqual({ title: byId.get('ai-act')!.title.nl, where: 'artikel 5(1)(f)', url: 'https://eur-lex.europa.eu/eli/reg/2024/1689/oj', topic: 'Emotieherkenning' });
    expect(citation({ document: 'ai-act', annex: 'III', topic: { nl: 'x', en: 'y' } }, byId.get('ai-act'), 'en')).toMatchObject({ where: 'Annex III', topic: 'y' });
  });

  it('never shows the raw document id while titles are still loading', () => {
    expect(citation(policy, undefined, 'nl')).toMatchObject({ title: null, where: 'Appendix: detailanalyses kunstmatige intelligentie (p. 38 e.v.)' });
  });

  it('every source in the questionnaires can be cited with a title and a place', () => {
    for (const area of ['ai', 'xr', 'quantum']) {
      const q = JSON.parse(readFileSync(join(ROOT, `questionnaires/${area}.json`), 'utf8'));
      for (const question of q.sections.flatMap((s: any) => s.questions)) {
        for (const src of question.sources ?? []) {
          for (const lang of ['nl', 'en'] as const) {
            const c = citation(src, byId.get(src.document), lang);
            expect(c.title, `${area} ${question.id}`).toBeTruthy();
            expect(c.where, `${area} ${question.id} ${src.document}`).toBeTruthy();
          }
        }
      }
    }
  });
});

describe('Dutch decimal comma (D10)', () => {
  it('writes the completeness percentage as the reader writes numbers', () => {
    expect(formatPercent(0.23333)).toBe('23,3');
    locale.value = 'en';
    expect(formatPercent(0.23333)).toBe('23.3');
    expect(formatPercent(1)).toBe('100');
  });
});

describe('shared report address (D1)', () => {
  it('reads the token from the fragment every time, so a reload finds it again', () => {
    const token = 'a'.repeat(43);
    expect(shareTokenOf(`#${token}`)).toBe(token);
    expect(shareTokenOf(`#${token}`)).toBe(token);
    expect(shareTokenOf('')).toBeNull();
    expect(shareTokenOf('#short')).toBeNull();
  });
});

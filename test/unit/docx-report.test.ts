// The report as DOCX (issue 15 item 7), checked in its XML: real headings, real tables with header
// rows, the action list in order, every value with its score, answers and notes per section, images
// with alt text, the verification block, the document's language, and both languages' words.
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { contextAnswers } from '../../core/report-context.js';
import { allQuestions } from '../../core/visibility.js';
import type { Answers, Locale, Questionnaire } from '../../core/types.js';
import { buildReport } from '../../server/report/build-report.js';
import type { StoredReport } from '../../server/report/report-service.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { answerSectionsOf, reportDocx } from '../../server/export/docx/document.js';
import { groupedCode } from '../../server/export/docx/verification.js';
import { dialectFor, formatNumber } from '../../server/export/csv.js';
import { QUESTIONNAIRES } from '../helpers/app.js';
import { openDocx, paragraphs, tables, textOf } from '../helpers/docx.js';

const catalog = loadCatalog(QUESTIONNAIRES);
const q: Questionnaire = catalog.questionnaires.get('ai')!.document;

/** Answers that give knock-outs, unknown risks and improvements: the option with the flag where one has it, else a middling one. */
function mixedAnswers(): Answers {
  const answers: Answers = {};
  let knockouts = 0;
  let unknown = 0;
  for (const question of allQuestions(q)) {
    const options = question.options ?? [];
    if (question.type === 'text') answers[question.id] = { text: 'Vrije tekst' };
    else {
      const ko = options.find((o) => o.knockout);
      const ur = options.find((o) => o.unknownRisk);
      const pick = ko && knockouts < 1 ? (knockouts++, ko) : ur && unknown < 1 ? (unknown++, ur) : options[Math.min(1, options.length - 1)];
      answers[question.id] = question.type === 'multi' ? { options: [pick.id] } : { option: pick.id };
    }
  }
  return answers;
}

function storedReport(locale: Locale, options: { notes?: Record<string, string>; submitted?: boolean; companyName?: string | null; history?: boolean } = {}): StoredReport {
  const answers = mixedAnswers();
  for (const [id, note] of Object.entries(options.notes ?? {})) answers[id] = { ...answers[id], note };
  const earlier = options.history
    ? [{ id: 'earlier-1', submittedAt: '2026-01-10T10:00:00.000Z', questionnaire: q, answers: Object.fromEntries(Object.entries(answers).slice(0, 10)) }]
    : [];
  const report = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale, earlier });
  const submitted = options.submitted ?? true;
  return {
    response: {
      id: 'r'.repeat(22), status: submitted ? 'submitted' : 'open', submittedAt: submitted ? '2026-03-12T09:30:00.000Z' : null,
      updatedAt: '2026-03-12T09:30:00.000Z', companyName: options.companyName === undefined ? 'Fairhire AI' : options.companyName,
    },
    ...report,
  } as StoredReport;
}

/** The document from the answers' heading on (the summary's knock-out table has the same columns). */
const answersPart = (xml: string) => xml.slice(xml.indexOf('Je antwoorden en toelichtingen'));

const VERIFICATION = {
  code: 'ABCD2345WXYZ',
  link: 'https://zelftoets.example/verify#a=eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
  shortLink: 'https://zelftoets.example/verify#c=ABCD2345WXYZ',
};

describe('the report as DOCX', () => {
  it('has a cover, real headings and tables with header rows, the actions in order and every value with its score', async () => {
    const report = storedReport('nl', { notes: { [allQuestions(q)[1].id]: 'Eerste regel\nTweede regel' } });
    const docx = await reportDocx({ report, locale: 'nl', verification: VERIFICATION, sections: answerSectionsOf(q, 'nl') });
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const { document, xml, parts } = openDocx(docx);
    const ps = paragraphs(document);
    // A heading's text may also stand in a table cell (a dimension's name): the styled paragraph counts.
    const styleOf = (text: string) => ps.find((p) => p.text === text && p.style)?.style;

    // Cover, then the sections as Heading1 and their parts as Heading2.
    expect(ps[0]).toEqual({ style: 'Title', text: 'Rapport publieke waarden' });
    expect(ps.some((p) => p.text === 'Voor Fairhire AI')).toBe(true);
    expect(ps.some((p) => p.text === 'Datum: 12 maart 2026')).toBe(true);
    for (const h of ['Samenvatting', 'Wat je nu moet doen', 'In beeld', 'Per publieke waarde', 'Je antwoorden en toelichtingen']) expect(styleOf(h), h).toBe('Heading1');
    for (const h of ['Verificatie', 'Geschonden randvoorwaarden', 'Onbekende risico’s', 'Streefdoelen', 'Randvoorwaarden', 'Score per publieke waarde']) expect(styleOf(h), h).toBe('Heading2');
    expect(xml('word/styles.xml')).toMatch(/<w:style w:type="paragraph" w:styleId="Heading1">/);

    // Tables are real tables, every one with a repeating header row.
    const all = tables(document);
    expect(all.length).toBeGreaterThan(10);
    expect(all.every((t) => t.header)).toBe(true);

    // The action list in the report's order, each with its priority, answer and step.
    const actionHeadings = ps.filter((p) => p.style === 'Heading2' && /^\d+\. /.test(p.text)).map((p) => p.text);
    expect(actionHeadings).toEqual(report.actions.map((a, i) => `${i + 1}. ${a.prompt}`));
    expect(report.actions.length).toBeGreaterThan(3);
    expect(report.actions[0].kind).toBe('knockout');
    const nl = (n: number) => formatNumber(n, 1, dialectFor('nl'));
    const first = ps.findIndex((p) => p.text === actionHeadings[0]);
    // The priority as the API gives it, to three decimals (docs/scoring.md "Numbers").
    expect(ps[first + 1].text).toBe(`Geschonden randvoorwaarde · Prioriteit ${formatNumber(report.actions[0].priority, 3, dialectFor('nl'))}`);
    expect(ps[first + 2].text).toBe(`Je antwoord: ${report.actions[0].answer.join('; ')}`);

    // Instruments with their addresses as hyperlinks.
    const withUrl = report.actions.flatMap((a) => a.instruments).map((id) => report.instruments[id]).find((i) => i?.url);
    expect(withUrl).toBeDefined();
    const rels = xml('word/_rels/document.xml.rels');
    expect(rels).toContain(`Target="${withUrl!.url!.replace(/&/g, '&amp;')}" TargetMode="External"`);
    expect(document).toMatch(/<w:hyperlink [^>]*r:id="rId\w+"/);

    // Every value's name and score: in the chart's table, and as a heading of its own.
    const valueTable = all.find((t) => t.rows[0].join('|') === 'Waarde|Dimensie|Score (0-100)|Status')!;
    expect(valueTable.rows.slice(1)).toEqual(report.values.map((v) => [
      v.name, v.dimension === 'goal' ? 'Streefdoelen' : 'Randvoorwaarden', v.score === null ? '–' : nl(v.score), expect.any(String),
    ]));
    for (const v of report.values) expect(styleOf(v.name), v.name).toBe('Heading3');
    // The summary names the knock-out and the unknown risk with the answer given.
    expect(report.knockouts.length).toBeGreaterThan(0);
    expect(report.unknownRisks.length).toBeGreaterThan(0);
    expect(all.some((t) => t.rows.some((r) => r[0] === report.knockouts[0].prompt && r[2] === report.knockouts[0].message))).toBe(true);
    // What the report is about: the intake answers, apart from the scores, in the summary before the knock-outs.
    expect(styleOf('Waar dit rapport over gaat')).toBe('Heading2');
    expect(ps.findIndex((p) => p.text === 'Waar dit rapport over gaat')).toBeLessThan(ps.findIndex((p) => p.text === 'Geschonden randvoorwaarden'));
    const context = all.find((t) => t.rows[0].join('|') === 'Vraag|Antwoord')!;
    expect(context.rows.slice(1)).toEqual(contextAnswers(report.answers).map((a) => [a.prompt, a.answer]));
    expect(context.rows.length).toBeGreaterThan(4);

    // Answers and notes, per section of the questionnaire, a typed line break kept as one.
    const answered = new Set(report.answers.map((a) => a.question));
    const withAnswers = answerSectionsOf(q, 'nl').filter((s) => s.questions.some((x) => answered.has(x)));
    expect(withAnswers.length).toBeGreaterThan(3);
    for (const s of withAnswers) expect(styleOf(s.title), s.title).toBe('Heading2');
    const answerRows = tables(answersPart(document)).filter((t) => t.rows[0].join('|') === 'Vraag|Antwoord|Toelichting').flatMap((t) => t.rows.slice(1));
    expect(answerRows.map((r) => r[0])).toEqual(report.answers.map((a) => a.prompt));
    expect(answerRows[1][2]).toBe('Eerste regel Tweede regel');
    expect(document).toMatch(/Eerste regel<\/w:t><\/w:r><w:r>(?:<w:rPr>.*?<\/w:rPr>)?<w:br\/><w:t[^>]*>Tweede regel/);

    // The images: the chart (a real PNG, rectangles only) and the QR code, each with its description.
    const media = [...parts.keys()].filter((k) => k.startsWith('word/media/'));
    expect(media.length).toBe(2);
    for (const m of media) expect(parts.get(m)!.subarray(1, 4).toString()).toBe('PNG');
    const descrs = [...document.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]);
    expect(descrs).toHaveLength(2);
    expect(descrs.find((d) => d.startsWith('QR-code'))).toContain(VERIFICATION.link);
    expect(descrs.find((d) => d.startsWith('Staafdiagram'))).toContain(`${report.values.length} publieke waarden`);
    const chart = PNG.sync.read(parts.get(media.find((m) => parts.get(m)!.length > 0 && PNG.sync.read(parts.get(m)!).width === 640)!)!);
    expect(chart.height).toBeGreaterThan(report.values.length * 16);

    // The verification block on the cover, before the summary, and the footer's line.
    const block = ps.slice(0, ps.findIndex((p) => p.text === 'Samenvatting')).map((p) => p.text);
    expect(block).toContain('Korte code: ABCD-2345-WXYZ');
    expect(block).toContain(`Status opvragen: ${VERIFICATION.shortLink}`);
    expect(block).toContain(`Volledige verificatielink: ${VERIFICATION.link}`);
    const footer = [...parts.keys()].filter((k) => /^word\/footer\d*\.xml$/.test(k)).map((k) => textOf(xml(k))).join(' ');
    expect(footer).toContain(`Verificatie ABCD-2345-WXYZ · ${VERIFICATION.shortLink}`);

    // Language and core properties.
    expect(xml('word/styles.xml')).toContain('<w:lang w:val="nl-NL"/>');
    const core = xml('docProps/core.xml');
    expect(core).toContain('<dc:title>Rapport publieke waarden — ');
    expect(core).toContain('<dc:creator>Publieke Waarden Zelftoets</dc:creator>');
  });

  it('is in English for en, with English words and no Dutch headings', async () => {
    const report = storedReport('en', { history: true });
    const { document, xml } = openDocx(await reportDocx({ report, locale: 'en', verification: VERIFICATION, sections: answerSectionsOf(q, 'en') }));
    const ps = paragraphs(document);
    expect(ps[0].text).toBe('Public values report');
    for (const h of ['Summary', 'What to do now', 'At a glance', 'Per public value', 'Your answers and explanations']) expect(ps.find((p) => p.text === h)?.style, h).toBe('Heading1');
    expect(ps.find((p) => p.text === 'What this report is about')?.style).toBe('Heading2');
    expect(ps.some((p) => p.text === 'Date: 12 March 2026')).toBe(true);
    expect(ps.some((p) => p.text === 'Short code: ABCD-2345-WXYZ')).toBe(true);
    for (const dutch of ['Samenvatting', 'Wat je nu moet doen', 'Je antwoord', 'Toelichting', 'Korte code']) expect(textOf(document)).not.toContain(dutch);
    expect(xml('word/styles.xml')).toContain('<w:lang w:val="en-GB"/>');
    // With an earlier attempt, a second chart: the dimensions per attempt, with its table.
    expect(ps.find((p) => p.text === 'Goals and preconditions per attempt')?.style).toBe('Heading2');
    const attempts = tables(document).find((t) => t.rows[0].join('|') === 'Attempt|Goals|Preconditions|Profile')!;
    expect(attempts.rows.slice(1).map((r) => r[0])).toEqual(['Attempt 1', 'Attempt 2 (now)']);
    expect([...document.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)]).toHaveLength(3);
  });

  it('says a draft carries no verification, and shows no code, QR or link', async () => {
    const report = storedReport('nl', { submitted: false });
    const { document, parts, xml } = openDocx(await reportDocx({ report, locale: 'nl', verification: null }));
    const text = textOf(document);
    expect(text).toContain('Dit is een concept: een concept draagt geen verificatie.');
    expect(text).toContain('Voorlopig rapport: deze toets is nog niet ingediend.');
    expect(text).not.toContain('Korte code');
    expect([...parts.keys()].filter((k) => k.startsWith('word/media/'))).toHaveLength(1);
    const footer = [...parts.keys()].filter((k) => /^word\/footer\d*\.xml$/.test(k)).map((k) => textOf(xml(k))).join(' ');
    expect(footer).toContain('Concept: zonder verificatie');
    // Without the questionnaire's sections the answers are one table, in the report's order.
    expect(tables(answersPart(document)).filter((t) => t.rows[0].join('|') === 'Vraag|Antwoord|Toelichting')).toHaveLength(1);
  });

  it('takes any typed text as text: markup stays visible, characters XML cannot hold are dropped', async () => {
    const id = allQuestions(q)[0].id;
    const report = storedReport('nl', { notes: { [id]: '<w:p>geen opmaak</w:p> & <b>vet</b>\u0001\u0007 ok' }, companyName: 'A&B <BV>' });
    const { document, xml } = openDocx(await reportDocx({ report, locale: 'nl', verification: null }));
    expect(document).not.toMatch(/[\u0000-\u0008]/);
    expect(document).toContain('&lt;w:p&gt;geen opmaak&lt;/w:p&gt; &amp; &lt;b&gt;vet&lt;/b&gt; ok');
    expect(textOf(document)).toContain('Voor A&B <BV>');
    expect(xml('docProps/core.xml')).toContain('A&amp;B &lt;BV&gt;');
  });

  it('groups a short code in fours and leaves other shapes alone', () => {
    expect(groupedCode('abcd2345wxyz')).toBe('ABCD-2345-WXYZ');
    expect(groupedCode('ABCD-2345-WXYZ')).toBe('ABCD-2345-WXYZ');
    expect(groupedCode('short')).toBe('short');
  });
});

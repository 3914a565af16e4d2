// The few building blocks every DOCX section is made of: paragraphs of plain text runs, real Word
// headings, real tables with a repeating header row, and links. Everything a person typed (notes,
// names, comments) goes in as the text of a run, never as markup.
import {
  BorderStyle, ExternalHyperlink, HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
  type IParagraphOptions, type ParagraphChild,
} from 'docx';

/** The text width of an A4 page with 2 cm margins, in twentieths of a point. */
export const TEXT_WIDTH = 11906 - 2 * 1134;

/**
 * Characters XML 1.0 cannot hold (C0 controls other than tab and line breaks, lone surrogates,
 * U+FFFE/U+FFFF) would make Word refuse the whole file; they carry nothing a reader sees.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const clean = (s: string) => s.replace(NOT_XML, '');

type RunStyle = { bold?: boolean; italics?: boolean; color?: string; size?: number };

/** Text as runs, a typed line break as a line break in Word (a run's text cannot hold one). */
export function runs(text: string, style: RunStyle = {}): TextRun[] {
  return clean(text).split(/\r\n|\r|\n/).map((line, i) => new TextRun({ text: line, ...style, ...(i > 0 ? { break: 1 } : {}) }));
}

export function para(content: string | ParagraphChild[], options: Omit<IParagraphOptions, 'children' | 'text'> = {}): Paragraph {
  return new Paragraph({ ...options, children: typeof content === 'string' ? runs(content) : content });
}

/** "Label: value" with the label in bold, as the report page sets its labelled lines. */
export function labelled(label: string, value: string | ParagraphChild[]): Paragraph {
  return new Paragraph({ children: [...runs(`${label}: `, { bold: true }), ...(typeof value === 'string' ? runs(value) : value)] });
}

const LEVEL = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

export function heading(text: string, level: 1 | 2 | 3, options: { pageBreakBefore?: boolean } = {}): Paragraph {
  // Kept with what follows: a heading never ends a page apart from its table or text.
  return new Paragraph({ heading: LEVEL[level], children: runs(text), pageBreakBefore: options.pageBreakBefore, keepNext: true, keepLines: true });
}

export function bullet(content: string | ParagraphChild[]): Paragraph {
  return para(content, { bullet: { level: 0 } });
}

/** A web address becomes a link; anything else (a relative path, another scheme) stays plain text. */
export function link(text: string, url: string | null | undefined): ParagraphChild[] {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return runs(text);
  return [new ExternalHyperlink({ link: url, children: [new TextRun({ text: clean(text), style: 'Hyperlink' })] })];
}

export type Cell = string | ParagraphChild[] | Paragraph[];

const toParagraphs = (cell: Cell): Paragraph[] => {
  if (typeof cell === 'string') return [para(cell)];
  if (cell.length > 0 && cell.every((c) => c instanceof Paragraph)) return cell as Paragraph[];
  return [new Paragraph({ children: cell as ParagraphChild[] })];
};

const border = { style: BorderStyle.SINGLE, size: 4, color: 'ADB5BD' };

/**
 * A real table: the first row is the header (bold, repeated on every page the table runs onto),
 * columns in proportion to `weights`. Word lays a table out from its grid, LibreOffice too.
 */
export function table(header: string[], rows: Cell[][], weights: number[] = header.map(() => 1)): Table {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  const cell = (content: Cell, i: number, head = false) => new TableCell({
    width: { size: widths[i], type: WidthType.DXA },
    children: head ? [new Paragraph({ children: runs(content as string, { bold: true }) })] : toParagraphs(content),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(head ? { shading: { fill: 'E9ECEF' } } : {}),
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: header.map((_, i) => cell(r[i] ?? '', i)) })),
    ],
  });
}

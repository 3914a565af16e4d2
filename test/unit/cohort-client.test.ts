import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { areaName, boxOf, CHART, figure, orderedCounts, pluralKey, showsFigures, signedFigure, xOf } from '../../client/src/logic/cohort.js';
import { embedSnippet, hostOrigin, validAccent } from '../../client/src/logic/cohort-embed.js';

describe('cohort chart logic', () => {
  it('maps scores onto the plot and clamps them', () => {
    expect(xOf(0)).toBe(CHART.label);
    expect(xOf(100)).toBe(CHART.width - CHART.pad);
    expect(xOf(150)).toBe(xOf(100));
    expect(boxOf(null)).toBeNull();
    expect(boxOf({ n: 5, median: 50, q1: 40, q3: 60, iqr: 20 })).toEqual({ x: xOf(40), width: xOf(60) - xOf(40), median: xOf(50) });
  });
  it('orders status counts and drops zeros', () => {
    expect(orderedCounts({ sufficient: 2, critical: 1, attention: 0, other: 3 })).toEqual([['critical', 1], ['sufficient', 2], ['other', 3]]);
    expect(orderedCounts(null)).toEqual([]);
  });
});

describe('embed logic', () => {
  it('accepts hex colours only', () => {
    expect(validAccent('#0b5cad')).toBe('#0b5cad');
    expect(validAccent('#abc')).toBe('#abc');
    for (const bad of ['red', '#12345', 'url(x)', '#0b5cad;color:red', null]) expect(validAccent(bad)).toBeNull();
  });
  it('posts only to an allowed origin that is really the framing page', () => {
    const allowed = ['https://a.example', 'https://b.example'];
    expect(hostOrigin('https://a.example', allowed, null)).toBe('https://a.example');
    expect(hostOrigin('https://a.example', allowed, ['https://a.example'])).toBe('https://a.example');
    expect(hostOrigin('https://a.example', allowed, ['https://b.example'])).toBeNull();
    expect(hostOrigin('https://evil.example', allowed, null)).toBeNull();
    expect(hostOrigin(null, allowed, null)).toBeNull();
  });
});

/**
 * Runs client/public/embed.js as a host page would, with just enough of a page for it: the script tag
 * with its data- attributes, and the timer that decides the frame was refused.
 */
function embedScript(attrs: Record<string, string>) {
  const inserted: any[] = [];
  let refusedTimer: (() => void) | undefined;
  const element = (tag: string): any => ({
    tag, style: {}, attributes: {} as Record<string, string>, children: [] as any[], parentNode: null as any,
    setAttribute(name: string, value: string) { this.attributes[name] = value; },
    appendChild(child: any) { this.children.push(child); },
    insertBefore(node: any) { node.parentNode = this; inserted.push(node); },
  });
  const script = Object.assign(element('script'), { src: 'https://app.example/embed.js', getAttribute: (name: string) => attrs[name] ?? null });
  script.parentNode = script;
  runInNewContext(readFileSync('client/public/embed.js', 'utf8'), {
    document: { currentScript: script, createElement: element },
    location: { origin: 'https://host.example' },
    window: { addEventListener: () => undefined },
    setTimeout: (fn: () => void) => { refusedTimer = fn; return 1; },
    clearTimeout: () => undefined,
    console: { error: () => undefined, warn: () => undefined },
    URL, URLSearchParams, encodeURIComponent,
  });
  return { iframe: inserted.find((n) => n.tag === 'iframe'), refused: () => { refusedTimer!(); return inserted.find((n) => n.tag === 'div'); } };
}

describe('embed script', () => {
  it('links a refused frame\'s hint to the test in the language the hint is written in', () => {
    for (const lang of ['en', 'nl'] as const) {
      const { iframe, refused } = embedScript({ 'data-programme': 'ABCD3467', 'data-lang': lang });
      expect(new URL(iframe.src).searchParams.get('lang')).toBe(lang);
      const hint = refused();
      expect(hint.children[0].textContent).toMatch(lang === 'en' ? /cannot be shown/ : /kan hier niet/);
      const link = new URL(hint.children[1].href);
      expect(link.pathname).toBe('/join/ABCD3467');
      // The join page takes its language from ?lang= (i18n.ts), else the visitor lands in Dutch.
      expect(link.searchParams.get('lang')).toBe(lang);
    }
  });
});

describe('cohort page words and numbers (staff walkthrough)', () => {
  it('staff #19: figures use the reader\'s decimal sign, signed changes a real minus', () => {
    expect(figure(46.8, 'nl')).toBe('46,8');
    expect(figure(46.8, 'en')).toBe('46.8');
    expect(figure(null, 'nl')).toBe('–');
    expect(signedFigure(3.5, 'nl')).toBe('+3,5');
    expect(signedFigure(-2, 'nl')).toBe('−2');
    expect(signedFigure(0, 'en')).toBe('±0');
  });
  it('staff #19: one team, one attempt; several teams, several attempts', () => {
    expect(pluralKey('cohort2.teams', 1)).toBe('cohort2.teams.one');
    expect(pluralKey('cohort2.teams', 0)).toBe('cohort2.teams.other');
    expect(pluralKey('cohort2.teams', 2)).toBe('cohort2.teams.other');
  });
  it('staff #19: area names as written, not shouted', () => {
    expect(areaName('quantum')).toBe('Quantum');
    expect(areaName('ai')).toBe('AI');
    expect(areaName('xr')).toBe('XR');
    expect(areaName('new-area')).toBe('new-area');
  });
  it('staff #20: a cohort with no released figures gets one explanation, not a hidden cell per row', () => {
    expect(showsFigures({ suppressed: true })).toBe(false);
    expect(showsFigures({ suppressed: false })).toBe(true);
  });
});

describe('embed snippet (staff walkthrough)', () => {
  it('staff #22: area, language and accent choices change the snippet; without an area the startup chooses', () => {
    const base = { scriptUrl: 'https://app.example/embed.js', code: 'ABCD3467' };
    expect(embedSnippet({ ...base, area: 'quantum', lang: 'en', accent: '#7a1f5c' })).toBe(
      '<script src="https://app.example/embed.js" data-programme="ABCD3467" data-area="quantum" data-lang="en" data-accent="#7a1f5c" async></script>');
    const open = embedSnippet({ ...base, area: '', lang: 'nl', accent: 'red' });
    expect(open).not.toContain('data-area');
    expect(open).not.toContain('data-accent');
    expect(open).toContain('data-lang="nl"');
  });
});

import { useEffect, useState } from 'preact/hooks';
import type { ReportValue } from '../../api/client.js';
import { peersApi, type PeerComparison as Comparison, type PeerFigure } from '../../api/peers.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.peers.js';
import '../../i18n/messages.report.js';
import { ChartFrame } from '../Charts/ChartFrame.js';
import { formatScore } from '../Charts/format.js';

const percentile = (f: PeerFigure) => (f.suppressed ? t('peers.hidden') : f.percentile === null ? '–' : t('peers.percentile', { p: f.percentile }));

/**
 * The pool's distribution for one dimension as bars over 0-100. Merged bins are wider, so a bar's
 * height is its count per ten points: its area, not its height, is the number of reports.
 */
function Distribution({ figure, name }: { figure: PeerFigure; name: string }) {
  const bins = figure.bins ?? [];
  const x = (s: number) => 30 + s * 2.8;
  const density = bins.map((b) => b.count / ((b.to - b.from) / 10));
  const top = Math.max(1, ...density);
  return (
    <ChartFrame
      id={`peers-${figure.id}`}
      class="chart-peers"
      viewBox="0 0 330 150"
      title={t('peers.chart.title', { name })}
      description={t('peers.chart.desc', { score: formatScore(figure.score) })}
      table={{
        caption: t('peers.chart.title', { name }),
        head: [t('peers.chart.range'), t('peers.chart.count')],
        rows: bins.map((b) => [`${b.from}–${b.to}`, b.count]),
      }}
    >
      {bins.map((b, i) => {
        const h = (density[i] / top) * 100;
        return <rect key={b.from} class="peer-bin" x={x(b.from) + 1} y={120 - h} width={x(b.to) - x(b.from) - 2} height={h} />;
      })}
      <line class="peer-axis" x1={x(0)} x2={x(100)} y1={120} y2={120} />
      {[0, 50, 100].map((s) => <text key={s} class="peer-tick" x={x(s)} y={136} text-anchor="middle">{s}</text>)}
      {figure.score !== null && (
        <g class="peer-you">
          <line x1={x(figure.score)} x2={x(figure.score)} y1={8} y2={120} />
          <text x={x(figure.score)} y={8} text-anchor={figure.score > 80 ? 'end' : 'start'} dx={figure.score > 80 ? -4 : 4} dy={8}>{t('peers.chart.you')}</text>
        </g>
      )}
    </ChartFrame>
  );
}

/** "Compared with peers" on the report: percentiles and distributions, or when it will appear. */
export function PeerComparison({ id, token, values }: { id: string; token: string; values: ReportValue[] }) {
  const [data, setData] = useState<Comparison | null>(null);
  useEffect(() => {
    peersApi.comparison(id, token).then(setData, () => setData(null));
  }, [id, token]);
  if (!data) return null;
  const names = new Map(values.map((v) => [v.id, v.name]));
  return (
    <section class="peer-comparison" aria-labelledby="peers-heading">
      <h2 id="peers-heading">{t('peers.heading')}</h2>
      {!data.available || !data.dimensions || !data.values ? (
        <p class="peers-waiting">{t('peers.waiting', { n: data.needed })}</p>
      ) : (
        <>
          <p>{t('peers.lead', { size: data.size ?? 0, version: data.majorVersion })}</p>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="peers-heading">
            <table class="peers-table">
              <thead>
                <tr>
                  <th scope="col">{t('peers.col.item')}</th>
                  <th scope="col">{t('peers.col.score')}</th>
                  <th scope="col">{t('peers.col.percentile')}</th>
                  <th scope="col">{t('peers.col.median')}</th>
                </tr>
              </thead>
              <tbody>
                {[...data.dimensions.map((d) => ({ ...d, name: t(`report.${d.id as 'goal' | 'precondition'}`), strong: true })),
                  // A value neither this report nor enough of the pool scored says nothing: left out.
                  ...data.values.filter((v) => v.score !== null || !v.suppressed).map((v) => ({ ...v, name: names.get(v.id) ?? v.id, strong: false }))].map((f) => (
                  <tr key={f.id} class={f.strong ? 'peers-dimension' : undefined}>
                    <th scope="row">{f.name}</th>
                    <td>{f.score === null ? '–' : formatScore(f.score)}</td>
                    <td>{percentile(f)}</td>
                    <td>{f.suppressed ? '–' : formatScore(f.median)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="chart-grid">
            {data.dimensions.filter((d) => !d.suppressed && d.bins).map((d) => (
              <Distribution key={d.id} figure={d} name={t(`report.${d.id as 'goal' | 'precondition'}`)} />
            ))}
          </div>
        </>
      )}
      <p class="peers-consent-state">{t(data.consented ? 'peers.in' : 'peers.notIn')}</p>
    </section>
  );
}

/** The opt-in at submit, with what it keeps and how to take it back. */
export function PeerConsent({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="peer-consent">
      <label class="choice">
        <input type="checkbox" name="peerConsent" checked={checked} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} aria-describedby="peer-consent-explain" />
        <span>{t('peers.consent.label')}</span>
      </label>
      <p id="peer-consent-explain" class="hint">{t('peers.consent.explain')}</p>
    </div>
  );
}

// The peer comparison of a submitted report (issue 16, item 4), read with the resume token.
import { sendJson } from './client.js';

export interface PeerBin { from: number; to: number; count: number }

export interface PeerFigure {
  id: string;
  score: number | null;
  n: number | null;
  suppressed: boolean;
  percentile: number | null;
  median: number | null;
  bins: PeerBin[] | null;
}

export interface PeerComparison {
  area: string;
  majorVersion: number;
  consented: boolean;
  available: boolean;
  size: number | null;
  needed: number;
  dimensions: PeerFigure[] | null;
  values: Array<PeerFigure & { dimension: string }> | null;
}

export const peersApi = {
  comparison: (id: string, token: string) => sendJson<PeerComparison>('GET', `/api/responses/${id}/peers`, undefined, { authorization: `Bearer ${token}` }),
};

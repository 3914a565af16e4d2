// The tests this browser holds tokens for, to offer them for sharing on a programme's join page,
// and which programme a test was started for.
import { recall, type Stored } from './tokens.js';

const RESPONSE_PREFIX = 'zelftoets:response:';
const JOIN_PREFIX = 'zelftoets:join:';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function localResponses(): Stored[] {
  const s = storage();
  if (!s) return [];
  const out: Stored[] = [];
  for (let i = 0; i < s.length; i++) {
    const key = s.key(i);
    if (!key?.startsWith(RESPONSE_PREFIX)) continue;
    const entry = recall(key.slice(RESPONSE_PREFIX.length));
    if (entry) out.push(entry);
  }
  return out;
}

/** Notes that a test was started from a programme's join page, so that page can offer it afterwards. */
export function rememberJoin(responseId: string, code: string) {
  storage()?.setItem(JOIN_PREFIX + responseId, code);
}

export function joinCodeOf(responseId: string): string | null {
  return storage()?.getItem(JOIN_PREFIX + responseId) ?? null;
}

const NAME_PREFIX = 'zelftoets:shared-name:';

/** The name this device last shared under with a programme, so sharing a re-take need not retype it. */
export function rememberSharedName(code: string, name: string) {
  storage()?.setItem(NAME_PREFIX + code, name);
}

export function sharedNameFor(code: string): string | null {
  return storage()?.getItem(NAME_PREFIX + code) ?? null;
}

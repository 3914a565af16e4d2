// Logic of the embedded test without JSX: which host may receive our messages, the accent colour,
// and the messages themselves.

/** A CSS hex colour, or null: a data- attribute is never put into styles unchecked. */
export function validAccent(input: string | null): string | null {
  return input && /^#(?:[0-9a-fA-F]{3}){1,2}$/.test(input) ? input : null;
}

/**
 * The host page's origin, when it is one the programme allows and (where the browser tells us) the
 * page that actually frames us; otherwise null and no message is sent anywhere.
 */
export function hostOrigin(claimed: string | null, allowed: readonly string[], ancestors: readonly string[] | null): string | null {
  if (!claimed || !allowed.includes(claimed)) return null;
  if (ancestors && ancestors.length > 0 && ancestors[0] !== claimed) return null;
  return claimed;
}

export type EmbedMessage =
  | { type: 'resize'; height: number }
  | { type: 'started'; area: string }
  | { type: 'ready' }
  | { type: 'submitted'; area: string }
  | { type: 'shared'; area: string; reportUrl: string }
  /** The founder changed the action plan in the frame: counts only (issue 16). */
  | { type: 'plan.updated'; area: string; items: number; done: number; overdue: number };

/** Posts to the validated host origin only; never '*'. */
export function postToHost(target: Window | null, origin: string | null, message: EmbedMessage) {
  if (!target || !origin) return;
  target.postMessage({ source: 'zelftoets', ...message }, origin);
}

/**
 * The script tag a manager pastes into the programme's site, from the choices on the settings page.
 * Without an area the startup chooses in the frame; an accent that is not a hex colour is left out
 * (the script would ignore it anyway).
 */
export function embedSnippet(o: { scriptUrl: string; code: string; area: string; lang: 'nl' | 'en'; accent: string }): string {
  const accent = validAccent(o.accent);
  return `<script src="${o.scriptUrl}" data-programme="${o.code}"${o.area ? ` data-area="${o.area}"` : ''} data-lang="${o.lang}"${accent ? ` data-accent="${accent}"` : ''} async></script>`;
}

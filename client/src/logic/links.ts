// Links the interface hands out (resume, share, join, invitations, the embed snippet) are built on the
// address people reach the app on: the server's PUBLIC_URL when it has one (GET /api/site), else the
// address this page is open on. An admin on an internal address or a developer's dev server then still
// hands out links that open for the recipient.
import { signal } from '@preact/signals';

/** The server's PUBLIC_URL, once known; null while unknown or when the server has none. */
export const publicUrl = signal<string | null>(null);

let asked: Promise<void> | null = null;

/** Asks the server once per page load; a failure leaves the page's own address in use. */
export function loadPublicUrl(): Promise<void> {
  asked ??= fetch('/api/site', { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : null))
    .then((site: { publicUrl?: unknown } | null) => {
      if (typeof site?.publicUrl === 'string' && /^https?:\/\/[^/?#]+$/.test(site.publicUrl)) publicUrl.value = site.publicUrl;
    })
    .catch(() => undefined);
  return asked;
}

/** An absolute link to a path of this app. Reading publicUrl subscribes the component to it. */
export function linkTo(path: string, pageOrigin: string = location.origin): string {
  return `${publicUrl.value ?? pageOrigin}${path}`;
}

// A startup's contact address for reminders and messages (reminders part), and the admin's retry of a failed mail.
import type { Locale } from '../../../core/types.js';
import { sendJson } from './client.js';
import { staffRequest } from './staff.js';

export interface Contact {
  email: string;
  locale: Locale;
  programme: { code: string; name: string } | null;
  consentAt: string;
  showToProgramme: boolean;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const contactApi = {
  get: (id: string, token: string) => sendJson<{ contact: Contact | null }>('GET', `/api/responses/${id}/contact`, undefined, bearer(token)),
  set: (id: string, token: string, body: { email: string; consent: boolean; showToProgramme: boolean; code?: string; locale: Locale }) =>
    sendJson<{ contact: Contact | null }>('PUT', `/api/responses/${id}/contact`, body, bearer(token)),
  withdraw: (id: string, token: string) => sendJson<{ contact: null }>('DELETE', `/api/responses/${id}/contact`, undefined, bearer(token)),
  unsubscribe: (token: string) => sendJson<void>('POST', '/api/contact/unsubscribe', { token }),
  retryMail: (id: string) => staffRequest<{ state: string }>('POST', `/api/mail/${id}/retry`),
};

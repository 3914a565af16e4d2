// Issuing an invitation: a one-time set-password link, recorded with who issued it and for which
// programme (the set-password page names both), mailed to the invitee in their language. One place
// for the Users page, adding someone to a programme, and re-issuing a lost invitation.
import type { FastifyInstance } from 'fastify';
import { setPasswordPath } from '../auth/views.js';
import type { UserRow } from '../repositories/users.js';

export type MailResult = { state: 'queued' | 'outbox' | 'failed'; error: string | null } | null;

export function createInvitations(fastify: FastifyInstance) {
  const { users } = fastify.staffRepos;
  const hours = () => fastify.config.passwordLinkHours;
  return {
    /** Issues a new invitation link (voiding the invitee's earlier unused one) and mails it. */
    async issue(invitee: UserRow, by: UserRow, programme: { id: string } | null) {
      const token = await users.issuePasswordToken(invitee.id, 'invite', hours(), { issuedBy: by.id, programmeId: programme?.id ?? null });
      const link = { setPasswordPath: setPasswordPath(token), expiresAt: new Date(Date.now() + hours() * 3600_000).toISOString() };
      const mailed = await fastify.mail.queue(invitee.email, invitee.locale, 'invitation', {
        name: invitee.name, invitedBy: by.name || by.email, setPasswordPath: link.setPasswordPath, expiresAt: link.expiresAt,
      });
      const mail: MailResult = mailed && { state: mailed.state as 'queued' | 'outbox' | 'failed', error: mailed.error };
      return { link, mail };
    },
  };
}

/** Someone invited who has not set a password yet (and is not blocked): their invitation can be issued again. */
export const invitationPending = (u: UserRow) => u.password_hash === null && u.disabled_at === null;

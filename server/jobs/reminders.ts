// Deadline reminders, run inside housekeeping (one instance per period, jobs/lease.ts) and safe to
// run anywhere anyway: each reminder is first recorded in reminders_sent, whose primary key lets only
// one writer through, and only that writer mails. A reminder the mail bound refused is un-recorded so
// the next run tries again.
//
// Who: startups that left an address for a programme (its join code, or a share) and have no
// submitted attempt shared with it, unless the programme is archived; the programme's active assessors with open work. Once a programme
// assigns submissions (review_assignments), open work is what was ASSIGNED to the assessor and not yet
// reviewed by them: in a programme of forty submissions and ten assessors, each answers for their own
// four. A programme that never assigned keeps the earlier rule: every shared submission the assessor
// has not submitted a review of. When: REMINDER_DAYS before the deadline, the nearest stage only (a
// server that was down for the 7-day one does not send it next to the 1-day one).
import type { Kysely } from 'kysely';
import { changed } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import type { MailService } from '../mail/service.js';
import type { StartupContacts } from '../services/startup-contacts.js';

/** Days before a programme's deadline that reminders go out (docs/operations.md). */
export const REMINDER_DAYS = [7, 1] as const;
const DAY_MS = 24 * 3600_000;
/** Programmes with a deadline looked at per run (the newest): the admins' list shows at most 1000 too. */
const MAX_PROGRAMMES = 1000;

export interface ReminderDeps {
  db: Kysely<Schema>;
  mail: MailService;
  contacts: StartupContacts;
}

export function stageFor(deadline: string, now: number): number | null {
  const left = Date.parse(deadline) - now;
  if (!(left > 0)) return null;
  const stages = [...REMINDER_DAYS].sort((a, b) => a - b);
  return stages.find((n) => left <= n * DAY_MS) ?? null;
}

/**
 * Whole days left, at least 1, as the mail words them. Not the stage: a deadline set 3 days ahead (or
 * a server down over the 7-day mark) gets the 7-day reminder, which said "7 days left" beside a date
 * 3 days away.
 */
export const daysLeft = (deadline: string, now: number) => Math.max(1, Math.round((Date.parse(deadline) - now) / DAY_MS));

export async function sendDeadlineReminders(deps: ReminderDeps, now = Date.now()): Promise<{ startups: number; assessors: number }> {
  const { db, mail, contacts } = deps;
  const sent = { startups: 0, assessors: 0 };
  // Deadlines are stored as given (any ISO offset), so the window is applied to parsed times, not text.
  const programmes = (await db.selectFrom('programmes').select(['id', 'name', 'join_code', 'deadline', 'archived_at'])
    .where('deadline', 'is not', null).orderBy('created_at', 'desc').limit(MAX_PROGRAMMES).execute())
    .filter((p) => stageFor(p.deadline!, now) !== null);

  /** Records the reminder; true when this caller is the one to send it. */
  const claim = async (programmeId: string, deadline: string, days: number, recipient: string) =>
    changed(await db.insertInto('reminders_sent').values({ programme_id: programmeId, deadline, days_before: days, recipient, sent_at: new Date(now).toISOString() })
      .onConflict((oc) => oc.doNothing()).executeTakeFirst()) === 1;
  const unclaim = (programmeId: string, deadline: string, days: number, recipient: string) =>
    db.deleteFrom('reminders_sent').where('programme_id', '=', programmeId).where('deadline', '=', deadline)
      .where('days_before', '=', days).where('recipient', '=', recipient).execute();

  for (const p of programmes) {
    const deadline = p.deadline!;
    const days = stageFor(deadline, now);
    if (days === null) continue;

    // An archived programme takes no shares (409 programme-archived): a reminder to share with it would
    // ask for what is refused. Its assessors may still review, so their reminder stays.
    for (const c of p.archived_at === null ? await contacts.repo.forProgramme(p.id) : []) {
      if (await contacts.repo.sharedWith(await contacts.repo.team(c.response_id), p.id)) continue;
      const who = `startup:${c.response_id}`;
      if (!(await claim(p.id, deadline, days, who))) continue;
      const to = await contacts.startupContact(c.response_id);
      const queued = to && await mail.queue(to.email, to.locale, 'deadline-reminder-startup', {
        programme: p.name, deadline, daysBefore: daysLeft(deadline, now), joinPath: `/join/${p.join_code}`, unsubscribePath: to.unsubscribePath,
      });
      if (queued) sent.startups++;
      else await unclaim(p.id, deadline, days, who);
    }

    const assigns = !!(await db.selectFrom('review_assignments').select('response_id').where('programme_id', '=', p.id).limit(1).executeTakeFirst());
    const assessors = await db.selectFrom('programme_members as m').innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.email', 'u.locale'])
      .select((eb) => (assigns
        ? eb.selectFrom('review_assignments as ra').select(eb.fn.countAll<number>().as('n'))
          .where('ra.programme_id', '=', p.id).whereRef('ra.assessor_id', '=', 'u.id')
          // Assignments stay when a test is withdrawn or removed; it is no open work, and counting it
          // would tell the assessor of a test the programme no longer has.
          .where((w) => w.exists(w.selectFrom('responses as r').select('r.id')
            .whereRef('r.id', '=', 'ra.response_id').where('r.programme_id', '=', p.id)))
          .where((w) => w.not(w.exists(w.selectFrom('reviews as v').select('v.id')
            .whereRef('v.response_id', '=', 'ra.response_id').where('v.programme_id', '=', p.id)
            .whereRef('v.assessor_id', '=', 'u.id').where('v.status', '=', 'submitted'))))
        : eb.selectFrom('responses as r').select(eb.fn.countAll<number>().as('n'))
          .where('r.programme_id', '=', p.id).where('r.shared_at', 'is not', null).where('r.status', '=', 'submitted')
          .where((w) => w.not(w.exists(w.selectFrom('reviews as v').select('v.id')
            .whereRef('v.response_id', '=', 'r.id').where('v.programme_id', '=', p.id)
            .whereRef('v.assessor_id', '=', 'u.id').where('v.status', '=', 'submitted'))))
      ).as('open'))
      .where('m.programme_id', '=', p.id).where('u.role', '=', 'assessor')
      .where('u.disabled_at', 'is', null).where('u.password_hash', 'is not', null)
      .orderBy('u.id').limit(1000).execute();
    for (const a of assessors) {
      const open = Number(a.open ?? 0);
      if (open === 0) continue;
      const who = `assessor:${a.id}`;
      if (!(await claim(p.id, deadline, days, who))) continue;
      const queued = await mail.queue(a.email, a.locale, 'deadline-reminder-assessor', {
        programme: p.name, deadline, daysBefore: daysLeft(deadline, now), open, programmePath: `/staff/programmes/${p.id}`,
      });
      if (queued) sent.assessors++;
      else await unclaim(p.id, deadline, days, who);
    }
  }
  return sent;
}

// Review item 15, the assessor's side: the submission names the full-score answers on ladder questions
// that carry no note saying where they show, so the review screen can mark them as claims to check.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgramme, memberOf, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await staffApp();
});
afterEach(async () => {
  await app.close();
});

describe('claims without evidence in a submission', () => {
  it('lists full-score answers without a note in questionnaire order; a noted, a partial, an unshown or a knock-out answer is none', async () => {
    const admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
    const p = await createProgramme(app, admin);
    const assessor = await memberOf(app, p.id, 'assessor@example.org', 'assessor');
    const r = await submittedResponse(app, {
      'm-personal-data': { option: 'yes' },
      'm-dpia': { option: 'done' },
      'm-retention': { option: 'yes', note: 'Bewaarbeleid v2, hoofdstuk 3' },
      'm-security': { options: ['mfa', 'pentest', 'backup'], note: '   ' },
      'm-energy': { option: 'no' },
    });
    await share(app, r, p.joinCode, 'Acme');
    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: assessor.read })).json();
    // m-dpia: the top rung, no note; m-security: options that together reach 1, and a blank note.
    expect(detail.claimsWithoutEvidence).toEqual(['m-dpia', 'm-security']);

    const other = await submittedResponse(app, { 'm-personal-data': { option: 'no' }, 'm-dpia': { option: 'done' }, 'm-security': { options: ['mfa'] } });
    await share(app, other, p.joinCode, 'Beta');
    // m-dpia is hidden once no personal data is processed; half of m-security is no claim.
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${other.id}`, headers: assessor.read })).json().claimsWithoutEvidence).toEqual([]);
  });
});

// Every kind of error the API can send, in one place. Each error body carries one of these as `code`;
// clients act on it and translate it (client/src/i18n/messages.errors.ts must have a text for each,
// which the compiler checks). A code keeps its meaning once published: add a new one rather than
// widen an old one. docs/api.md lists them (a test keeps that table in step with this one).

export const ERROR_CODES = {
  // 400: the request itself is wrong.
  'invalid-request': { status: 400, meaning: 'the request does not fit the route: a field missing, unknown, of the wrong type or too long, or a bad path or query parameter; `details` or the message names it' },
  'malformed-request': { status: 400, meaning: 'not valid HTTP (sent on the connection before there is a request)' },
  'invalid-url': { status: 400, meaning: 'the address holds a malformed %-escape' },
  'invalid-json': { status: 400, meaning: 'the body is not well-formed JSON, is empty where JSON was announced, or sets `__proto__` or `constructor.prototype`' },
  'invalid-utf8': { status: 400, meaning: 'the body is not valid UTF-8' },
  'lone-surrogate': { status: 400, meaning: 'a text holds half of a UTF-16 surrogate pair; the message names its JSON pointer' },
  'nul-character': { status: 400, meaning: 'a text holds a NUL character (\\u0000), which no text may hold' },
  'invalid-answers': { status: 400, meaning: 'answers that do not fit the questionnaire: unknown question or option, an exclusive option combined with another; `details` name the questions' },
  'invalid-questionnaire': { status: 400, meaning: 'the inline questionnaire of POST /api/score is not valid; `details` hold JSON pointers' },
  'questionnaire-too-complex': { status: 400, meaning: 'checking the inline questionnaire took longer or more memory than any real one' },
  'name-required': { status: 400, meaning: 'a name is required and was empty (or only spaces)' },
  'judgement-required': { status: 400, meaning: 'a review is submitted without an overall judgement' },
  'weak-password': { status: 400, meaning: 'the new password does not meet the password rules; the message says which' },
  'wrong-password': { status: 400, meaning: 'the current password given to change it is wrong' },
  'invalid-origin': { status: 400, meaning: 'a site address for embedding is refused (not https, or not an origin)' },
  'invalid-webhook-url': { status: 400, meaning: 'a webhook address is refused (not https, or not a public host)' },
  // 401: who is asking is not known.
  'token-required': { status: 401, meaning: 'a respondent route was called without `Authorization: Bearer <token>`' },
  'not-signed-in': { status: 401, meaning: 'a staff route was called without a valid session (never signed in, signed out or expired)' },
  'wrong-credentials': { status: 401, meaning: 'sign-in refused: email or password wrong, or the account is disabled' },
  'api-key-required': { status: 401, meaning: 'an integration route was called without an API key' },
  'api-key-invalid': { status: 401, meaning: 'the API key is unknown or revoked' },
  'api-key-creator-lost-access': { status: 401, meaning: 'the API key stopped working because its creator no longer manages the programme' },
  // 403: known, but not allowed.
  'forbidden': { status: 403, meaning: 'the signed-in person\'s role does not allow this' },
  'csrf-token-invalid': { status: 403, meaning: 'a staff write without the session\'s CSRF token in `x-csrf-token` (fetch it again from /api/auth/me)' },
  // 404: nothing there, or nothing the asker may see (the two are not told apart).
  'not-found': { status: 404, meaning: 'no such route or file' },
  'response-not-found': { status: 404, meaning: 'no response with this id for this token (deleted, never existed, or the link is incomplete)' },
  'questionnaire-not-found': { status: 404, meaning: 'no questionnaire with this id is offered' },
  'programme-not-found': { status: 404, meaning: 'no programme with this id among the signed-in person\'s' },
  'join-code-not-found': { status: 404, meaning: 'no programme with this join code' },
  'submission-not-found': { status: 404, meaning: 'no submission with this id in the signed-in person\'s programmes' },
  'user-not-found': { status: 404, meaning: 'no account with this id' },
  'member-not-found': { status: 404, meaning: 'this person is not assigned to this programme' },
  'assessor-not-found': { status: 404, meaning: 'no assessor with this email works in the manager\'s programmes' },
  'team-not-found': { status: 404, meaning: 'no team with this id in this programme' },
  'api-key-not-found': { status: 404, meaning: 'no active API key with this id in this programme' },
  'webhook-not-found': { status: 404, meaning: 'no (active) webhook with this id in this programme' },
  'share-link-not-found': { status: 404, meaning: 'no such share link, or the shared report was deleted' },
  'password-link-invalid': { status: 404, meaning: 'the set-password link is unknown, used or expired' },
  // 408
  'request-timeout': { status: 408, meaning: 'the request did not arrive whole in time; the connection is closed' },
  // 409: the request is fine, the state of what it acts on is not.
  'response-submitted': { status: 409, meaning: 'the response is submitted: its answers can no longer change, and it cannot be submitted again' },
  'checks-open': { status: 409, meaning: 'the test is not submitted: a question that can show a violated precondition (one with a knock-out or unknown-risk option) is unanswered; `details` name them. Any answer will do, "weet ik niet" included' },
  'answers-changed': { status: 409, meaning: 'the answers kept changing while the response was being submitted (saved from another tab or device); nothing was submitted, submit again' },
  'response-not-submitted': { status: 409, meaning: 'the action needs a submitted response (share, share with a programme, re-take)' },
  'email-taken': { status: 409, meaning: 'there is already an account for this email (for a member: with another role)' },
  'own-admin-role': { status: 409, meaning: 'an administrator cannot take away their own admin role or disable themselves' },
  'deadline-passed': { status: 409, meaning: 'the programme\'s deadline has passed: sharing and withdrawing are closed' },
  'area-not-accepted': { status: 409, meaning: 'the programme does not take tests of this area' },
  'shared-elsewhere': { status: 409, meaning: 'the test is shared with another programme; withdraw it there first' },
  'not-shared': { status: 409, meaning: 'the test is not shared with a programme' },
  'shared-after-deadline': { status: 409, meaning: 'the test cannot be deleted: it is shared with a programme whose deadline passed' },
  'review-submitted': { status: 409, meaning: 'this review is submitted and can no longer change' },
  'status-transition-invalid': { status: 409, meaning: 'the review status cannot go from the current one to the one asked' },
  'review-required': { status: 409, meaning: 'a submission becomes reviewed only after at least one review is submitted' },
  // 410
  'share-link-revoked': { status: 410, meaning: 'the share link was revoked' },
  'share-link-expired': { status: 410, meaning: 'the share link expired' },
  // 413-431: size and rate limits.
  'too-large': { status: 413, meaning: 'the body is larger than 1 MiB' },
  'questionnaire-too-large': { status: 413, meaning: 'the inline questionnaire is larger than `INLINE_QUESTIONNAIRE_KB`' },
  'export-too-large': { status: 413, meaning: 'the export would be larger than `EXPORT_MAX_MB` (64 MB); export the latest attempts only, or ask the operator' },
  'url-too-long': { status: 414, meaning: 'a part of the path is longer than 200 characters' },
  'unsupported-media-type': { status: 415, meaning: 'the body is not `application/json`' },
  'rate-limited': { status: 429, meaning: 'too many requests from this address this minute; see Retry-After' },
  'too-many-at-once': { status: 429, meaning: 'this address already has its share of PDFs or questionnaire checks under way; see Retry-After' },
  'headers-too-large': { status: 431, meaning: 'the request headers are too large; the connection is closed' },
  // 5xx: the server could not do it now.
  'internal-error': { status: 500, meaning: 'something went wrong on the server; what was sent may not have been stored' },
  'database-busy': { status: 503, meaning: 'another process kept the database locked; nothing was stored, send the same again after Retry-After' },
  'server-busy': { status: 503, meaning: 'the queue for PDFs or questionnaire checks is full; see Retry-After' },
  'checker-unavailable': { status: 503, meaning: 'the questionnaire checker is not available right now' },
  'pdf-unavailable': { status: 503, meaning: 'this server cannot print PDFs now (no Chromium, not listening on a TCP port, or its browser could not open the report page)' },
  // Clarifications (issue 14, item 3).
  'question-not-found': { status: 404, meaning: 'the question is not in this submission\'s questionnaire' },
  'request-message-required': { status: 400, meaning: 'asking for clarification or evidence needs a message to the startup' },
  'invalid-link': { status: 400, meaning: 'a link is not a valid http(s) address (or carries a user name or password); the message names it' },
  'answer-empty': { status: 400, meaning: 'an answer to a clarification request holds no text, link, file or correction' },
  'thread-not-found': { status: 404, meaning: 'no clarification request with this id for this test or submission' },
  'file-not-found': { status: 404, meaning: 'no file with this id for this test or submission' },
  'file-type-not-allowed': { status: 415, meaning: 'the file is not a PDF, PNG or JPEG by its content (whatever its name says)' },
  'file-limit-reached': { status: 409, meaning: 'a clarification thread holds the most files or messages it may' },
  'file-already-attached': { status: 409, meaning: 'the file is already attached to another answer' },
  // Assignment, quorum and decisions (issue 14, item 4).
  'assessor-not-in-programme': { status: 404, meaning: 'the person to assign is not an assessor of this programme' },
  'assignment-not-found': { status: 404, meaning: 'this assessor is not assigned to this submission' },
  'no-assessors': { status: 409, meaning: 'round-robin assignment needs at least one active assessor in the programme' },
  'quorum-not-reached': { status: 409, meaning: 'fewer reviews are submitted than the programme needs before a decision; the message says how many are in' },
  'decision-conflict': { status: 409, meaning: 'someone else recorded a decision on this submission at the same moment (or its history is full); reload and try again' },
  // Issue 14, accounts and programmes.
  'invitation-not-pending': { status: 409, meaning: 'the person already set a password or is blocked: there is no invitation to issue again (they use "forgot password")' },
  'programme-has-submissions': { status: 409, meaning: 'the programme\'s areas or kind cannot change once startups have shared tests with it' },
  'deadline-in-past': { status: 400, meaning: 'the deadline lies in the past; send `allowPastDeadline: true` to set it anyway (sharing is then closed at once)' },
  'programme-archived': { status: 409, meaning: 'the programme is archived and read-only; un-archive it first' },
  // Startup contact addresses and the mail list (issue 14, item 6).
  'consent-required': { status: 400, meaning: 'an e-mail address for reminders is kept only with `consent: true`, after the startup ticked the consent text' },
  'unsubscribe-link-invalid': { status: 404, meaning: 'this unsubscribe link does not work (any more): the address was already withdrawn, or the link is wrong' },
  'mail-not-retryable': { status: 409, meaning: 'only a failed mail with a text can be sent again, and only while SMTP is configured' },
  'attestation-not-found': { status: 404, meaning: 'no report statement has this verification code (or it was mistyped)' },
  'invalid-code': { status: 400, meaning: 'a verification code is 12 characters of 0-9 and A-Z (without I, L, O and U), dashes allowed' },
  'not-an-action': { status: 400, meaning: 'only a question on the report\'s action list can be adopted into the plan' },
  'drop-reason-required': { status: 400, meaning: 'a plan item set to "dropped" needs a reason' },
  'plan-full': { status: 400, meaning: 'a plan holds at most 100 items' },
  'plan-item-not-found': { status: 404, meaning: 'this question is not in the response\'s plan' },
  'version-not-found': { status: 404, meaning: 'no questionnaire version has this id' },
  'draft-conflict': { status: 409, meaning: 'the draft was saved by someone else since the revision sent; nothing was overwritten (the current revision is in details)' },
  'version-not-draft': { status: 409, meaning: 'only a draft can be saved; this version is in review, published or retired' },
  'version-wrong-status': { status: 409, meaning: 'this step does not apply to a version in its current status (docs/editor.md, lifecycle)' },
  'version-not-approved': { status: 409, meaning: 'a version is published only after someone approved it' },
  'draft-invalid': { status: 422, meaning: 'the draft has validation faults (in details); fix them before review or publication' },
  'approver-is-author': { status: 403, meaning: 'a version is approved by someone other than whoever last changed or submitted it' },
  'publish-conflict': { status: 409, meaning: 'another version of this questionnaire was published at the same moment; publish again' },
  'too-many-published': { status: 409, meaning: 'at most 400 questionnaire versions can be published at once; retire versions no longer needed before publishing another' },
  'version-changed': { status: 409, meaning: 'the version changed (withdrawn, edited, submitted again) since the revision the step was based on; nothing was approved or published: reload it and look again (the current revision is in details)' },
  'draft-outdated': { status: 409, meaning: 'a version of this questionnaire was published after the draft was started, and publishing the draft would undo its changes; start a new draft from the latest version and make the changes there' },
  // Issue 17, serving versions.
  'move-preview-stale': { status: 409, meaning: 'moving the response now would go to another version or drop more answers than the dry run the respondent confirmed; nothing was moved: look again' },
  'no-newer-version': { status: 409, meaning: 'this response is bound to the latest published version of its questionnaire already; there is nothing to move to' },
  'version-not-accepted': { status: 409, meaning: 'the programme does not accept the questionnaire version this test was answered on; take the test again on the current version and share that' },
  'programme-answers-invalid': { status: 400, meaning: 'the answers to the programme\'s own questions do not fit its questions (unknown question, option not offered, too long, or a required one missing)' },
  'share-links-full': { status: 409, meaning: 'a report has at most 50 share links that work (neither revoked nor expired) at once; revoke one first' },
  'webhooks-full': { status: 409, meaning: 'a programme has at most 20 active webhooks; remove one first' },
  'api-keys-full': { status: 409, meaning: 'a programme has at most 50 active API keys; revoke one first' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Every code, in the order above. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

export const isErrorCode = (value: unknown): value is ErrorCode => typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);

/** The code for an error status that has no more specific kind (framework errors without a mapping). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401: return 'not-signed-in';
    case 403: return 'forbidden';
    case 404: return 'not-found';
    case 408: return 'request-timeout';
    case 413: return 'too-large';
    case 414: return 'url-too-long';
    case 415: return 'unsupported-media-type';
    case 429: return 'rate-limited';
    case 431: return 'headers-too-large';
    default: return status >= 500 ? 'internal-error' : 'invalid-request';
  }
}

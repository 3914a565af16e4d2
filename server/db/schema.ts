// The tables as Kysely sees them, one interface per table, identical for SQLite and PostgreSQL
// (test/api/schema-equivalence.test.ts holds the two migration histories to that). Timestamps are
// ISO-8601 text and JSON documents are text in both engines: one code path, and values read back
// byte for byte as they were written (a report is recomputed from exactly the stored answers).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A column with a default in the schema: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface StartupContactsTable {
  response_id: string;
  email: string;
  locale: 'nl' | 'en';
  programme_id: string | null;
  consent_at: string;
  show_consent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface StartupContactTokensTable {
  token_hash: string;
  response_id: string;
  created_at: string;
}

export interface RemindersSentTable {
  programme_id: string;
  deadline: string;
  days_before: number;
  recipient: string;
  sent_at: string;
}

export interface SigningKeysTable {
  kid: string;
  public_jwk: string;
  created_at: string;
  revoked_at: string | null;
}

export interface AttestationsTable {
  code: string;
  response_id: string | null;
  locale: 'nl' | 'en';
  kid: string;
  report_sha256: string;
  basis: string;
  jws: string | null;
  issued_at: string;
  superseded_at: string | null;
  withdrawn_at: string | null;
}

export interface PlanItemsTable {
  id: string;
  response_id: string;
  question_id: string;
  kind: string;
  values_json: string;
  owner: Defaulted<string>;
  due_date: string | null;
  status: 'open' | 'in_progress' | 'done' | 'dropped';
  drop_reason: string | null;
  note: Defaulted<string>;
  evidence_url: string | null;
  carried_from: string | null;
  created_at: string;
  updated_at: string;
}

export interface SchemaMigrationsTable {
  id: string;
  checksum: string;
  applied_at: string;
}

export interface QuestionnaireSnapshotsTable {
  hash: string;
  questionnaire_id: string;
  version: string;
  area: string;
  document: string;
  created_at: string;
}

export interface ResponsesTable {
  id: string;
  token_hash: string;
  snapshot_hash: string;
  questionnaire_id: string;
  area: string;
  locale: 'nl' | 'en';
  status: 'open' | 'submitted';
  answers: Defaulted<string>;
  revision: Defaulted<number>;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  profile: string | null;
  goal_score: number | null;
  precondition_score: number | null;
  completeness: number | null;
  knockout_count: number | null;
  previous_response_id: string | null;
  company_name: string | null;
  programme_id: string | null;
  shared_name: string | null;
  shared_at: string | null;
  withdrawn_at: string | null;
  review_status: 'submitted' | 'in_review' | 'reviewed' | null;
  scoring_version: number | null;
  /** core/search-key.ts of shared_name (migration 014). */
  shared_name_key: Defaulted<string | null>;
  /** 1 when a later attempt of the same team is shared with the same programme (migration 021). */
  superseded_in_programme: Defaulted<number>;
  /** JSON {programmeId, answers}: answers to a programme's own questions (migration 020). */
  programme_answers: Defaulted<string | null>;
}

export interface ShareLinksTable {
  id: string;
  response_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  name: Defaulted<string>;
  role: 'admin' | 'manager' | 'assessor' | 'editor';
  password_hash: string | null;
  locale: Defaulted<'nl' | 'en'>;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
  /** userKey(email, name): what the users list searches and sorts by (migration 028). */
  search_key: Defaulted<string | null>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface PasswordTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'invite' | 'reset';
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** Who issued the link (null: the create-admin CLI, or the issuer's account is gone). */
  issued_by: string | null;
  /** The programme an invitation was for, if any. */
  programme_id: string | null;
}

export interface ProgrammesTable {
  id: string;
  name: string;
  kind: 'subsidy' | 'cohort';
  /** JSON array of areas. */
  areas: string;
  join_code: string;
  deadline: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** Submitted reviews a submission needs before a decision (migration 011). */
  reviews_needed: Defaulted<number>;
  /** 1: the startup sees the decision and its rationale (migration 011). */
  show_decision: Defaulted<number>;
  /** Archived: hidden from lists by default and read-only. */
  archived_at: string | null;
  /** JSON: per area the versions accepted (migration 020); {} accepts any. */
  accepted_versions: Defaulted<string>;
  /** JSON array of the programme's unscored questions (migration 020). */
  questions: Defaulted<string>;
}

export interface ProgrammeMembersTable {
  programme_id: string;
  user_id: string;
  added_at: string;
}

export interface ReviewsTable {
  id: string;
  response_id: string;
  programme_id: string | null;
  assessor_id: string;
  /** JSON object: value id → { score, comment }. */
  scores: Defaulted<string>;
  judgement: 'positive' | 'conditional' | 'negative' | null;
  comment: Defaulted<string>;
  status: 'draft' | 'submitted';
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_type: 'user' | 'respondent' | 'system';
  actor_id: string | null;
  action: string;
  programme_id: string | null;
  response_id: string | null;
  detail: Defaulted<string>;
}

export interface ResponseScoresTable {
  response_id: string;
  team_id: string;
  attempt: number;
  value_scores: string;
  knockouts: string;
}

export interface ProgrammeEmbedOriginsTable {
  programme_id: string;
  origin: string;
}

export interface ApiKeysTable {
  id: string;
  programme_id: string;
  name: string;
  key_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface WebhooksTable {
  id: string;
  programme_id: string;
  url: string;
  secret: string;
  /** JSON array of event names. */
  events: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event: string;
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: Defaulted<number>;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  /** The submission the event is about (migration 030); null for deliveries queued before it. */
  submission_id: string | null;
}

export interface PrintTicketsTable {
  token_hash: string;
  response_id: string;
  expires_at: string;
}

export interface RateLimitHitsTable {
  key: string;
  hits: number;
  resets_at: string;
}

export interface JobLeasesTable {
  name: string;
  next_run_at: string;
  run_by: string | null;
}

export interface MailOutboxTable {
  id: string;
  recipient: string;
  locale: 'nl' | 'en';
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  state: 'queued' | 'sent' | 'failed' | 'outbox';
  attempts: Defaulted<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
}

export interface AnswerVerdictsTable {
  response_id: string;
  programme_id: string;
  assessor_id: string;
  question_id: string;
  verdict: 'accepted' | 'clarification' | 'evidence';
  message: Defaulted<string>;
  updated_at: string;
}

export interface ClarificationThreadsTable {
  id: string;
  response_id: string;
  programme_id: string;
  question_id: string;
  kind: 'clarification' | 'evidence';
  state: 'open' | 'answered';
  created_at: string;
  updated_at: string;
}

export interface ClarificationFilesTable {
  id: string;
  thread_id: string;
  name: string;
  content_type: 'application/pdf' | 'image/png' | 'image/jpeg';
  size: number;
  /** BLOB on SQLite, BYTEA on PostgreSQL: a Buffer either way. */
  content: Buffer;
  created_at: string;
}

export interface ClarificationMessagesTable {
  id: string;
  thread_id: string;
  author_kind: 'assessor' | 'startup';
  author_id: string | null;
  kind: 'clarification' | 'evidence' | null;
  body: string;
  /** JSON array of URLs. */
  links: Defaulted<string>;
  file_id: string | null;
  revision: number | null;
  created_at: string;
}

export interface AnswerRevisionsTable {
  response_id: string;
  number: number;
  answers: string;
  changes: Defaulted<string>;
  scores: string;
  thread_id: string | null;
  created_at: string;
}

export interface ReviewAssignmentsTable {
  response_id: string;
  programme_id: string;
  assessor_id: string;
  assigned_by: string | null;
  assigned_at: string;
}

export interface DecisionsTable {
  id: string;
  response_id: string;
  programme_id: string;
  version: number;
  outcome: 'fund' | 'fund_with_conditions' | 'decline';
  rationale: string;
  decided_by: string | null;
  decided_at: string;
}

/** Migration 017: the anonymous peer pool, one row per team (its latest consented attempt). */
export interface PeerPoolTable {
  response_id: string;
  area: string;
  major_version: number;
  scoring_version: number;
  goal: number | null;
  precondition: number | null;
  /** JSON {"<value>": score or null} */
  value_scores: string;
  created_at: string;
}

/** Where a released report that left the peer pool stood: its position and nothing else (migration 026). */
export interface PeerPoolPlacesTable {
  /** The left report's id, only to order places among rows joined in the same millisecond; no key. */
  id: string;
  area: string;
  major_version: number;
  created_at: string;
  /** PEER_MIN_POOL when it was kept: counted only under that step. */
  step: number;
}

/** Where a released share that was withdrawn stood in its programme's steps, and its team (migration 027). */
export interface CohortPlacesTable {
  programme_id: string;
  /** The withdrawn attempt's id, only to order places among shares of the same millisecond; no key. */
  id: string;
  team_id: string;
  area: string;
  shared_at: string;
  /** COHORT_MIN_GROUP when it was kept: counted only under that step. */
  step: number;
}

/** A questionnaire version: a draft, in review, published or retired (migration 018, docs/editor.md). */
export interface QuestionnaireVersionsTable {
  id: string;
  questionnaire_id: string;
  area: string;
  version: Defaulted<string>;
  status: 'draft' | 'in_review' | 'published' | 'retired';
  document: string;
  hash: string | null;
  based_on: string | null;
  revision: Defaulted<number>;
  created_by: string | null;
  updated_by: string | null;
  submitted_by: string | null;
  approved_by: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  retired_at: string | null;
}

export interface Schema {
  questionnaire_versions: QuestionnaireVersionsTable;
  schema_migrations: SchemaMigrationsTable;
  questionnaire_snapshots: QuestionnaireSnapshotsTable;
  responses: ResponsesTable;
  share_links: ShareLinksTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_tokens: PasswordTokensTable;
  programmes: ProgrammesTable;
  programme_members: ProgrammeMembersTable;
  reviews: ReviewsTable;
  audit_log: AuditLogTable;
  response_scores: ResponseScoresTable;
  programme_embed_origins: ProgrammeEmbedOriginsTable;
  api_keys: ApiKeysTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  print_tickets: PrintTicketsTable;
  rate_limit_hits: RateLimitHitsTable;
  job_leases: JobLeasesTable;
  mail_outbox: MailOutboxTable;
  answer_verdicts: AnswerVerdictsTable;
  clarification_threads: ClarificationThreadsTable;
  clarification_files: ClarificationFilesTable;
  clarification_messages: ClarificationMessagesTable;
  answer_revisions: AnswerRevisionsTable;
  review_assignments: ReviewAssignmentsTable;
  decisions: DecisionsTable;
  startup_contacts: StartupContactsTable;
  startup_contact_tokens: StartupContactTokensTable;
  reminders_sent: RemindersSentTable;
  signing_keys: SigningKeysTable;
  attestations: AttestationsTable;
  plan_items: PlanItemsTable;
  peer_pool: PeerPoolTable;
  peer_pool_places: PeerPoolPlacesTable;
  cohort_places: CohortPlacesTable;
}

export type Row<T extends keyof Schema> = Selectable<Schema[T]>;
export type NewRow<T extends keyof Schema> = Insertable<Schema[T]>;
export type RowUpdate<T extends keyof Schema> = Updateable<Schema[T]>;

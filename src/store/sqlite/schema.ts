// The one SQLite schema. Migrations are additive and keyed by PRAGMA user_version.
// INVARIANT: audit headers are immutable once written; only `payload` may become NULL (retention purge).

export const SCHEMA_VERSION = 3;

// Derived data: query filters, filled lazily from the headers (see audit-index.ts). Never read by verify.
const AUDIT_INDEX = `
CREATE TABLE IF NOT EXISTS audit_index (
  seq INTEGER PRIMARY KEY,
  ts TEXT,
  kind TEXT,
  session_id TEXT,
  agent_id TEXT,
  tool_name TEXT,
  verdict TEXT,
  risk_tier TEXT,
  tenant TEXT
);
CREATE INDEX IF NOT EXISTS audit_index_ts ON audit_index (ts);
CREATE INDEX IF NOT EXISTS audit_index_session ON audit_index (session_id);
CREATE INDEX IF NOT EXISTS audit_index_agent ON audit_index (agent_id);
CREATE INDEX IF NOT EXISTS audit_index_tool ON audit_index (tool_name);
`;

// A session's append-only part: one row per step, keyed by (session id, n); `sessions.value` holds the
// head. Rows are only inserted, and deleted with their session.
const SESSION_ITEMS = `
CREATE TABLE IF NOT EXISTS session_items (
  id TEXT NOT NULL,
  n INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (id, n)
);
`;

/** The whole schema, for a new database. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_records (
  seq INTEGER PRIMARY KEY,
  header TEXT NOT NULL,
  leaf_hash BLOB NOT NULL,
  payload TEXT
);
CREATE TABLE IF NOT EXISTS audit_heads (
  tree_size INTEGER PRIMARY KEY,
  json TEXT NOT NULL,
  frontier BLOB
);
${AUDIT_INDEX}
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  version INTEGER NOT NULL
);
${SESSION_ITEMS}
CREATE TABLE IF NOT EXISTS approvals (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  value TEXT NOT NULL,
  deadline REAL NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS approvals_pending ON approvals (deadline) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS counters (
  key TEXT NOT NULL,
  meter TEXT NOT NULL,
  used REAL NOT NULL,
  PRIMARY KEY (key, meter)
);
CREATE TABLE IF NOT EXISTS reservations (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL,
  amounts TEXT NOT NULL,
  expires_at REAL NOT NULL,
  state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reservations_live ON reservations (key) WHERE state = 'live';
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  expires_at REAL NOT NULL,
  result TEXT
);
CREATE TABLE IF NOT EXISTS control (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  revision INTEGER NOT NULL
);
`;

/**
 * Version 1 → 2 (audit append path): each commit wrote the record, three secondary-index pages and an
 * `audit_state` row. Now a commit writes only the record row; the tree state is recovered from the
 * checkpoint stored with each head plus the leaf hashes after it, and query filters live in `audit_index`,
 * filled lazily.
 */
export const MIGRATE_V1_TO_V2 = `
DROP INDEX IF EXISTS audit_records_ts;
DROP INDEX IF EXISTS audit_records_session;
DROP INDEX IF EXISTS audit_records_agent;
ALTER TABLE audit_records DROP COLUMN ts;
ALTER TABLE audit_records DROP COLUMN kind;
ALTER TABLE audit_records DROP COLUMN session_id;
ALTER TABLE audit_records DROP COLUMN agent_id;
ALTER TABLE audit_records DROP COLUMN tool_name;
ALTER TABLE audit_records DROP COLUMN verdict;
ALTER TABLE audit_records DROP COLUMN risk_tier;
ALTER TABLE audit_records DROP COLUMN tenant;
DROP TABLE IF EXISTS audit_state;
ALTER TABLE audit_heads ADD COLUMN frontier BLOB;
${AUDIT_INDEX}
`;

/**
 * Version 2 → 3 (session storage): a session was one JSON value rewritten whole by every call, so a call's
 * cost grew with the session's length. Now the head stays in `sessions.value` and each step is a row of
 * `session_items`. Existing rows are left as they are: a head holding the whole session is read as it is
 * and split by its next write.
 */
export const MIGRATE_V2_TO_V3 = SESSION_ITEMS;

/** Migrations in order: MIGRATIONS[v - 1] takes a database from version v to v + 1. */
export const MIGRATIONS = [MIGRATE_V1_TO_V2, MIGRATE_V2_TO_V3];

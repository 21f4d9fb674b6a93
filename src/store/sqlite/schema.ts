// The one SQLite schema. Migrations are additive and keyed by PRAGMA user_version.
// INVARIANT: audit headers are immutable once written; only `payload` may become NULL (retention purge).

export const SCHEMA_VERSION = 1;

export const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS audit_records (
  seq INTEGER PRIMARY KEY,
  header TEXT NOT NULL,
  leaf_hash BLOB NOT NULL,
  payload TEXT,
  ts TEXT NOT NULL,
  kind TEXT NOT NULL,
  session_id TEXT,
  agent_id TEXT,
  tool_name TEXT,
  verdict TEXT,
  risk_tier TEXT,
  tenant TEXT
);
CREATE INDEX IF NOT EXISTS audit_records_ts ON audit_records (ts);
CREATE INDEX IF NOT EXISTS audit_records_session ON audit_records (session_id);
CREATE INDEX IF NOT EXISTS audit_records_agent ON audit_records (agent_id);
CREATE TABLE IF NOT EXISTS audit_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  size INTEGER NOT NULL,
  frontier BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_heads (
  tree_size INTEGER PRIMARY KEY,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  version INTEGER NOT NULL
);
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

export const AUDIT_CODES = {
  AUDIT_WRITE_FAILED: { summary: "An audit record could not be made durable; the call it describes must not run (fail closed)." },
  AUDIT_CLOSED: { summary: "The audit log was used after close()." },
  AUDIT_UNKNOWN_INTENT: { summary: "appendOutcome named an intent sequence number that is not an intent in this log." },
  AUDIT_KEY_INVALID: { summary: "The signing or public key file is missing, malformed, or not an Ed25519 key." },
  AUDIT_KEY_MISMATCH: { summary: "A signed head or proof was signed by a key other than the pinned one." },
  AUDIT_PROOF_INVALID: { summary: "A proof file is malformed or does not verify against its signed head." },
  AUDIT_HEAD_INVALID: { summary: "A signed tree head (e.g. the --since-head file) is malformed or its signature does not verify." },
  AUDIT_SEQ_OUT_OF_RANGE: { summary: "A sequence number or tree size beyond the end of the log was asked for." },
  AUDIT_TAMPERED: { summary: "Verification found the log altered: a changed, missing, inserted or reordered record, or a bad head." },
  AUDIT_ARCHIVE_FAILED: { summary: "Retention could not write or fsync the cold archive file, so nothing was purged." },
  AUDIT_BAD_RECORD: { summary: "A record given to the audit log lacks a required field or is not JSON-serialisable." },
} as const;

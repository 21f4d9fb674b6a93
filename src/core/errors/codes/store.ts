export const STORE_CODES = {
  STORE_UNAVAILABLE: { summary: "The store could not be opened or reached (file not writable, database locked past the busy timeout)." },
  STORE_CONFLICT: { summary: "A write lost a compare-and-set race: the stored version is not the one the caller read." },
  STORE_NOT_FOUND: { summary: "The record, session, approval or reservation named does not exist." },
  STORE_ALREADY_EXISTS: { summary: "A create found a record with the same id already stored." },
  STORE_CORRUPT: { summary: "A stored value could not be decoded (bad JSON, unexpected schema version)." },
  STORE_INVALID_ARGUMENT: { summary: "A store call got an argument outside what the port allows (negative amount, empty id)." },
} as const;

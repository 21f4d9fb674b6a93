export const REPLAY_CODES = {
  REPLAY_BAD_TRACE: { summary: "A line of the replay input is not a valid trace." },
} as const;

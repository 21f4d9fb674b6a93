export const CEL_CODES = {
  CEL_SYNTAX: { summary: "A CEL condition does not parse." },
  CEL_UNKNOWN_IDENTIFIER: { summary: "A CEL condition uses a variable that the policy environment does not declare." },
  CEL_UNKNOWN_FUNCTION: { summary: "A CEL condition calls a function or macro the policy environment does not provide." },
  CEL_NOT_BOOLEAN: { summary: "A CEL condition is a literal that is not a boolean." },
} as const;

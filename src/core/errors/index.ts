export { ERROR_CODES, isErrorCode, type ErrorCode, type CodeInfo } from "./codes.js";
export { WardenError, isWardenError, describeCode, type SourceLocation } from "./warden-error.js";

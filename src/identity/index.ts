export { IdentityRegistry, type Identity } from "./registry.js";
export { PERSON_ROLES, parseToken, hashSecret, type PersonRole, type AgentKeyRecord, type PersonTokenRecord, type CredentialRecord } from "./tokens.js";

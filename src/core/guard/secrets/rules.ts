// Secret formats. Provider rules match a documented prefix and length (high precision); generic rules
// match a secret-named key followed by a value and ask ./entropy.ts whether the value looks real.
import type { Detector } from "../engine/detector.js";
import { secretValueScore } from "./entropy.js";

const prov = (type: string, re: RegExp, severity: Detector["severity"] = "critical"): Detector => ({
  type,
  severity,
  score: 0.95,
  re,
});

// A provider rule without a literal: a gate on its own structure (the two dots of a Discord bot token).
const gated = (type: string, re: RegExp): Detector => ({
  ...prov(type, re),
  gate: { trigger: /\.[A-Za-z0-9_-]{6}\./g, reach: 80 },
});

/** Provider token formats (public documentation of each vendor's key prefix). */
export const PROVIDER_RULES: readonly Detector[] = [
  prov(
    "aws_access_key_id",
    /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  ),
  prov("github_token", /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})/g),
  prov(
    "gitlab_token",
    /(?<![A-Za-z0-9_-])(?:gl(?:pat|dt|oas|rt|cbt|ptt|ft|imt|agent|ffct|soat|wt|cf)-[A-Za-z0-9_-]{20,80}|GR1348941[A-Za-z0-9_-]{20})/g,
  ),
  prov("slack_token", /(?<![A-Za-z0-9])xox[abposr]-(?:\d+-){0,3}[A-Za-z0-9-]{10,200}/g),
  prov("slack_webhook", /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/]{20,120}/g),
  prov("stripe_key", /(?<![A-Za-z0-9])(?:sk|rk|pk|whsec)_(?:live|test)_[A-Za-z0-9]{10,247}/g, "critical"),
  prov("google_api_key", /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g),
  prov("google_oauth_secret", /(?<![A-Za-z0-9])GOCSPX-[A-Za-z0-9_-]{28}/g),
  prov("anthropic_api_key", /(?<![A-Za-z0-9])sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{40,120}/g),
  prov(
    "openai_api_key",
    /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}|(?<![A-Za-z0-9_-])sk-proj-[A-Za-z0-9_-]{40,200}/g,
  ),
  prov("huggingface_token", /(?<![A-Za-z0-9])hf_[A-Za-z]{34}(?![A-Za-z0-9])/g),
  prov("npm_token", /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g),
  prov("pypi_token", /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,200}/g),
  prov("sendgrid_key", /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g),
  prov("twilio_key", /(?<![A-Za-z0-9])(?:SK|AC)[0-9a-fA-F]{32}(?![A-Za-z0-9])/g, "high"),
  prov("mailgun_key", /(?<![A-Za-z0-9])key-[0-9a-z]{32}(?![A-Za-z0-9])/g),
  prov("digitalocean_token", /(?<![A-Za-z0-9])do[opr]_v1_[a-f0-9]{64}/g),
  prov("shopify_token", /(?<![A-Za-z0-9])shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}/g),
  prov("telegram_bot_token", /(?<![A-Za-z0-9:])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/g),
  gated(
    "discord_bot_token",
    /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])/g,
  ),
  prov("azure_storage_key", /AccountKey=[A-Za-z0-9+/]{86}==/g),
  prov("atlassian_token", /(?<![A-Za-z0-9])ATATT3[A-Za-z0-9_=-]{100,250}/g),
  prov("docker_token", /(?<![A-Za-z0-9])dckr_pat_[A-Za-z0-9_-]{27,300}/g),
  prov("databricks_token", /(?<![A-Za-z0-9])dapi[a-f0-9]{32}(?:-\d)?(?![A-Za-z0-9])/g),
  prov("posthog_key", /(?<![A-Za-z0-9])ph[xsa]_[A-Za-z0-9]{39,60}/g, "high"),
  prov("postman_key", /(?<![A-Za-z0-9])PMA[KT]-[A-Za-z0-9-]{24,64}/g),
  prov("sonarqube_token", /(?<![A-Za-z0-9])sq[uapb]_[a-f0-9]{40}(?![A-Za-z0-9])/g),
  prov("supabase_token", /(?<![A-Za-z0-9])sb[pa]_(?:v0_)?[a-f0-9]{40}/g),
  prov("together_key", /(?<![A-Za-z0-9])tgp_v1_[A-Za-z0-9_-]{40,300}/g),
  prov("groq_key", /(?<![A-Za-z0-9])gsk_[A-Za-z0-9]{48,52}/g),
  prov("brevo_key", /(?<![A-Za-z0-9])xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}/g),
  prov("onepassword_token", /(?<![A-Za-z0-9])ops_eyJ[A-Za-z0-9_-]{100,2000}/g),
  prov("age_secret_key", /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/g),
  prov("clojars_token", /(?<![A-Za-z0-9])CLOJARS_[a-f0-9]{60}/g),
  prov(
    "grafana_token",
    /(?<![A-Za-z0-9])(?:glc_eyJ[A-Za-z0-9_=-]{30,400}|glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}|eyJrIjoi[A-Za-z0-9_=-]{40,200})/g,
  ),
  // More vendor formats (documented prefixes; the same list public scanners such as CredSweeper and
  // gitleaks carry).
  prov("figma_token", /(?<![A-Za-z0-9_])figd_[A-Za-z0-9_-]{38,44}/g),
  prov(
    "heroku_key",
    /(?<![A-Za-z0-9])HRKU-(?:[A-Za-z0-9_-]{60}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g,
  ),
  prov("planetscale_token", /(?<![A-Za-z0-9])pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64}/g),
  prov("posthog_project_key", /(?<![A-Za-z0-9])ph[cr]_[A-Za-z0-9]{39,60}/g, "high"),
  prov("rubygems_key", /(?<![A-Za-z0-9])rubygems_[a-f0-9]{48}(?![A-Za-z0-9])/g),
  prov("perplexity_key", /(?<![A-Za-z0-9])pplx-[A-Za-z0-9]{40,56}(?![A-Za-z0-9])/g),
  prov("xai_key", /(?<![A-Za-z0-9])xai-[A-Za-z0-9]{70,90}(?![A-Za-z0-9])/g),
  prov("linear_key", /(?<![A-Za-z0-9])lin_(?:api|oauth)_[A-Za-z0-9]{40}(?![A-Za-z0-9])/g),
  prov(
    "doppler_token",
    /(?<![A-Za-z0-9])dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9_-]{40,44}(?![A-Za-z0-9])/g,
  ),
  prov("docker_oat", /(?<![A-Za-z0-9])dckr_oat_[A-Za-z0-9_-]{27,300}/g),
  prov("docker_swarm", /(?<![A-Za-z0-9])SWM(?:TKN|KEY)-1-[A-Za-z0-9+/_-]{30,100}/g),
  prov("deepseek_key", /(?<![A-Za-z0-9_-])sk-[a-f0-9]{32}(?![A-Za-z0-9_-])/g),
  prov(
    "square_token",
    /(?<![A-Za-z0-9])(?:EAAA[A-Za-z0-9_-]{60}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43})(?![A-Za-z0-9_-])/g,
  ),
  prov("stripe_webhook_secret", /(?<![A-Za-z0-9])whsec_[A-Za-z0-9]{32,64}/g),
  prov("dropbox_token", /(?<![A-Za-z0-9])sl\.[A-Za-z0-9_-]{130,160}/g),
  prov("facebook_app_token", /(?<![A-Za-z0-9])\d{15,16}\|[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/g, "high"),
  prov("alibaba_access_key_id", /(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])/g, "high"),
  prov("akamai_token", /(?<![A-Za-z0-9])akab-[a-z0-9]{16}-[a-z0-9]{16}(?![A-Za-z0-9])/g),
  prov("defined_networking_key", /(?<![A-Za-z0-9])dnkey-[A-Z0-9]{26}-[A-Z0-9]{52}(?![A-Za-z0-9])/g),
  prov("mailchimp_key", /(?<![A-Za-z0-9])[A-Za-z0-9]{32}-us\d{1,2}(?![A-Za-z0-9])/g),
  prov("nuget_key", /(?<![A-Za-z0-9])oy2[a-z0-9]{43}(?![A-Za-z0-9])/g),
  prov(
    "azure_client_secret",
    /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
  ),
  prov("azure_api_key", /(?<![A-Za-z0-9])[A-Za-z0-9]{40,60}JQQJ9[A-Za-z0-9]{10,40}={0,2}/g),
  prov(
    "discord_webhook",
    /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,80}/g,
  ),
  // New Relic's documented key kinds: user (NRAK), admin (NRAA), Insights insert/query (NRII/NRIQ), browser
  // (NRJS), REST (NRRA), synthetics (NRSP), and ingest license keys (40 characters ending in NRAL).
  prov(
    "newrelic_key",
    /(?<![A-Za-z0-9])NR(?:AK|AA|II|IQ|JS|RA|SP|AL)-[A-Za-z0-9_-]{19,64}(?![A-Za-z0-9_-])|(?<![A-Za-z0-9])[A-Fa-f0-9]{36}NRAL(?![A-Za-z0-9])/g,
  ),
  // Salesforce: a session/access token is the 15- or 18-character org id (00D...), `!`, then the opaque part;
  // connected-app consumer keys start with 3MVG9 and refresh tokens with 5Aep861.
  prov(
    "salesforce_token",
    /(?<![A-Za-z0-9])00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{40,400}|(?<![A-Za-z0-9])(?:3MVG9|5Aep861)[A-Za-z0-9._]{40,200}(?![A-Za-z0-9._])/g,
  ),
  // Google OAuth client ids (documented shape: project number, 32 characters, .apps.googleusercontent.com).
  prov(
    "google_oauth_client_id",
    /(?<![A-Za-z0-9])\d{6,16}-[a-z0-9]{32}\.apps\.googleusercontent\.com/g,
    "medium",
  ),
  // Cloud resource endpoints that name a bucket or database (low severity: recon value, not a credential).
  prov(
    "aws_s3_bucket",
    /(?<![A-Za-z0-9.-])[a-z0-9][a-z0-9.-]{1,62}\.s3(?:[.-][a-z0-9-]{2,20})?\.amazonaws\.com|(?<![A-Za-z0-9.-])[a-z0-9][a-z0-9.-]{1,62}\.s3-website[.-](?:eu|ap|us|ca|sa|cn|me|af)-[a-z]{2,10}-\d/g,
    "low",
  ),
  prov("firebase_domain", /(?<![A-Za-z0-9.-])[a-z0-9][a-z0-9.-]{1,62}\.firebase(?:io|app)\.com/g, "low"),
  prov("wechat_app_id", /(?<![A-Za-z0-9])wx[a-f0-9]{16}(?![A-Za-z0-9])/g, "medium"),
  prov("slack_app_token", /(?<![A-Za-z0-9])xapp-\d-[A-Z0-9]{9,11}-\d{10,13}-[a-f0-9]{60,64}/g),
  prov("bedrock_key", /(?<![A-Za-z0-9])ABSK[A-Za-z0-9+/]{100,200}={0,2}/g),
  prov("twitter_bearer", /(?<![A-Za-z0-9%])A{18,24}[A-Za-z0-9%]{80,160}/g),
  prov("dropbox_long_term_key", /(?<![A-Za-z0-9])[A-Za-z0-9]{11}A{10}[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g),
  prov("base64_private_key", /LS0tLS1CRUdJTi[A-Za-z0-9+/]{20,8000}={0,2}/g),
  prov("cloudflare_token", /(?<![A-Za-z0-9_-])(?:cfut_|cfat_)[A-Za-z0-9_-]{40,300}/g),
  prov(
    "jwt",
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000}/g,
    "high",
  ),
  {
    type: "private_key",
    severity: "critical",
    score: 0.99,
    // The whole armoured block, so redaction removes the key body, not just the header.
    re: /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,20000}?(?:-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  {
    type: "connection_string_password",
    near: { words: ["://"], back: 22 },
    severity: "critical",
    score: 0.9,
    // scheme://user:PASSWORD@host — the password is group 1.
    re: /(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s:/@'"]{1,100}:([^\s:/@'"]{1,200})@[A-Za-z0-9.-]{1,255}/dg,
    group: 1,
    validate: (v) => v.length >= 3 && !/^(?:\*+|x+|password|pass|\$\{?\w+\}?|<\w+>)$/i.test(v),
  },
  {
    type: "bearer_token",
    near: { words: ["bearer", "token", "basic"], back: 0 },
    severity: "high",
    score: 0.85,
    re: /\b(?:[Bb]earer|[Tt]oken|[Bb]asic)\s{1,3}([A-Za-z0-9._~+/=-]{16,2000})/dg,
    group: 1,
    validate: (v) => secretValueScore(v, true),
  },
];

// Names that mark a value as a secret. Password-like names accept human-chosen values; generic ones
// (`key`, `token`) demand a random-looking value.
const PASSWORD_NAMES =
  "pass(?:word|wd|phrase|wrd)?|pas(?:wd|wrd|word)|ps{1,2}wo?r?d|psswo?rd|pwd|pw|passcode|pin";
const GENERIC_NAMES =
  "secret|token|api[_-]?key|apikey|api|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|auth|credentials?|key|otp|signature|cookie";
// Values that are random by construction but often shorter or plainer than an API key (CredSweeper's Salt and
// Nonce keywords): accepted from 6 characters when they mix character classes.
const SALT_NAMES = "salt|nonce|pepper|seed";

// `Authorization: Basic dXNlcjpwYXNz`: the scheme word is not the secret, the credential after it is.
const AUTH_SCHEMES = "(?:[Bb]earer|[Bb]asic|[Tt]oken|[Dd]igest|[Bb]ot|SSWS)";

// `password: String = "…"` (Scala, Kotlin, TypeScript, Python annotations): an optional type between the
// name and the assignment.
const TYPE_ANNOTATION = "(?:\\s{0,3}:\\s{0,3}[A-Za-z_][\\w.]{0,20}(?=\\s{0,3}=[^=]))?";

/**
 * `password is X` is often prose ("password is incorrect"): after the word `is`, only values mixing character
 * classes (letters with digits or symbols, or both cases) count.
 */
function keyedScore(v: string, text: string, start: number, strict: boolean): number {
  if (/\sis\s{1,3}\\?["'`]?$/i.test(text.slice(Math.max(0, start - 8), start))) {
    const w = v.replace(/[.!?,:]+$/, ""); // sentence punctuation is not part of a value
    const mixed = /[A-Za-z]/.test(w) && (/[^A-Za-z]/.test(w) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(w));
    if (!mixed) return 0;
  }
  return secretValueScore(v, strict);
}

/** `name = value`, `name: value`, `"name": "value"`, `--name value`, `name "value"` (group 1 = value). */
export const KEYED_RULES: readonly Detector[] = [
  {
    type: "password_assignment",
    near: { words: ["pas", "psw", "pssw", "pw", "pin"], back: 0 },
    severity: "critical",
    score: 0.85,
    re: new RegExp(
      `(?:${PASSWORD_NAMES})[A-Za-z0-9_.-]{0,40}["'\\])]{0,2}${TYPE_ANNOTATION}\\s{0,3}(?::=|=>|==|[:=]|\\s(?:is\\s{1,3})?)\\s{0,3}[(\\[]?\\s{0,2}\\\\?["'\`]?([^\\s"'\`,;<>(){}\\[\\]&\\\\]{4,200})`,
      "dgi",
    ),
    group: 1,
    validate: (v, text, start) => keyedScore(v, text, start, false),
  },
  {
    type: "secret_assignment",
    near: { words: ["secret", "token", "api", "auth", "cred", "key", "otp", "signature", "cookie"], back: 0 },
    severity: "critical",
    score: 0.85,
    re: new RegExp(
      `(?:${GENERIC_NAMES})[A-Za-z0-9_.-]{0,40}["'\\])]{0,2}${TYPE_ANNOTATION}\\s{0,3}(?::=|=>|[:=]|\\s(?:is\\s{1,3})?)\\s{0,3}\\\\?["'\`]?(?:${AUTH_SCHEMES}\\s{1,3})?([^\\s"'\`,;<>(){}\\[\\]&\\\\]{8,500})`,
      "dgi",
    ),
    group: 1,
    validate: (v, text, start) => keyedScore(v, text, start, true),
  },
  {
    type: "salt_assignment",
    near: { words: ["salt", "nonce", "pepper", "seed"], back: 0 },
    severity: "high",
    score: 0.8,
    re: new RegExp(
      `(?<![A-Za-z])(?:${SALT_NAMES})(?![a-z])[A-Za-z0-9_.-]{0,30}["'\\])]{0,2}\\s{0,3}(?::=|=>|[:=])\\s{0,3}[bru]?["'\`]?([^\\s"'\`,;<>(){}\\[\\]&\\\\]{6,200})`,
      "dgi",
    ),
    group: 1,
    validate: (v) => {
      const s = secretValueScore(v, false);
      return s >= 0.85 || (v.length >= 12 && s > 0) ? Math.max(s, 0.8) : 0;
    },
  },
  {
    type: "secret_byte_array",
    // Found from the array literal (rarer than the key names); the name is at most 100 characters before.
    trigger: { re: /[{[(]\s{0,3}(?:0x[0-9A-Fa-f]{1,2}|\d{1,3})\s{0,3},/g, back: 100 },
    severity: "high",
    score: 0.8,
    // Key material written as a byte array: `Secret: []byte{333, 9, 100, …}`, `#define AESKEY {0x35, 0x34, …}`,
    // `byte[] salt = {…}`, `key = bytes([…])`. Eight or more numeric elements after a secret-named key.
    re: new RegExp(
      `(?:${PASSWORD_NAMES}|${GENERIC_NAMES}|${SALT_NAMES})[A-Za-z0-9_]{0,30}["'\\]]{0,2}\\s{0,3}(?:[:=]|\\[\\])?\\s{0,3}(?:\\[\\]byte|new\\s{1,3}byte\\[\\]|bytes\\(|bytearray\\(|\\(byte\\[\\]\\))?\\s{0,3}[\\[{(]\\s{0,3}((?:(?:0x[0-9A-Fa-f]{1,2}|\\d{1,3})\\s{0,3},[\\s\\\\]{0,8}){7,256}(?:0x[0-9A-Fa-f]{1,2}|\\d{1,3}))`,
      "dgi",
    ),
    group: 1,
  },
  {
    type: "http_auth_header",
    // `x-…-token:` from its `x-`, `proxy-authorization` from its `auth` (6 characters in).
    near: { words: ["auth", "api", "cookie", "x-"], back: 6 },
    severity: "critical",
    score: 0.85,
    // An HTTP credential header, raw or in `curl -H '…'`: Authorization (any scheme), API-key, token, secret,
    // session and cookie headers. Group 1 is the credential after the optional scheme word.
    re: new RegExp(
      `(?<![A-Za-z0-9-])(?:(?:proxy-)?authorization|x-[a-z0-9-]{0,30}(?:token|key|secret|auth|signature|session|password)[a-z0-9-]{0,30}|api-?key|cookie)["']?\\s{0,3}:\\s{0,3}(?:${AUTH_SCHEMES}\\s{1,3}|(?:negotiate|ntlm|hmac|aws4-hmac-sha256)\\s{1,3})?([^\\s"'\`]{6,2000})`,
      "dgi",
    ),
    group: 1,
    validate: (v) => secretValueScore(v.replace(/[;,]$/, ""), false),
  },
  {
    type: "curl_credential",
    near: { words: ["-u", "-e", "-p", "--cert", "--oauth2"], back: 1 },
    severity: "critical",
    score: 0.85,
    // curl's credential options: -u/--user and --proxy-user `user:password`, --oauth2-bearer TOKEN,
    // --pass PHRASE, -E/--cert FILE:PASSWORD.
    re: /(?<![\w-])(?:(?:-u|--user|-U|--proxy-user)(?:\s{1,3}|=)?["']?[^\s:"'@/]{1,64}:|(?:--oauth2-bearer|--pass|--proxy-pass)(?:\s{1,3}|=)["']?|(?:-E|--cert)\s{1,3}["']?[^\s:"']{1,200}:)([^\s"'@]{3,200})/dg,
    group: 1,
    validate: (v) => secretValueScore(v, false),
  },
  {
    type: "google_client_secret",
    severity: "critical",
    score: 0.85,
    // The pre-2021 Google OAuth client secret (24 URL-safe characters) has no prefix: only next to a client id.
    re: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{24}(?![A-Za-z0-9_/+=.-])/g,
    gate: { trigger: /\.apps\.googleusercontent\.com/g, reach: 700 },
    validate: (v, text, start) =>
      /\d/.test(v) &&
      /[A-Za-z]/.test(v) &&
      text.slice(Math.max(0, start - 600), start + 624).includes(".apps.googleusercontent.com")
        ? secretValueScore(v, true)
        : 0,
  },
  {
    type: "sql_password",
    near: { words: ["identified", "pas"], back: 0 },
    severity: "critical",
    score: 0.85,
    re: /\b(?:IDENTIFIED\s{1,3}(?:WITH\s{1,3}\w{1,40}\s{1,3})?BY|PASSWORD)\s{1,3}(?:=\s{0,3})?'?([^'\s;"\\]{3,200})/dgi,
    group: 1,
    validate: (v) => secretValueScore(v, false),
  },
  {
    type: "jwk_private",
    severity: "critical",
    score: 0.85,
    // Private members of a JSON Web Key ("d", primes, CRT values, symmetric "k") next to a "kty".
    re: /"(?:d|p|q|dp|dq|qi|k)"\s{0,3}:\s{0,3}"([A-Za-z0-9_-]{16,4000})"/dg,
    gate: { trigger: /"kty"/g, reach: 7100 },
    group: 1,
    validate: (_v, text, start) => /"kty"\s{0,3}:/.test(text.slice(Math.max(0, start - 3000), start + 3000)),
  },
  {
    type: "powershell_secure_string",
    near: { words: ["convertto"], back: 0 },
    severity: "critical",
    score: 0.85,
    // ConvertTo-SecureString [-String] [-AsPlainText] [-Force] "value"
    re: /ConvertTo-SecureString\s{1,3}(?:-\w{1,20}\s{1,3}){0,4}["'\\]{0,3}([^\s"'\\]{4,200})/dg,
    group: 1,
    validate: (v) => (v.startsWith("$") || v.startsWith("-") ? false : secretValueScore(v, false)),
  },
  {
    type: "xml_password",
    near: { words: ["pas", "pwd", "secret", "token", "api", "key"], back: 1 },
    severity: "critical",
    score: 0.85,
    // <password ...>value</password>
    re: /<(pass(?:word|wd)?|pwd|secret|token|api[_-]?key|key)\b[^>\n]{0,100}>([^<\s]{4,200})<\/\1>/dgi,
    group: 2,
    validate: (v) => secretValueScore(v, false),
  },
  {
    type: "cli_password",
    near: { words: ["-p", "-u", "sshpass"], back: 0 },
    severity: "high",
    score: 0.75,
    gate: { trigger: /-[pu]|sshpass/g, reach: 240 },
    // mysql -pSECRET, sshpass -p SECRET, curl -u user:SECRET
    re: /(?<=\s)(?:-p|sshpass\s{1,3}-p\s{1,3}|-u\s{1,3}[^\s:]{1,64}:)([^\s'"-][^\s'"]{3,100})/dg,
    group: 1,
    validate: (v) => secretValueScore(v, false),
  },
];

export const SECRET_PRIORITY: readonly string[] = [
  "private_key",
  ...PROVIDER_RULES.map((r) => r.type),
  "connection_string_password",
  "sql_password",
  "password_assignment",
  "secret_assignment",
  "jwk_private",
  "powershell_secure_string",
  "xml_password",
  "cli_password",
  "curl_credential",
  "http_auth_header",
  "salt_assignment",
  "secret_byte_array",
  "google_client_secret",
  "bearer_token",
];

/**
 * Literals every match of a provider rule contains (case-sensitive), and a reach covering the longest match
 * plus its lookarounds (every provider pattern is bounded, so the reach is finite), and `back`, the most
 * characters a literal can sit after the start of a match (0: the match starts with the literal), which lets
 * the rule run as anchored attempts at its literals instead of scanning regions. One combined prefilter
 * (../engine/anchors.ts) finds them all; a rule none of whose literals occur does no work. Rules absent here
 * have a `near` or `gate` prefilter, or scan the whole text. test/guard-prefilter.test.ts checks that
 * prefiltered and whole-text results agree.
 */
export const PROVIDER_LITERALS: Record<string, { lits: string[]; reach: number; back?: number }> = {
  aws_access_key_id: {
    lits: ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "APKA"],
    reach: 40,
    back: 0,
  },
  github_token: { lits: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], reach: 300, back: 0 },
  gitlab_token: {
    lits: [
      "glpat-",
      "gldt-",
      "gloas-",
      "glrt-",
      "glcbt-",
      "glptt-",
      "glft-",
      "glimt-",
      "glagent-",
      "glffct-",
    ].concat(["glsoat-", "glwt-", "glcf-", "GR1348941"]),
    reach: 120,
    back: 0,
  },
  slack_token: { lits: ["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-"], reach: 280, back: 0 },
  slack_webhook: { lits: ["hooks.slack.com/"], reach: 180, back: 8 },
  stripe_key: { lits: ["_live_", "_test_"], reach: 280, back: 5 },
  google_api_key: { lits: ["AIza"], reach: 60, back: 0 },
  google_oauth_secret: { lits: ["GOCSPX-"], reach: 60, back: 0 },
  anthropic_api_key: { lits: ["sk-ant-"], reach: 160, back: 0 },
  openai_api_key: { lits: ["T3BlbkFJ", "sk-proj-"], reach: 440 },
  huggingface_token: { lits: ["hf_"], reach: 60, back: 0 },
  npm_token: { lits: ["npm_"], reach: 60, back: 0 },
  pypi_token: { lits: ["pypi-AgEIcHlwaS5vcmc"], reach: 260, back: 0 },
  sendgrid_key: { lits: ["SG."], reach: 100, back: 0 },
  twilio_key: { lits: ["SK", "AC"], reach: 60, back: 0 },
  mailgun_key: { lits: ["key-"], reach: 60, back: 0 },
  digitalocean_token: { lits: ["_v1_"], reach: 100, back: 3 },
  shopify_token: { lits: ["shpat_", "shpca_", "shppa_", "shpss_"], reach: 60, back: 0 },
  telegram_bot_token: { lits: [":AA"], reach: 80, back: 10 },
  azure_storage_key: { lits: ["AccountKey="], reach: 120, back: 0 },
  atlassian_token: { lits: ["ATATT3"], reach: 280, back: 0 },
  docker_token: { lits: ["dckr_pat_"], reach: 320, back: 0 },
  databricks_token: { lits: ["dapi"], reach: 60, back: 0 },
  posthog_key: { lits: ["phx_", "phs_", "pha_"], reach: 100, back: 0 },
  postman_key: { lits: ["PMAK-", "PMAT-"], reach: 100, back: 0 },
  sonarqube_token: { lits: ["squ_", "sqa_", "sqp_", "sqb_"], reach: 60, back: 0 },
  supabase_token: { lits: ["sbp_", "sba_"], reach: 60, back: 0 },
  together_key: { lits: ["tgp_v1_"], reach: 320, back: 0 },
  groq_key: { lits: ["gsk_"], reach: 80, back: 0 },
  brevo_key: { lits: ["xkeysib-"], reach: 100, back: 0 },
  onepassword_token: { lits: ["ops_eyJ"], reach: 2020, back: 0 },
  age_secret_key: { lits: ["AGE-SECRET-KEY-1"], reach: 100, back: 0 },
  clojars_token: { lits: ["CLOJARS_"], reach: 100, back: 0 },
  grafana_token: { lits: ["glc_eyJ", "glsa_", "eyJrIjoi"], reach: 440, back: 0 },
  figma_token: { lits: ["figd_"], reach: 80, back: 0 },
  heroku_key: { lits: ["HRKU-"], reach: 100, back: 0 },
  planetscale_token: { lits: ["pscale_"], reach: 100, back: 0 },
  posthog_project_key: { lits: ["phc_", "phr_"], reach: 100, back: 0 },
  rubygems_key: { lits: ["rubygems_"], reach: 80, back: 0 },
  perplexity_key: { lits: ["pplx-"], reach: 80, back: 0 },
  xai_key: { lits: ["xai-"], reach: 120, back: 0 },
  linear_key: { lits: ["lin_api_", "lin_oauth_"], reach: 80, back: 0 },
  doppler_token: { lits: ["dp."], reach: 80, back: 0 },
  docker_oat: { lits: ["dckr_oat_"], reach: 320, back: 0 },
  docker_swarm: { lits: ["SWMTKN-1-", "SWMKEY-1-"], reach: 140, back: 0 },
  deepseek_key: { lits: ["sk-"], reach: 60, back: 0 },
  square_token: { lits: ["EAAA", "sq0atp-", "sq0csp-"], reach: 100, back: 0 },
  stripe_webhook_secret: { lits: ["whsec_"], reach: 100, back: 0 },
  dropbox_token: { lits: ["sl."], reach: 200, back: 0 },
  facebook_app_token: { lits: ["|"], reach: 80, back: 16 },
  alibaba_access_key_id: { lits: ["LTAI"], reach: 60, back: 0 },
  akamai_token: { lits: ["akab-"], reach: 60, back: 0 },
  defined_networking_key: { lits: ["dnkey-"], reach: 120, back: 0 },
  mailchimp_key: { lits: ["-us"], reach: 60, back: 32 },
  nuget_key: { lits: ["oy2"], reach: 80, back: 0 },
  azure_client_secret: { lits: ["Q~"], reach: 80, back: 4 },
  azure_api_key: { lits: ["JQQJ9"], reach: 140, back: 60 },
  discord_webhook: { lits: ["/api/webhooks/"], reach: 200, back: 32 },
  newrelic_key: {
    lits: ["NRAK-", "NRAA-", "NRII-", "NRIQ-", "NRJS-", "NRRA-", "NRSP-", "NRAL"],
    reach: 80,
    back: 36,
  },
  salesforce_token: { lits: ["00D", "3MVG9", "5Aep861"], reach: 440, back: 0 },
  google_oauth_client_id: { lits: [".apps.googleusercontent.com"], reach: 80, back: 50 },
  aws_s3_bucket: { lits: [".s3.", ".s3-"], reach: 140, back: 64 },
  firebase_domain: { lits: [".firebaseio.com", ".firebaseapp.com"], reach: 100, back: 64 },
  wechat_app_id: { lits: ["wx"], reach: 40, back: 0 },
  slack_app_token: { lits: ["xapp-"], reach: 140, back: 0 },
  bedrock_key: { lits: ["ABSK"], reach: 240, back: 0 },
  twitter_bearer: { lits: ["AAAAAAAAAAAAAAAAAA"], reach: 220, back: 0 },
  dropbox_long_term_key: { lits: ["AAAAAAAAAA"], reach: 100 },
  base64_private_key: { lits: ["LS0tLS1CRUdJTi"], reach: 8100, back: 0 },
  cloudflare_token: { lits: ["cfut_", "cfat_"], reach: 320, back: 0 },
  jwt: { lits: ["eyJ"], reach: 8100, back: 0 },
  private_key: { lits: ["-----BEGIN"], reach: 20200, back: 0 },
};

// Secret formats. Provider rules match a documented prefix and length (high precision); generic rules
// match a secret-named key followed by a value and ask ./entropy.ts whether the value looks real.
import type { Detector } from "../engine/detector.js";
import { secretValueScore } from "./entropy.js";
import { decodeBase64 } from "./b64.js";

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

const PROVIDER_TOKEN_RULES: readonly Detector[] = [
  prov(
    "aws_access_key_id",
    /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|AROA|ANPA|ANVA|APKA|ASCA)[A-Z0-9]{16,17}(?![A-Za-z0-9])/g,
  ),
  prov("github_token", /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})/g),
  prov(
    "gitlab_token",
    /(?<![A-Za-z0-9_-])(?:(?:gl(?:pat|dt|oas|rt|cbt|ptt|ft|imt|agent|ffct|soat|wt|cf)-|GR1348941|_gitlab_session=)[A-Za-z0-9_-]{20,80}(?:\.[0-9A-Za-z_-]{2,16}){0,2})/g,
  ),
  prov("slack_token", /(?<![A-Za-z0-9])xox[a-z]-(?:\d+-){0,3}[A-Za-z0-9-]{10,250}/g),
  prov("slack_webhook", /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/]{20,120}/g),
  prov("stripe_key", /(?<![A-Za-z0-9])(?:sk|rk|pk|whsec)_(?:live|test)_[A-Za-z0-9]{10,247}/g, "critical"),
  prov("google_api_key", /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g),
  prov("google_oauth_secret", /(?<![A-Za-z0-9])GOCSPX-[A-Za-z0-9_-]{28}/g),
  prov("anthropic_api_key", /(?<![A-Za-z0-9])sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{40,120}/g),
  prov(
    "openai_api_key",
    /(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,200}(?:T3BlbkFJ|9wZW5BS|PcGVuQU)[A-Za-z0-9_-]{16,200}|(?<![A-Za-z0-9_-])sk-proj-[A-Za-z0-9_-]{40,200}/g,
  ),
  prov("huggingface_token", /(?<![A-Za-z0-9])hf_[A-Za-z0-9_-]{34}(?![A-Za-z0-9_-])/g),
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
    /(?<![A-Za-z0-9_-])[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g,
  ),
  prov("azure_storage_key", /AccountKey=[A-Za-z0-9+/]{86}==/g),
  prov("atlassian_token", /(?<![A-Za-z0-9])ATATT3[A-Za-z0-9_=-]{80,800}(?:%3[dD][A-F0-9]{8})?/g),
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
    /(?<![A-Za-z0-9])(?:EAAA[A-Za-z0-9_-]{60}|sq0[a-z]{3}-[A-Za-z0-9_-]{22}(?:[A-Za-z0-9_-]{21})?)(?![A-Za-z0-9_-])/g,
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
    /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{16,22}\/[A-Za-z0-9_-]{40,100}/g,
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
    /(?<![A-Za-z0-9])00D[A-Za-z0-9]{9,15}![A-Za-z0-9._]{24,400}|(?<![A-Za-z0-9])(?:3MVG|5Aep861)[A-Za-z0-9._]{24,200}(?![A-Za-z0-9._])/g,
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
  prov("cloudflare_token", /(?<![A-Za-z0-9_-])(?:cfut_|cfat_)[A-Za-z0-9_-]{40,300}/g),
  // CredSweeper's public rule catalog (credsweeper/rules/config.yaml) and gitleaks' config/gitleaks.toml: the
  // remaining documented vendor prefixes.
  prov(
    "aws_mws_key",
    /(?<![A-Za-z0-9])amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9_-])/g,
  ),
  prov(
    "dynatrace_token",
    /(?<![A-Za-z0-9])dt0[A-Za-z][0-9]{2}\.[A-Z0-9]{24}\.[A-Z0-9]{64}(?![A-Za-z0-9_-])/g,
  ),
  // Facebook/Meta user and page access tokens: EAA + app-specific letter + a long opaque part (Square's EAAA
  // tokens are 64 characters, these 80+). Not inside a base64 blob: no base64 character around it.
  prov("facebook_access_token", /(?<![A-Za-z0-9+/_-])EAA[A-Za-z0-9]{80,800}(?![A-Za-z0-9+/=_-])/g),
  prov("google_oauth_access_token", /(?<![A-Za-z0-9])ya29\.[0-9A-Za-z_-]{22,2000}/g),
  prov("google_oauth_refresh_token", /(?<![A-Za-z0-9/])1\/\/0[0-9A-Za-z_-]{80,2000}/g),
  prov("instagram_token", /(?<![A-Za-z0-9])IGQVJ[=0-9A-Za-z_-]{100,2000}/g),
  prov("braintree_token", /access_token\$production\$[0-9a-z]{16}\$[0-9a-z]{32}(?![A-Za-z0-9_-])/g),
  prov(
    "jfrog_token",
    /(?<![A-Za-z0-9])(?:cmVmdGtuO[0-9A-Za-z_-]{55}|AKCp[0-9A-Za-z_-]{69})(?![0-9A-Za-z_-])/g,
  ),
  // Atlassian: Bitbucket app passwords (ATBB), repository/workspace access tokens (ATCTT3xFfGN0 … =checksum),
  // Bitbucket Server HTTP tokens (BBDC-).
  prov(
    "bitbucket_token",
    /(?<![A-Za-z0-9])(?:ATBB[0-9A-Za-z]{24}[A-F0-9]{8}(?![0-9A-Za-z_])|ATCTT3xFfGN0[0-9A-Za-z_-]{80,800}(?:\\?=|%3[dD])[A-F0-9]{8}|BBDC-[MNO][ADQTgjwz][AEIMQUYcgk][012345wxyz][0-9A-Za-z_-]{40})/g,
  ),
  prov("vault_token", /(?<![A-Za-z0-9])hv[brs]\.[0-9A-Za-z_-]{80,160}(?![0-9A-Za-z_-])/g),
  prov(
    "terraform_token",
    /(?<![A-Za-z0-9_-])[0-9A-Za-z_-]{14}\.atlasv1\.[0-9A-Za-z_-]{60,70}(?![0-9A-Za-z_-])/g,
  ),
  prov(
    "notion_token",
    /(?<![A-Za-z0-9])(?:ntn_[0-9]{9}[0-9A-Za-z_-]{36,255}|secret_[A-Za-z0-9]{43}(?![A-Za-z0-9]))/g,
  ),
  prov("tavily_key", /(?<![A-Za-z0-9])tvly-(?:dev-|prod-)?[0-9A-Za-z_-]{32,40}(?![0-9A-Za-z_-])/g),
  prov(
    "sentry_token",
    /(?<![A-Za-z0-9])(?:sntrys_eyJ[0-9A-Za-z_+/-]{80,4000}={0,2}(?:_[0-9A-Za-z_+/-]{32,256})?|sntryu_[0-9a-f]{64}(?![0-9A-Za-z_-]))/g,
  ),
  prov("ntlm_token", /(?<![A-Za-z0-9+/])TlRMTVNTUAADAAAA[=0-9A-Za-z_/+-]{8,8000}/g, "high"),
  prov("aws_appsync_key", /(?<![A-Za-z0-9])da2-[a-z0-9]{26}(?![A-Za-z0-9_-])/g),
  // The base64 of a PEM private key block anywhere inside a base64 blob (a Kubernetes secret, a base64 YAML):
  // "PRIVATE KEY" encodes to one of three strings depending on its offset; the finding is the whole run.
  {
    ...prov(
      "base64_pem_private_key",
      /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{0,8000}(?:UFJJVkFURSBLRVkt|QUklWQVRFIEtFWS0t|FBSSVZBVEUgS0VZ)[A-Za-z0-9+/]{16,8000}={0,2}/g,
    ),
    // The run must decode to a PEM private key block that is not passphrase-encrypted (CredSweeper's catalog
    // excludes ENCRYPTED keys too); the run may start mid-quantum, so try the four alignments.
    validate: (v) => {
      for (let k = 0; k < 4; k++) {
        const d = decodeBase64(v.slice(k).replace(/=+$/, ""));
        if (d !== undefined && /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/.test(d))
          return !d.includes("ENCRYPTED");
      }
      return false;
    },
  },
  prov(
    "jwt",
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000}/g,
    "high",
  ), // Any compact JWS/JWE (RFC 7515/7516/7519): a JOSE header, then two (JWS: payload, signature) or four (JWE)
  // base64url parts, which need not start with `eyJ` (an encrypted key, a payload written `{ "…`) and may be
  // empty (an unsecured JWT's signature). The header must decode to JSON naming `alg` or `enc`.
  {
    ...prov(
      "jwt",
      /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,2000}(?:\.[A-Za-z0-9_-]{0,4000}){2}(?:(?:\.[A-Za-z0-9_-]{0,4000}){2})?(?![A-Za-z0-9_.-])/g,
      "high",
    ),
    validate: (v) => {
      const dot = v.indexOf(".");
      if (v.length - dot < 12) return false; // a header and two dots, nearly nothing else: not a token
      const h = decodeBase64(v.slice(0, dot), 2000);
      return h !== undefined && /^\{\s*"/.test(h) && /"(?:alg|enc)"\s*:/.test(h);
    },
  },
];

// Token boundaries: a token also starts right after an escape sequence (`\n`, `\x41`, `\u0041`, `%2F`) or an
// ANSI colour code (`\x1b[94m` in terminal logs), as CredSweeper's rule catalog allows: `\nAKIA…` in a JSON
// string is still an access key.
const ESC_BEFORE =
  "(?<=\\\\[0abfnrtv]|\\\\x[0-9A-Fa-f]{2}|\\\\u[0-9A-Fa-f]{4}|%[0-9A-Fa-f]{2}|\\x1b\\[[0-9;]{0,20}m)";
function escBoundary(d: Detector): Detector {
  const src = d.re.source
    .split("(?<![A-Za-z0-9])")
    .join(`(?:(?<![A-Za-z0-9])|${ESC_BEFORE})`)
    .split("(?<![A-Za-z0-9_-])")
    .join(`(?:(?<![A-Za-z0-9_-])|${ESC_BEFORE})`);
  return src === d.re.source ? d : { ...d, re: new RegExp(src, d.re.flags) };
}

/** Provider token formats (public documentation of each vendor's key prefix). */
export const PROVIDER_RULES: readonly Detector[] = [
  ...PROVIDER_TOKEN_RULES.map(escBoundary),
  // CredSweeper's multi rules: the secret half of a key pair next to its id (an AWS secret access key, 40
  // base64 characters mixing upper, lower and digits, within 300 characters of an AKIA/ASIA id; an Alibaba
  // AccessKey secret, 30 alphanumerics, next to an LTAI id).
  {
    ...prov("aws_secret_access_key", /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g),
    validate: (v, text, start) =>
      /[A-Z]/.test(v) &&
      /[a-z]/.test(v) &&
      /[0-9]/.test(v) &&
      /(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9])/.test(
        text.slice(Math.max(0, start - 300), start + 340),
      ),
  },
  {
    ...prov("alibaba_access_key_secret", /(?<![A-Za-z0-9])[A-Za-z0-9]{30}(?![A-Za-z0-9])/g),
    validate: (v, text, start) =>
      /[A-Z]/.test(v) &&
      /[a-z]/.test(v) &&
      /(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])/.test(
        text.slice(Math.max(0, start - 300), start + 330),
      ),
  },
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
    // scheme://user:PASSWORD@host — the password is group 1. The user may be empty (`redis://:pw@host`).
    re: /(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s:/@'"]{0,100}:([^\s:/@'"]{1,200})@[A-Za-z0-9.-]{1,255}/dg,
    group: 1,
    validate: (v) => v.length >= 3 && !/^(?:\*+|x+|password|pass|\$\{?\w+\}?|<\w+>)$/i.test(v),
  },
  {
    type: "bearer_token",
    near: { words: ["bearer", "token", "basic", "ntlm"], back: 0 },
    severity: "high",
    score: 0.85,
    // `Bearer …`, `Token …`, `NTLM …` (a random-looking credential) and `Basic …` (CredSweeper's Basic
    // Authorization: any length from 8 when it decodes to `user:password`).
    re: /\b(?:[Bb]earer|[Tt]oken|[Bb]asic|NTLM|[Nn]tlm)\s{1,3}([A-Za-z0-9._~+/=-]{8,2000})/dg,
    group: 1,
    validate: (v, text, start) => {
      if (/basic\s{1,3}$/i.test(text.slice(Math.max(0, start - 9), start)))
        return isBasicCredential(v) ? 0.85 : 0;
      return v.length >= 16 ? secretValueScore(v, true) : 0;
    },
  },
];

/** A `Basic` credential decodes to printable `user:password` with a non-empty password. */
function isBasicCredential(v: string): boolean {
  const d = decodeBase64(v);
  if (d === undefined) return false;
  const c = d.indexOf(":");
  return c >= 0 && c < d.length - 1 && /^[\x20-\x7e]+$/.test(d);
}

// Names that mark a value as a secret. Password-like names accept human-chosen values; generic ones
// (`key`, `token`) demand a random-looking value.
const PASSWORD_NAMES =
  "pass(?:word|wd|phrase|wrd)?|pas(?:wd|wrd|word)|ps{1,2}wo?r?d|psswo?rd|pwd|pw|passcode|pin";
const GENERIC_NAMES =
  "secret|token|api[_-]?key|apikey|api|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|auth|credentials?|key|otp|signature|cookie";
const PASSWORD_WORDS = ["pas", "psw", "pssw", "pw", "pin"];
const GENERIC_WORDS = ["secret", "token", "api", "auth", "cred", "key", "otp", "signature", "cookie"];
// Values that are random by construction but often shorter or plainer than an API key (CredSweeper's Salt and
// Nonce keywords): accepted from 6 characters when they mix character classes.
const SALT_NAMES = "salt|nonce|pepper|seed";

// `Authorization: Basic dXNlcjpwYXNz`: the scheme word is not the secret, the credential after it is.
const AUTH_SCHEMES = "(?:[Bb]earer|[Bb]asic|[Tt]oken|[Dd]igest|[Bb]ot|SSWS)";

// Separators between a name and its value across languages: `=`, `:`, `:=` (Go), `=>` (PHP, Ruby), `==`,
// `===`, `!=`, `!==` (comparisons in code checking a password), `->`, `<-` (R), or whitespace (`SET password x`,
// `#define PASSWORD "x"`, `--password x`). Whitespace may be written as an escape inside a string (`\t`, `\n`)
// and quotes may be escaped (`\"`, `&quot;`).
const WS = "(?:\\s|\\\\[tn])";
const SEP = `(?::=|=>|===?|!==?|->|<-|[:=]|${WS}(?:is${WS}{1,3})?)`;
const OPEN_QUOTE = "(?:\\\\{0,3}[\"'`]{1,3}|&quot;|&apos;|&#3[49];)?";

// `password: String = "…"` (Scala, Kotlin, TypeScript, Python annotations): an optional type between the
// name and the assignment.
const TYPE_ANNOTATION = "(?:\\s{0,3}:\\s{0,3}[A-Za-z_][\\w.]{0,20}(?=\\s{0,3}=[^=]))?";

/**
 * `password is X` is often prose ("password is incorrect"): after the word `is`, only values mixing character
 * classes (letters with digits or symbols, or both cases) count.
 */
function keyedScore(v: string, text: string, start: number, strict: boolean): number {
  const quoted = start > 0 && QUOTE_CHARS.includes(text[start - 1] as string);
  if (/\sis\s{1,3}\\?["'`]?$/i.test(text.slice(Math.max(0, start - 8), start))) {
    const w = v.replace(/[.!?,:]+$/, ""); // sentence punctuation is not part of a value
    const mixed = /[A-Za-z]/.test(w) && (/[^A-Za-z]/.test(w) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(w));
    if (!mixed) return 0;
  }
  return secretValueScore(v, strict, quoted);
}
const QUOTE_CHARS = "\"'`;";

/**
 * A secret-named key whose value is a quoted string literal in a position the assignment rules do not cover
 * (group 1 = value):
 *   - a call or setter: `setPassword("…")`, `withToken('…')`, `password("…")`;
 *   - a quoted pair in a map literal or call: `put("password", "…")`, `{"api_key", "…"}`, `Map.of("secret", "…")`,
 *     `os.getenv("DB_PASSWORD", "…")`;
 *   - the default of an environment lookup: `SECRET = os.getenv("X", "…")`, `password := env.get("X", default="…")`;
 *   - a fallback: `PASSWORD = os.environ.get("PASSWORD") or "…"`, `token = process.env.T || "…"`, `?? "…"`;
 *   - a shell default: `${DB_PASSWORD:-…}`.
 * Only quoted values (or the shell default's braces) count, so `checkPassword(input)` is not a finding.
 */
function argumentRule(type: string, names: string, words: string[], strict: boolean): Detector {
  const Q = "\\\\{0,3}[\"'`]";
  const ASSIGN = "\\s{0,3}(?::=|=|:)\\s{0,3}";
  return {
    type,
    near: { words, back: 0 },
    severity: "critical",
    score: 0.85,
    re: new RegExp(
      `(?:${names})[A-Za-z0-9_.-]{0,40}(?:` +
        // call or setter
        `\\s{0,3}\\(\\s{0,3}` +
        // quoted pair: the name itself is quoted
        `|${Q}\\s{0,3},\\s{0,3}` +
        // default of an environment lookup
        `|${Q}?\\]?${ASSIGN}[A-Za-z0-9_.\\[\\]]{0,40}get(?:env)?\\s{0,3}\\([^,()\\n]{1,80},\\s{0,3}(?:default\\s{0,3}=\\s{0,3})?` +
        // fallback after `or`, `||`, `??`, `?:`
        `|${Q}?\\]?${ASSIGN}[^\\n;]{1,100}?\\s(?:or|\\|\\||\\?\\?|\\?:)\\s{0,3})` +
        // the value is not itself a key (`"k": "v", "k2": …` in JSON is not a pair)
        `${Q}([^\\s"'\`\\\\]{4,200})${Q}(?!\\s{0,3}:)`,
      "dgi",
    ),
    group: 1,
    validate: (v) => quotedScore(v, strict),
  };
}

/**
 * A quoted literal given explicitly for a secret-named key is a stronger signal than a bare `key = word`: generic
 * names accept a value of 6+ characters mixing character classes (`"GEHEIMN1S"`), not only a random-looking one.
 */
function quotedScore(v: string, strict: boolean): number {
  const s = secretValueScore(v, false, true);
  if (!strict) return s;
  return Math.max(secretValueScore(v, true, true), v.length >= 6 && s >= 0.85 ? 0.8 : 0);
}

/** `${DB_PASSWORD:-value}` / `${API_TOKEN:=value}`: a shell parameter's default (group 1). */
// Found from the `${` (rarer than the key names), shared by both shell-default rules.
const SHELL_PARAM = /\$\{/g;
function shellDefaultRule(type: string, names: string, strict: boolean): Detector {
  return {
    type,
    trigger: { re: SHELL_PARAM, back: 0 },
    severity: "critical",
    score: 0.85,
    re: new RegExp(
      `\\$\\{[A-Za-z0-9_]{0,40}(?:${names})[A-Za-z0-9_]{0,40}:?[-=]([^\\s}$"'\`]{4,200})\\}`,
      "dgi",
    ),
    group: 1,
    validate: (v) => secretValueScore(v, strict, true),
  };
}

const KTY = /"kty"/g; // one trigger object: one pass for both JWK rules
const JWK_PRIVATE_MEMBER = /"(?:d|p|q|dp|dq|qi|k)"\s{0,3}:\s{0,3}"[A-Za-z0-9_-]{16,}/;

/** `name = value`, `name: value`, `"name": "value"`, `--name value`, `name "value"` (group 1 = value). */
export const KEYED_RULES: readonly Detector[] = [
  {
    type: "password_assignment",
    near: { words: PASSWORD_WORDS, back: 0 },
    severity: "critical",
    score: 0.85,
    re: new RegExp(
      `(?:${PASSWORD_NAMES})[A-Za-z0-9_.-]{0,40}(?:\\\\{0,3}["'\\])]){0,2}${TYPE_ANNOTATION}${WS}{0,3}${SEP}${WS}{0,3}[(\\[]?\\s{0,2}${OPEN_QUOTE}([^\\s"'\`,;<>(){}\\[\\]&\\\\]{4,200})`,
      "dgi",
    ),
    group: 1,
    validate: (v, text, start) => keyedScore(v, text, start, false),
  },
  {
    type: "secret_assignment",
    near: { words: GENERIC_WORDS, back: 0 },
    severity: "critical",
    score: 0.85,
    re: new RegExp(
      `(?:${GENERIC_NAMES})[A-Za-z0-9_.-]{0,40}(?:\\\\{0,3}["'\\])]){0,2}${TYPE_ANNOTATION}${WS}{0,3}${SEP}${WS}{0,3}[(\\[]?\\s{0,2}${OPEN_QUOTE}(?:${AUTH_SCHEMES}\\s{1,3})?([^\\s"'\`,;<>(){}\\[\\]&\\\\]{8,500})`,
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
    near: { words: ["-u", "-e", "-p", "--cert", "--oauth2", "--tls", "-b", "--cookie"], back: 1 },
    severity: "critical",
    score: 0.85,
    // curl's credential options (its manual): -u/--user and -U/--proxy-user `user:password`, --oauth2-bearer
    // TOKEN, --pass/--proxy-pass PHRASE, --tlspassword/--proxy-tlspassword (TLS-SRP), -E/--cert and
    // --proxy-cert FILE:PASSWORD, -b/--cookie NAME=VALUE (a session cookie).
    re: /(?<![\w-])(?:(?:-u|--user|-U|--proxy-user)(?:\s{1,3}|=)?["']?[^\s:"'@/]{1,64}:|(?:--oauth2-bearer|--pass|--proxy-pass|--tlspassword|--proxy-tlspassword)(?:\s{1,3}|=)["']?|(?:-E|--cert|--proxy-cert)\s{1,3}["']?[^\s:"']{1,200}:|(?:-b|--cookie)(?:\s{1,3}|=)["']?[^\s=;"'@/]{1,64}=)([^\s"'@;]{3,200})/dg,
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
    // CREATE/ALTER USER … IDENTIFIED [WITH plugin] BY|AS 'x' (MySQL, Oracle), … PASSWORD 'x' / WITH PASSWORD = 'x'
    // (PostgreSQL, SQL Server), SET PASSWORD = 'x'.
    re: /\b(?:IDENTIFIED\s{1,3}(?:WITH\s{1,3}['"`]?[\w-]{1,40}['"`]?\s{1,3})?(?:BY|AS)|PASSWORD)\s{1,3}(?:=\s{0,3})?(?:PASSWORD\s{0,3}\(\s{0,3})?['"`]?([^'\s;"`\\)]{3,200})/dgi,
    group: 1,
    validate: (v) => secretValueScore(v, false),
  },
  {
    type: "jwk_private",
    severity: "critical",
    score: 0.85,
    // Private members of a JSON Web Key ("d", primes, CRT values, symmetric "k") next to a "kty".
    re: /"(?:d|p|q|dp|dq|qi|k)"\s{0,3}:\s{0,3}"([A-Za-z0-9_-]{16,4000})"/dg,
    gate: { trigger: KTY, reach: 7100 },
    group: 1,
    validate: (_v, text, start) => /"kty"\s{0,3}:/.test(text.slice(Math.max(0, start - 3000), start + 3000)),
  },
  {
    type: "jwk_private",
    severity: "critical",
    score: 0.85,
    // The key type of a JWK object holding private members (CredSweeper's JWK rule reports the pair): masking
    // it too removes what says which algorithm the leaked key is for.
    re: /"kty"\s{0,3}:\s{0,3}"[^"\n]{1,20}"/dg,
    gate: { trigger: KTY, reach: 40 },
    validate: (_v, text, start) => {
      const open = text.lastIndexOf("{", start);
      const close = text.indexOf("}", start);
      const obj = text.slice(
        open < 0 ? Math.max(0, start - 3000) : Math.max(open, start - 3000),
        close < 0 ? start + 3000 : Math.min(close, start + 3000),
      );
      return JWK_PRIVATE_MEMBER.test(obj);
    },
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
  {
    type: "cli_password",
    near: { words: ["pas", "token", "secret", "oauth2"], back: 0 },
    severity: "high",
    score: 0.8,
    // Command-line options carrying a credential (CredSweeper's CMD Password / CMD Token / CMD Secret):
    // `--db-password x`, `-passin pass:x` (openssl), `--token=x`, `--client-secret "x"`, and argv lists
    // `["--password", "x"]`. Not `file:`/`env:`/`fd:` sources, not another option.
    re: /(?<=(?<![A-Za-z0-9_-])--?[A-Za-z_-]{0,24})(?:pass(?:in|out|word|wd|phrase)?|token|oauth2-bearer|secret[A-Za-z_-]{0,24})(?:\s{1,3}|=|\\?["'],\s{0,3})(?!-)(?:\\?["'])?(?:pass:)?(?!file:|env:|fd:|stdin)([^\s"'\\]{4,400})/dgi,
    group: 1,
    validate: (v) => secretValueScore(v, false, true),
  },
  {
    type: "password_assignment",
    near: { words: ["pas", "pw", "p/w"], back: 0 },
    severity: "critical",
    score: 0.8,
    // An id/password pair written together (CredSweeper's ID_PASSWD_PAIR): `id/pw: admin/Xk2…`,
    // `user, password: root, Xk2…`, `login/password is admin / Xk2…`. Group 1 is the password.
    re: /(?<=(?<![A-Za-z0-9])(?:id|user(?:name)?|login|account)\s{0,3}[/,]\s{0,3})(?:pa[as]swo?r?ds?|pwd?|p\/w)\s{0,3}(?:[:=]|is|are)\s{0,3}[\w.@-]{2,64}\s{0,3}[/,]\s{0,3}([^\s"'`,;]{4,64})/dgi,
    group: 1,
    validate: (v) => secretValueScore(v, false, true),
  },
  argumentRule("password_assignment", PASSWORD_NAMES, PASSWORD_WORDS, false),
  argumentRule("secret_assignment", GENERIC_NAMES, GENERIC_WORDS, true),
  shellDefaultRule("password_assignment", PASSWORD_NAMES, false),
  shellDefaultRule("secret_assignment", GENERIC_NAMES, true),
];

/**
 * Keyed rules found from a literal of their own by the scanner's one-pass prefilter (instead of a regex pass
 * over the whole text per call, which dominated the cost of a 1 KB scan): the literal, and how the rule runs
 * there, anchored at it (`back`) or in regions (`reach`, the rule's gate reach, so results are the gate's).
 */
export const RULE_LITERALS = new Map<Detector, { lits: string[]; back?: number; reach?: number }>();
for (const d of KEYED_RULES) {
  if (d.trigger?.re === SHELL_PARAM) RULE_LITERALS.set(d, { lits: ["${"], back: 0 });
  else if (d.gate?.trigger === KTY) RULE_LITERALS.set(d, { lits: ['"kty"'], reach: d.gate.reach });
  else if (d.type === "google_client_secret" && d.gate)
    RULE_LITERALS.set(d, { lits: [".apps.googleusercontent.com"], reach: d.gate.reach });
}

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
 * (./prefilter.ts, one pass with the key words) finds them all; a rule none of whose literals occur does no work. Rules absent here
 * have a `near` or `gate` prefilter, or scan the whole text. test/guard-prefilter.test.ts checks that
 * prefiltered and whole-text results agree.
 */
export const PROVIDER_LITERALS: Record<
  string,
  { lits: string[]; reach: number; back?: number; runBack?: number }
> = {
  aws_access_key_id: {
    lits: ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "AROA", "ANPA", "ANVA", "APKA", "ASCA"],
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
    ].concat(["glsoat-", "glwt-", "glcf-", "GR1348941", "_gitlab_session="]),
    reach: 120,
    back: 0,
  },
  slack_token: { lits: ["xox"], reach: 280, back: 0 },
  slack_webhook: { lits: ["hooks.slack.com/"], reach: 180, back: 8 },
  stripe_key: { lits: ["_live_", "_test_"], reach: 280, back: 5 },
  google_api_key: { lits: ["AIza"], reach: 60, back: 0 },
  google_oauth_secret: { lits: ["GOCSPX-"], reach: 60, back: 0 },
  anthropic_api_key: { lits: ["sk-ant-"], reach: 160, back: 0 },
  openai_api_key: { lits: ["T3BlbkFJ", "9wZW5BS", "PcGVuQU", "sk-proj-"], reach: 440 },
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
  atlassian_token: { lits: ["ATATT3"], reach: 840, back: 0 },
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
  square_token: { lits: ["EAAA", "sq0"], reach: 100, back: 0 },
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
  salesforce_token: { lits: ["00D", "3MVG", "5Aep861"], reach: 440, back: 0 },
  google_oauth_client_id: { lits: [".apps.googleusercontent.com"], reach: 80, back: 50 },
  aws_s3_bucket: { lits: [".s3.", ".s3-"], reach: 140, back: 64 },
  firebase_domain: { lits: [".firebaseio.com", ".firebaseapp.com"], reach: 100, back: 64 },
  wechat_app_id: { lits: ["wx"], reach: 40, back: 0 },
  slack_app_token: { lits: ["xapp-"], reach: 140, back: 0 },
  bedrock_key: { lits: ["ABSK"], reach: 240, back: 0 },
  twitter_bearer: { lits: ["AAAAAAAAAAAAAAAAAA"], reach: 220, back: 0 },
  dropbox_long_term_key: { lits: ["AAAAAAAAAA"], reach: 100 },
  cloudflare_token: { lits: ["cfut_", "cfat_"], reach: 320, back: 0 },
  aws_mws_key: { lits: ["amzn.mws."], reach: 80, back: 0 },
  dynatrace_token: { lits: ["dt0"], reach: 120, back: 0 },
  facebook_access_token: { lits: ["EAA"], reach: 820, back: 0 },
  google_oauth_access_token: { lits: ["ya29."], reach: 2020, back: 0 },
  google_oauth_refresh_token: { lits: ["1//0"], reach: 2020, back: 0 },
  instagram_token: { lits: ["IGQVJ"], reach: 2020, back: 0 },
  braintree_token: { lits: ["access_token$production$"], reach: 100, back: 0 },
  jfrog_token: { lits: ["cmVmdGtuO", "AKCp"], reach: 100, back: 0 },
  bitbucket_token: { lits: ["ATBB", "ATCTT3xFfGN0", "BBDC-"], reach: 840, back: 0 },
  vault_token: { lits: ["hvs.", "hvb.", "hvr."], reach: 180, back: 0 },
  terraform_token: { lits: [".atlasv1."], reach: 100, back: 14 },
  notion_token: { lits: ["ntn_", "secret_"], reach: 280, back: 0 },
  tavily_key: { lits: ["tvly-"], reach: 60, back: 0 },
  sentry_token: { lits: ["sntrys_eyJ", "sntryu_"], reach: 4300, back: 0 },
  ntlm_token: { lits: ["TlRMTVNTUAADAAAA"], reach: 8100, back: 0 },
  aws_appsync_key: { lits: ["da2-"], reach: 40, back: 0 },
  base64_pem_private_key: {
    lits: ["UFJJVkFURSBLRVkt", "QUklWQVRFIEtFWS0t", "FBSSVZBVEUgS0VZ"],
    reach: 16100,
    runBack: 8000,
  },
  jwt: { lits: ["eyJ"], reach: 8100, back: 0 },
  private_key: { lits: ["-----BEGIN"], reach: 20200, back: 0 },
  aws_secret_access_key: { lits: ["AKIA", "ASIA"], reach: 340 },
  alibaba_access_key_secret: { lits: ["LTAI"], reach: 340 },
};

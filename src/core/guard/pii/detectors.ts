// PII formats. Each pattern is linear (see ../engine/detector.ts) and most carry a validator, because
// digits alone say little: a 16-digit number is a card only when Luhn agrees.
import type { Detector } from "../engine/detector.js";
import { before } from "../engine/detector.js";
import { digitsOf, ibanValid, ipv4Valid, luhnValid, ssnValid } from "./checksums.js";

export const PII_TYPES = [
  "credit_card",
  "iban",
  "us_ssn",
  "email",
  "ip_address",
  "phone",
  "date_of_birth",
  "mac_address",
] as const;
export type PiiType = (typeof PII_TYPES)[number];

const SSN_CONTEXT = /\b(ssn|ssns|social security|social sec|sin|tin|taxpayer)\b/;
const PHONE_CONTEXT =
  /\b(phone|tel|telephone|mobile|cell|call|fax|contact|number|whatsapp|sms|text me|reach|dial|ring|landline|hotline|voicemail|answering)\b/;
const DOB_CONTEXT = /\b(born|birth|dob|d\.o\.b|birthday|date of birth|birthdate|geboren|né|née)\b/;

function cardScore(v: string): number {
  const d = digitsOf(v);
  if (d.length < 12 || d.length > 19 || !luhnValid(d)) return 0;
  // 12-digit numbers are cards only in the Maestro ranges; otherwise too many ids pass Luhn by chance.
  if (d.length === 12 && !/^(50|5[6-9]|6\d)/.test(d)) return 0;
  // Major industry identifier 0 is not issued to payment cards (ISO/IEC 7812); such runs are phone numbers
  // with a 00 international prefix, or ids.
  if (/^(\d)\1+$/.test(d) || d[0] === "0") return 0;
  return /^(4|5[1-5]|2[2-7]|3[47]|3[068]|6|1800|2131|35)/.test(d) ? 0.95 : 0.8;
}

export const PII_DETECTORS: readonly Detector[] = [
  {
    type: "credit_card",
    severity: "high",
    score: 0.95,
    // 12-19 digits, optionally grouped by single spaces or dashes (4-4-4-4, 4-6-5).
    re: /(?<![\w.-])\d(?:[ -]?\d){11,18}(?![\w-]|\.\d)/g,
    cluster: { digits: 12 },
    validate: (v) => cardScore(v),
  },
  {
    type: "iban",
    severity: "high",
    score: 0.95,
    re: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g,
    validate: (v) => ibanValid(v),
  },
  {
    type: "us_ssn",
    severity: "high",
    score: 0.9,
    re: /(?<![\w-])\d{3}([- .]?)\d{2}\1\d{4}(?![\w-])/g,
    cluster: { digits: 9 },
    validate: (v, text, start) => {
      const d = digitsOf(v);
      if (!ssnValid(d)) return false;
      // Undelimited or dotted nine digits are an SSN only with a context word nearby.
      if (/^\d{3}-\d{2}-\d{4}$/.test(v)) return 0.9;
      return SSN_CONTEXT.test(before(text, start, 40)) ? 0.8 : false;
    },
  },
  {
    type: "email",
    severity: "medium",
    score: 0.95,
    gate: { trigger: /@/g, reach: 700 },
    re: /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}(?![\w-])/g,
  },
  {
    type: "ip_address",
    severity: "low",
    score: 0.9,
    re: /(?<![\w.:])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g,
    cluster: { digits: 4, dots: 3 },
    validate: (v) => ipv4Valid(v) && v !== "0.0.0.0",
  },
  {
    type: "ip_address",
    severity: "low",
    score: 0.85,
    // Full or ::-compressed IPv6 with at least three groups.
    // Every address the validator accepts has `::` or eight groups (so `:h:h:`); times (12:30:45) do not.
    gate: { trigger: /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/g, reach: 48 },
    re: /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::?[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{1,4}){0,6}(?![\w:])/g,
    validate: (v) => {
      const groups = v.split(":").filter((g) => g.length > 0);
      const compressed = v.includes("::");
      // Times (12:30:45) and ratios are not addresses: require a hex letter or a compressed/8-group form.
      return (compressed || groups.length === 8) && /[a-fA-F]|::/.test(v) && v.split("::").length <= 2;
    },
  },
  {
    type: "mac_address",
    severity: "low",
    score: 0.8,
    re: /(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])/g,
    // Found from its first separator (two characters into every match, followed by a hex pair and a separator):
    // a pass over `:`/`-` instead of an attempt at every hex letter of the text.
    trigger: { re: /[:-](?=[0-9A-Fa-f]{2}[:-])/g, back: 2 },
  },
  {
    type: "phone",
    severity: "medium",
    score: 0.7,
    // Optional +country code (or a bare trunk/country digit group: 1-800-…, 001-…), optional (area), then
    // 2-4 digit groups joined by one separator, then an optional extension (x123, ext. 123), the E.123 and
    // NANP ways of writing one.
    re: /(?<![\w+.-])(?:\+\d{1,3}[ .-]?|\d{1,3}[.-]|\d{1,2} (?=\())?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,8}){1,4}(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,5})?(?![\w-]|\.\d)/gi,
    cluster: { digits: 7 },
    validate: (raw, text, start) => {
      const ext = /[ ]?(?:x|ext\.?|extension)[ ]?\d{1,5}$/i.exec(raw);
      const v = ext ? raw.slice(0, ext.index) : raw;
      const d = digitsOf(v);
      if (d.length < 7 || d.length > 15) return false;
      // Dates (2021-03-04, 12.05.1990) and decimals are not phone numbers.
      if (/^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?:$|[ T])|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}(?:$| )/.test(v))
        return false;
      if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(v)) return false; // an IPv4 address the ip rule did not take
      // A number running into a colon is a time or a port (2000-04-16 11:30, 10 12:45).
      if (text.charCodeAt(start + v.length) === 58) return false;
      const intl = v.startsWith("+") || v.startsWith("(");
      const nanp = /^(\+?1[ .-]?|00?1[ .-])?\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}$/.test(v);
      if (intl || nanp || ext) return 0.85;
      if (PHONE_CONTEXT.test(before(text, start, 40))) return 0.75;
      // Without context: digits in three or more groups, or a trunk prefix (leading 0) before a separator,
      // are how phone numbers are written in prose; a bare pair of groups is more often an id or amount.
      const groups = v.split(/[ .-]/).length;
      // SSN-shaped numbers, and digit groups continuing a code (an IBAN or a licence key), are not phones.
      if (/^\d{3}-\d{2}-\d{4}$/.test(v) || /[A-Z0-9]{4} $/.test(text.slice(Math.max(0, start - 5), start)))
        return 0.55;
      if (/^[$€£¥]/.test(before(text, start, 2).trim().slice(-1))) return 0.55;
      // A NANP local number (555-0132, 555 0132) is written that way, unless a capitalised word follows: then
      // it is a unit and house number before a street name ("Suite 370 3911 Fourth Avenue").
      const local =
        /^\d{3}[ .-]\d{4}$/.test(v) &&
        !/^ (?:[A-Z][a-z]|\p{Lu}\p{Ll})/u.test(text.slice(start + raw.length, start + raw.length + 3));
      return groups >= 3 || /^0\d{1,4}[ .-]/.test(v) || local ? 0.65 : 0.55;
    },
  },
  {
    type: "date_of_birth",
    severity: "medium",
    score: 0.8,
    // Only dates the validator can accept: a context word within 40 characters before the date.
    // The validator wants a context word in the 40 characters before the date, so the date starts at most
    // 40 characters after a word: anchored attempts there, found from one pass over the words (`né`/`née`
    // with indexOf: a non-ASCII letter in the pattern would slow the pass down at every position).
    trigger: {
      re: /born|birth|dob|d\.o\.b|geboren/gi,
      back: 0,
      ahead: 40,
      also: ["né", "Né", "NÉ"],
    },
    re: /(?<![\w/.-])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6},? \d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6} \d{1,2},? \d{4})(?![\w/-]|\.\d)/gi,
    // A date is personal data only when the text says whose birth it is.
    validate: (_v, text, start) => DOB_CONTEXT.test(before(text, start, 40)),
  },
];

/** Which type wins when spans overlap (a card number also looks like a phone number). */
export const PII_PRIORITY: readonly string[] = [
  "credit_card",
  "iban",
  "us_ssn",
  "email",
  "mac_address",
  "ip_address",
  "date_of_birth",
  "phone",
];

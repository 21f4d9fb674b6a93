// Exfiltration through output (seed 004 layer 3): a markdown image or link to an attacker's host leaks
// whatever the model put in its URL the moment a client renders it. Hosts outside the allowlist are
// findings; markdown images (fetched without a click) are worse than links.
import type { Finding } from "../types.js";

const MD_IMAGE = /!\[[^\]\n]{0,500}\]\(\s{0,5}<?(https?:\/\/[^\s)>]{1,4000})/gi;
const HTML_IMG = /<img\b[^>]{0,500}?\bsrc\s{0,3}=\s{0,3}["']?(https?:\/\/[^\s"'>]{1,4000})/gi;
const URL = /\bhttps?:\/\/[^\s<>"'`)\]]{1,4000}/gi;

export function hostOf(url: string): string | null {
  const m = /^https?:\/\/(?:[^@/?#\s]{0,200}@)?([^/:?#\s]{1,255})/i.exec(url);
  return m?.[1]?.toLowerCase().replace(/\.$/, "") ?? null;
}

/** `allow` holds host names; "example.com" also allows its subdomains. */
export function hostAllowed(host: string, allow: readonly string[]): boolean {
  return allow.some((a) => host === a || host.endsWith("." + a));
}

export function exfilFindings(
  text: string,
  scanner: string,
  allow: readonly string[],
  flagLinks: boolean,
): Finding[] {
  const out: Finding[] = [];
  const covered: Array<[number, number]> = [];
  for (const re of [MD_IMAGE, HTML_IMG]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const url = m[1] ?? "";
      const host = hostOf(url);
      covered.push([m.index, m.index + m[0].length]);
      if (host && !hostAllowed(host, allow)) {
        // Query strings or long paths on an image are how data leaves.
        const carries = /[?#=]|\/[A-Za-z0-9+/_-]{24,}/.test(url);
        out.push({
          scanner,
          type: "image_exfiltration",
          start: m.index,
          end: m.index + m[0].length,
          score: carries ? 0.95 : 0.8,
          severity: carries ? "critical" : "high",
        });
      }
    }
  }
  if (flagLinks) {
    URL.lastIndex = 0;
    for (let m = URL.exec(text); m !== null; m = URL.exec(text)) {
      const s = m.index;
      if (covered.some(([a, b]) => s >= a && s < b)) continue;
      const host = hostOf(m[0]);
      if (host && !hostAllowed(host, allow))
        out.push({
          scanner,
          type: "external_url",
          start: s,
          end: s + m[0].length,
          score: 0.7,
          severity: "medium",
        });
    }
  }
  return out;
}

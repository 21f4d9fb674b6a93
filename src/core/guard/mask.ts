// Masks that keep a format hint: enough to recognise which card or key it was, never enough to use it.
// SECURITY: a mask never contains more than the last four digits of a number, a host name, or a
// vendor prefix that is the same for every key of that vendor.

function lastDigits(v: string, n: number): string {
  return v.replace(/\D/g, "").slice(-n);
}

const KNOWN_PREFIX =
  /^(AKIA|ASIA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abposr]-|sk_live_|sk_test_|rk_live_|pk_live_|sk-ant-|sk-proj-|sk-|hf_|npm_|AIza|SG\.|dckr_pat_|eyJ)/;

export function maskValue(type: string, value: string): string {
  switch (type) {
    case "credit_card":
      return "****" + lastDigits(value, 4);
    case "iban":
      return value.slice(0, 2) + "****" + lastDigits(value, 4);
    case "us_ssn":
      return "***-**-" + lastDigits(value, 4);
    case "phone":
      return "****" + lastDigits(value, 2);
    case "email": {
      const at = value.lastIndexOf("@");
      return "****" + (at >= 0 ? value.slice(at) : "");
    }
    case "ip_address":
      return value.includes(":") ? "[IPv6]" : "***.***.***." + (value.split(".").pop() ?? "");
    case "date_of_birth":
      return "[DOB]";
    case "private_key":
      return "[PRIVATE KEY]";
    default: {
      const p = KNOWN_PREFIX.exec(value);
      // A prefix is a hint only when the value is much longer than it.
      return p && value.length >= p[0].length + 12 ? `${p[0]}****` : `[${type.toUpperCase()}]`;
    }
  }
}

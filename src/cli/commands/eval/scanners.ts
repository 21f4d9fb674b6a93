import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { CliIO } from "../../io.js";
import { EXIT } from "../../io.js";
import { credsweeperFiles, hasData, presidioSentences } from "./data.js";
import { credSplit, presidioSplit } from "./corpus.js";
import { evalPii } from "./pii-eval.js";
import { evalSecrets } from "./secrets-eval.js";
import { evalInjection } from "./injection-eval.js";
import { renderScanners, spliceSection } from "./report.js";

export interface EvalScannersOptions {
  data: string;
  out: string;
  stdout?: boolean;
}

export function runEvalScanners(io: CliIO, o: EvalScannersOptions): void {
  if (!hasData(o.data)) {
    io.stderr(
      `warden eval scanners: no data under ${o.data} (expected injection/bipia, pii/presidio-research, secrets/credsweeper)\n`,
    );
    io.exitCode = EXIT.USAGE;
    return;
  }
  const pres = presidioSplit(presidioSentences(o.data));
  const cred = credSplit(credsweeperFiles(o.data));
  const piiDev = evalPii(pres.dev);
  const report = {
    command: `warden eval scanners --data ${o.data} --out ${o.out}`,
    pii: evalPii(pres.test),
    piiDev: { all: piiDev.all, sentences: piiDev.sentences },
    secrets: evalSecrets(cred.test),
    secretsDev: evalSecrets(cred.dev),
    injection: evalInjection(o.data),
  };
  const section = renderScanners(report);
  if (o.stdout) {
    io.stdout(section);
    return;
  }
  const doc = existsSync(o.out) ? readFileSync(o.out, "utf8") : "# Evaluations\n";
  writeFileSync(o.out, spliceSection(doc, "## Scanners", section));
  io.stderr(`wrote ## Scanners to ${o.out}\n`);
}

// Agent Security Bench: calls to attacker tools outside an agent's declared toolset are denied.
import { describe, expect, it } from "vitest";
import { evaluateAsb } from "../bench/eval/asb.js";
import { requireSharedData } from "./shared-data.js";

describe("ASB attacker tools", () => {
  const [undeclared, declared] = evaluateAsb(requireSharedData());

  it("an attacker tool the inventory does not declare is always denied", () => {
    expect(undeclared?.attacks).toBe(400);
    expect(undeclared?.denied).toBe(400);
    expect(undeclared?.byRule).toEqual({ "warden.unknown_tool": 400 });
    expect(undeclared?.normalAllowed).toBe(400);
  });

  it("an attacker tool that is installed but not granted to the task is denied too", () => {
    expect(declared?.denied).toBe(400);
    expect(declared?.byRule).toEqual({ "warden.not_in_task": 400 });
  });
});

import fs from "node:fs";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Lints small probe files written where they would live, with the project's real ESLint config.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const probe = filePath.replace(/\.ts$/, `-${process.pid}.ts`);
  fs.writeFileSync(probe, code);
  try {
    const [result] = await eslint.lintFiles([probe]);
    return (result?.messages ?? []).filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

describe("import boundaries", () => {
  it("refuses a feature importing another feature", async () => {
    const messages = await restrictedImports("features/system/api/probe.ts", 'import { instanceKeys } from "@/features/instances/api/instances";\nexport const k = instanceKeys;\n');
    expect(messages).toEqual([expect.stringContaining("A feature may not import another feature")]);
  });

  it("refuses relative cross-feature imports too", async () => {
    const messages = await restrictedImports("features/system/api/probe.ts", 'import { instanceKeys } from "../../instances/api/instances";\nexport const k = instanceKeys;\n');
    expect(messages).toHaveLength(1);
  });

  it("allows a feature to import itself, shared/ and contract/", async () => {
    const messages = await restrictedImports(
      "features/system/api/probe.ts",
      'import { systemKeys } from "./health";\nimport { cn } from "@/shared/lib/cn";\nimport { HealthResponse } from "@/contract/health";\nexport const all = [systemKeys, cn, HealthResponse];\n',
    );
    expect(messages).toEqual([]);
  });

  it("refuses shared/ importing a feature, and the panel importing gateway internals", async () => {
    expect(await restrictedImports("shared/lib/probe.ts", 'import { systemKeys } from "@/features/system/api/health";\nexport const k = systemKeys;\n')).toHaveLength(1);
    expect(await restrictedImports("features/system/api/probe.ts", 'import { loadConfig } from "../../../gateway/src/config";\nexport const c = loadConfig;\n')).toHaveLength(1);
    expect(await restrictedImports("gateway/src/probe.ts", 'import { cn } from "../../shared/lib/cn";\nexport const c = cn;\n')).toHaveLength(1);
  });
});

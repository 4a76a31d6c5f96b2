import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "@hey-api/openapi-ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, login, startGateway, type RunningGateway } from "../support/gateway";

// An integrator's view: generate a typed client from the live /openapi.json with @hey-api/openapi-ts, type-check a
// small program with it (the project's TypeScript), then run that program against the gateway.
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../../..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

let gw: RunningGateway;
let dir: string;

beforeAll(async () => {
  gw = await startGateway();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-client-"));
});
afterAll(async () => {
  await gw.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a client generated from /openapi.json", () => {
  it("types the error body of a 404, so error.error.code type-checks and reads not_found from the live gateway", async () => {
    const doc = await api(gw.url, "GET", "/openapi.json");
    expect(doc.status).toBe(200);
    fs.writeFileSync(path.join(dir, "openapi.json"), JSON.stringify(doc.body));
    await createClient({
      input: path.join(dir, "openapi.json"),
      output: { path: path.join(dir, "client") },
      plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
      logs: { level: "silent" },
    });

    const token = await login(gw.url);
    fs.writeFileSync(
      path.join(dir, "program.mts"),
      `import { createClient } from "./client/client";
import { getInstance } from "./client/sdk.gen";

const client = createClient({ baseUrl: ${JSON.stringify(gw.url)}, auth: ${JSON.stringify(token)} });
const result = await getInstance({ client, path: { id: "ins_doesnotexist00" } });
if (!result.error) throw new Error("expected an error");
const code: "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "too_many_requests" | "unprocessable" | "internal_error" | "unavailable" = result.error.error.code;
const message: string = result.error.error.message;
// @ts-expect-error the error body is typed (not any): it has no such field
void result.error.error.nonexistent;
console.log(JSON.stringify({ status: result.response.status, code, message }));
`,
    );
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], strict: true, noEmit: true, skipLibCheck: true },
        include: ["program.mts", "client/**/*.ts"],
      }),
    );

    const typecheck = await run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.json")], { cwd: dir }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error), failed: true }),
    );
    expect(typecheck.stdout, "tsc --noEmit on the program and the generated client").toBe("");

    const { stdout } = await run(bin("tsx"), [path.join(dir, "program.mts")], { cwd: dir });
    expect(JSON.parse(stdout.trim())).toEqual({ status: 404, code: "not_found", message: "No instance ins_doesnotexist00" });
  });
});

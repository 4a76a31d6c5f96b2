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
const code: "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "gone" | "too_many_requests" | "unprocessable" | "internal_error" | "unavailable" = result.error.error.code;
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
  it("types every message kind, so a program sending each one type-checks, and a wrong field does not", async () => {
    const doc = await api(gw.url, "GET", "/openapi.json");
    const out = path.join(dir, "messages");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "openapi.json"), JSON.stringify(doc.body));
    await createClient({
      input: path.join(out, "openapi.json"),
      output: { path: path.join(out, "client") },
      plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
      logs: { level: "silent" },
    });
    fs.writeFileSync(
      path.join(out, "program.mts"),
      `import { createClient } from "./client/client";
import { sendMessage, getMessage } from "./client/sdk.gen";

const client = createClient({ baseUrl: "http://127.0.0.1:1", auth: "token" });
const path = { id: "ins_3kq9x2m1v8r4" };
const to = "4915123456789";
const url = "https://example.com/file";
export async function all() {
  await sendMessage({ client, path, body: { type: "text", to, text: "hi", mentions: [to], linkPreview: false, replyTo: "3EB0C0FFEE0000000002" } });
  await sendMessage({ client, path, body: { to, text: "no type: still a text" } });
  await sendMessage({ client, path, body: { type: "image", to, url, caption: "c", mimetype: "image/png" } });
  await sendMessage({ client, path, body: { type: "video", to, url } });
  await sendMessage({ client, path, body: { type: "audio", to, url, voiceNote: true } });
  await sendMessage({ client, path, body: { type: "document", to, url, fileName: "a.pdf" } });
  await sendMessage({ client, path, body: { type: "sticker", to, url } });
  await sendMessage({ client, path, body: { type: "location", to, latitude: 1, longitude: 2, name: "n", address: "a" } });
  await sendMessage({ client, path, body: { type: "contact", to, contacts: [{ name: "Ada", phone: "442079460958" }] } });
  await sendMessage({ client, path, body: { type: "poll", to, name: "Lunch?", options: ["a", "b"], selectableCount: 1 } });
  const sent = await sendMessage({ client, path, body: { type: "reaction", to, messageId: "3EB0C0FFEE0000000002", emoji: "" }, headers: { "Idempotency-Key": "k1" } });
  const id: string | undefined = sent.data?.id;
  const status = (await getMessage({ client, path: { ...path, messageId: id ?? "" } })).data?.status;
  const known: "pending" | "server_ack" | "delivered" | "read" | "played" | "failed" | undefined = status;
  // @ts-expect-error a document needs fileName
  await sendMessage({ client, path, body: { type: "document", to, url } });
  // @ts-expect-error a poll has options, not values
  await sendMessage({ client, path, body: { type: "poll", to, name: "x", values: ["a", "b"] } });
  return known;
}
`,
    );
    fs.writeFileSync(
      path.join(out, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], strict: true, noEmit: true, skipLibCheck: true },
        include: ["program.mts", "client/**/*.ts"],
      }),
    );
    const typecheck = await run(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(out, "tsconfig.json")], { cwd: out }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error), failed: true }),
    );
    expect(typecheck.stdout, "tsc --noEmit on the message program and the generated client").toBe("");
  });
});

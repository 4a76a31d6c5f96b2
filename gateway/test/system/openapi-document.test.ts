import type { OpenAPIV3_1 } from "openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_SAMPLES, WEBHOOK_EVENT_TYPES, WebhookEnvelope } from "../../../contract/webhooks";
import { api, startGateway, type RunningGateway } from "../support/gateway";

// What tools need from GET /openapi.json (client generators, Spectral, Redocly, Prism, docs pages); the linters
// themselves run in `npm run lint:openapi`.
type Doc = OpenAPIV3_1.Document;
type Op = OpenAPIV3_1.OperationObject;
type Res = OpenAPIV3_1.ResponseObject;

let gw: RunningGateway;
let doc: Doc;
const operations: Array<{ path: string; method: string; op: Op }> = [];

beforeAll(async () => {
  gw = await startGateway();
  const res = await api(gw.url, "GET", "/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body as Doc;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {})) operations.push({ path, method, op: op as Op });
  }
});
afterAll(() => gw.stop());

/** A response as declared, following a `#/components/responses/…` reference. */
const resolve = (res: Res | OpenAPIV3_1.ReferenceObject): Res => ("$ref" in res ? (doc.components!.responses![res.$ref.split("/").pop()!] as Res) : res);
const schemaOf = (res: Res) => (res.content?.["application/json"]?.schema as { $ref?: string } | undefined)?.$ref;
const label = ({ method, path }: { method: string; path: string }) => `${method.toUpperCase()} ${path}`;

describe("the OpenAPI document", () => {
  it("says where it is served, under which licence, and describes every tag it uses", () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/" })]);
    expect(doc.info.license?.name).toBeTruthy();
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
    const used = new Set(operations.flatMap(({ op }) => op.tags ?? []));
    for (const tag of used) expect(declared.get(tag), tag).toBeTruthy();
  });

  it("gives every operation a summary, a description and the error responses it can answer with, in the one error shape", () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const entry of operations) {
      const { path, op } = entry;
      expect(op.summary, label(entry)).toBeTruthy();
      expect(op.description, label(entry)).toBeTruthy();
      const statuses = Object.keys(op.responses ?? {});
      const secured = !(Array.isArray(op.security) && op.security.length === 0);
      const expected = ["400", "503", ...(secured ? ["401", "403"] : []), ...(path.includes("{") ? ["404"] : []), ...(op.requestBody ? ["413"] : [])];
      expect(statuses, label(entry)).toEqual(expect.arrayContaining(expected));
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        if (status.startsWith("4")) expect(schemaOf(resolve(res)), `${label(entry)} ${status}`).toBe("#/components/schemas/Error");
      }
    }
  });

  it("declares 429 with Retry-After where sign-in attempts are throttled", () => {
    for (const [path, method] of [["/api/v1/auth/login", "post"], ["/api/v1/auth/change-password", "post"]] as const) {
      const res = resolve((doc.paths![path]![method] as Op).responses!["429"]!);
      expect(schemaOf(res)).toBe("#/components/schemas/Error");
      expect(res.headers?.["Retry-After"], path).toBeTruthy();
    }
  });

  it("has an example for every request body and every success response with a body", () => {
    for (const entry of operations) {
      const body = entry.op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      for (const media of Object.values(body?.content ?? {})) expect(media.example, `${label(entry)} request`).toBeDefined();
      for (const [status, res] of Object.entries(entry.op.responses ?? {})) {
        if (!status.startsWith("2")) continue;
        for (const [type, media] of Object.entries(resolve(res).content ?? {})) expect(media.example, `${label(entry)} ${status} ${type}`).toBeDefined();
      }
    }
  });

  it("takes cursor and limit on every list that returns nextCursor", () => {
    const schemas = doc.components!.schemas as Record<string, { properties?: Record<string, unknown> }>;
    for (const entry of operations) {
      const ok = entry.op.responses?.["200"];
      const ref = ok && schemaOf(resolve(ok));
      if (!ref || !schemas[ref.split("/").pop()!]?.properties?.nextCursor) continue;
      const names = (entry.op.parameters as OpenAPIV3_1.ParameterObject[] | undefined)?.filter((p) => p.in === "query").map((p) => p.name);
      expect(names, label(entry)).toEqual(expect.arrayContaining(["cursor", "limit"]));
    }
    expect(operations.find((o) => o.op.operationId === "listApiKeys")).toBeTruthy();
  });

  it("shapes the browser as an array of exactly three strings, and carries the server's rule for phone numbers and JIDs", () => {
    const schemas = doc.components!.schemas as Record<string, { properties: Record<string, Record<string, unknown>> }>;
    for (const name of ["Instance", "CreateInstanceRequest"]) {
      expect(schemas[name]!.properties.browser, name).toMatchObject({ type: "array", minItems: 3, maxItems: 3, items: { type: "string" } });
      expect(schemas[name]!.properties.browser, name).not.toHaveProperty("prefixItems");
    }
    for (const kind of ["SendTextMessage", "SendImageMessage", "SendReactionMessage"]) expect(schemas[kind]!.properties.to!.pattern, kind).toBe(schemas.SendTextMessage!.properties.to!.pattern);
    const to = new RegExp(schemas.SendTextMessage!.properties.to!.pattern as string);
    for (const ok of ["4915123456789", "+49 (151) 2345-6789", "4915123456789@s.whatsapp.net", "4915123456789@c.us", "123456789012345@lid", "120363000000000001@g.us"]) expect(to.test(ok), ok).toBe(true);
    for (const bad of ["hello", "0049151", "123", "someone@example.com"]) expect(to.test(bad), bad).toBe(false);
    expect(schemas.PairingCodeRequest!.properties.phoneNumber!.pattern).toBeTruthy();
  });

  it("has a webhooks entry with its payload schema and a sample for every event type", () => {
    const webhooks = (doc as Doc & { webhooks: Record<string, OpenAPIV3_1.PathItemObject> }).webhooks;
    expect(Object.keys(webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) {
      const media = (webhooks[type]!.post!.requestBody as OpenAPIV3_1.RequestBodyObject).content["application/json"]!;
      const ref = (media.schema as { $ref: string }).$ref;
      expect(doc.components!.schemas![ref.split("/").pop()!], type).toBeTruthy();
      expect(media.example).toEqual(WEBHOOK_EVENT_SAMPLES[type]);
      expect(WebhookEnvelope.safeParse(media.example).success, type).toBe(true);
    }
  });

  it("offers GET /api/v1/auth/whoami to any credential", () => {
    const op = doc.paths!["/api/v1/auth/whoami"]!.get as Op & { "x-credentials"?: string };
    expect(op.responses!["200"]).toBeTruthy();
    expect(op["x-credentials"]).toMatch(/instance token/);
  });
});

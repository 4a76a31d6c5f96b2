import { describe, expect, it } from "vitest";
import { bodyExamples, curlSnippet, exampleFromSchema } from "../snippets";

const to = { type: "string", example: "4915123456789" };
const components = {
  Text: { type: "object", properties: { type: { type: "string", const: "text" }, to, text: { type: "string" }, linkPreview: { type: "boolean" } }, required: ["to", "text"] },
  Image: { type: "object", properties: { type: { type: "string", const: "image" }, to, url: { type: "string", example: "https://example.com/a.png" }, caption: { type: "string" } }, required: ["type", "to", "url"] },
  Send: { oneOf: [{ $ref: "#/components/schemas/Text" }, { $ref: "#/components/schemas/Image" }] },
};

describe("request body examples", () => {
  it("gives one example per variant of a union, named by its discriminator, with the discriminator written even when optional", () => {
    const bodies = bodyExamples({ $ref: "#/components/schemas/Send" }, components);
    expect(bodies).toEqual([
      { label: "text", body: { type: "text", to: "4915123456789", text: "string" } },
      { label: "image", body: { type: "image", to: "4915123456789", url: "https://example.com/a.png" } },
    ]);
  });

  it("uses the operation's own example for the variant it belongs to", () => {
    const example = { type: "text", to: "4915123456789", text: "Your order has shipped." };
    const bodies = bodyExamples({ $ref: "#/components/schemas/Send" }, components, example);
    expect(bodies[0]!.body).toBe(example);
    expect(bodies[1]!.body).toMatchObject({ type: "image" });
  });

  it("gives a single unnamed example for a plain body, and the first variant for a union met inside one", () => {
    expect(bodyExamples({ type: "object", properties: { name: { type: "string" } } }, {})).toEqual([{ label: null, body: { name: "string" } }]);
    expect(exampleFromSchema({ type: "object", properties: { message: { $ref: "#/components/schemas/Send" } } }, components)).toEqual({
      message: { type: "text", to: "4915123456789", text: "string" },
    });
  });

  it("puts the body in the curl snippet and keeps the token a placeholder", () => {
    const curl = curlSnippet({ method: "POST", url: "http://localhost:4000/api/v1/instances/ins_1/messages", body: { type: "text" } });
    expect(curl).toContain(`-d '{"type":"text"}'`);
    expect(curl).toContain("Bearer $WAM_TOKEN");
  });
});

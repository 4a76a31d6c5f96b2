/** Code samples for one endpoint; the token stays a placeholder, never a real key. */
export interface SnippetInput {
  method: string;
  url: string;
  body?: unknown;
}

const TOKEN = "$WAM_TOKEN";

export function curlSnippet({ method, url, body }: SnippetInput): string {
  const lines = [`curl -X ${method} "${url}"`, `  -H "Authorization: Bearer ${TOKEN}"`];
  if (body !== undefined) lines.push(`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(body)}'`);
  return lines.join(" \\\n");
}

export function fetchSnippet({ method, url, body }: SnippetInput): string {
  const init = [`  method: "${method}",`, `  headers: {`, `    Authorization: \`Bearer \${process.env.WAM_TOKEN}\`,`];
  if (body !== undefined) init.push(`    "Content-Type": "application/json",`);
  init.push(`  },`);
  if (body !== undefined) init.push(`  body: JSON.stringify(${JSON.stringify(body, null, 2).replace(/\n/g, "\n  ")}),`);
  return [`const response = await fetch("${url}", {`, ...init, `});`, `const data = await response.json();`].join("\n");
}

export function pythonSnippet({ method, url, body }: SnippetInput): string {
  const args = [`    "${url}",`, `    headers={"Authorization": f"Bearer {os.environ['WAM_TOKEN']}"},`];
  if (body !== undefined) args.push(`    json=${JSON.stringify(body).replace(/\btrue\b/g, "True").replace(/\bfalse\b/g, "False").replace(/\bnull\b/g, "None")},`);
  args.push(`    timeout=30,`);
  return [`import os`, `import requests`, ``, `response = requests.${method.toLowerCase()}(`, ...args, `)`, `response.raise_for_status()`, `print(response.json())`].join("\n");
}

/** A minimal example body built from the operation's JSON schema (examples first, then types). */
export function exampleFromSchema(schema: unknown, components: Record<string, unknown>, depth = 0): unknown {
  if (!schema || typeof schema !== "object" || depth > 5) return undefined;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === "string") return exampleFromSchema(resolveRef(s.$ref, components), components, depth + 1);
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  const variants = unionVariants(s);
  if (variants) return exampleFromSchema(variants[0], components, depth + 1);
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((part) => exampleFromSchema(part, components, depth + 1) ?? {}));
  if (s.type === "object" || s.properties) {
    const props = (s.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((s.required as string[] | undefined) ?? Object.keys(props));
    // A discriminator (`type: {const: "image"}`) is written even where it is optional: it says which variant this is.
    const shown = Object.entries(props).filter(([k, v]) => required.has(k) || v?.const !== undefined);
    return Object.fromEntries(shown.map(([k, v]) => [k, exampleFromSchema(v, components, depth + 1) ?? "…"]));
  }
  if (s.type === "string") return "string";
  if (s.type === "integer" || s.type === "number") return 0;
  if (s.type === "boolean") return true;
  if (s.type === "array") return [];
  return undefined;
}

export interface BodyExample {
  /** The variant's name (its discriminator value) when the body is a union; null for a plain body. */
  label: string | null;
  body: unknown;
}

/**
 * One example per variant of a request body: a union (`oneOf` on `type`, as the send-message body is) gets an
 * example for each message type, named by its discriminator; any other body gets one. The operation's own
 * example (`mediaExample`) replaces the generated one for the variant it is an example of.
 */
export function bodyExamples(schema: unknown, components: Record<string, unknown>, mediaExample?: unknown): BodyExample[] {
  const root = resolve(schema, components);
  const variants = root ? unionVariants(root) : undefined;
  if (!variants) return [{ label: null, body: mediaExample ?? exampleFromSchema(schema, components) }];
  return variants.map((variant, index) => {
    const label = discriminatorOf(resolve(variant, components)) ?? `Variant ${index + 1}`;
    const matches = mediaExample && typeof mediaExample === "object" && (mediaExample as Record<string, unknown>).type === label;
    return { label, body: matches ? mediaExample : exampleFromSchema(variant, components) };
  });
}

function resolveRef(ref: string, components: Record<string, unknown>): unknown {
  return components[ref.split("/").pop()!];
}

function resolve(schema: unknown, components: Record<string, unknown>): Record<string, unknown> | undefined {
  let s = schema;
  for (let i = 0; i < 5 && s && typeof s === "object" && typeof (s as { $ref?: unknown }).$ref === "string"; i++) s = resolveRef((s as { $ref: string }).$ref, components);
  return s && typeof s === "object" ? (s as Record<string, unknown>) : undefined;
}

function unionVariants(s: Record<string, unknown>): unknown[] | undefined {
  const list = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  return list && list.length > 0 ? list : undefined;
}

function discriminatorOf(s: Record<string, unknown> | undefined): string | undefined {
  const props = s?.properties as Record<string, Record<string, unknown>> | undefined;
  const tag = props?.type;
  if (typeof tag?.const === "string") return tag.const;
  if (Array.isArray(tag?.enum) && tag.enum.length === 1 && typeof tag.enum[0] === "string") return tag.enum[0];
  return typeof s?.title === "string" ? s.title : undefined;
}

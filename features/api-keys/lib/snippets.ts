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
  if (typeof s.$ref === "string") return exampleFromSchema(components[s.$ref.split("/").pop()!], components, depth + 1);
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.type === "object" || s.properties) {
    const props = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set((s.required as string[] | undefined) ?? Object.keys(props));
    return Object.fromEntries(Object.entries(props).filter(([k]) => required.has(k)).map(([k, v]) => [k, exampleFromSchema(v, components, depth + 1) ?? "…"]));
  }
  if (s.type === "string") return "string";
  if (s.type === "integer" || s.type === "number") return 0;
  if (s.type === "boolean") return true;
  if (s.type === "array") return [];
  return undefined;
}

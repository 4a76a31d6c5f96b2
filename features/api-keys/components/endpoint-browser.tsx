"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronRight, Search } from "lucide-react";
import { useDeferredValue, useMemo, useState } from "react";
import { CopyButton } from "@/shared/components/copy-button";
import { cn } from "@/shared/lib/cn";
import { Badge } from "@/shared/ui/badge";
import { Input } from "@/shared/ui/input";
import { Label } from "@/shared/ui/label";
import { InstanceSelect } from "@/shared/components/instance-select";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/shared/ui/select";
import { Skeleton } from "@/shared/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/shared/ui/tabs";
import { openApiOptions } from "../api/api-keys";
import type { InstanceChoice } from "./create-api-key-dialog";
import { bodyExamples, curlSnippet, fetchSnippet, pythonSnippet, type BodyExample } from "../lib/snippets";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";

const METHOD_STYLE: Record<string, string> = {
  GET: "bg-info text-info-foreground",
  POST: "bg-success text-success-foreground",
  PATCH: "bg-warning text-warning-foreground",
  PUT: "bg-warning text-warning-foreground",
  DELETE: "bg-destructive text-white",
};

interface Endpoint {
  method: string;
  path: string;
  summary: string;
  tag: string;
  credentials?: string;
  /** The JSON request body's schema and example, turned into example bodies only when the endpoint is opened. */
  body?: { schema: unknown; example?: unknown; components: Record<string, unknown> };
}

function Snippets({ endpoint, baseUrl, instanceId }: { endpoint: Endpoint; baseUrl: string; instanceId: string }) {
  const [variant, setVariant] = useState(0);
  const body = endpoint.body;
  const bodies = useMemo<BodyExample[]>(() => (body ? bodyExamples(body.schema, body.components, body.example) : []), [body]);
  const url = baseUrl + endpoint.path.replace("{id}", instanceId || "{id}");
  const input = { method: endpoint.method, url, body: bodies[variant]?.body };
  const samples = { curl: curlSnippet(input), javascript: fetchSnippet(input), python: pythonSnippet(input) };
  const variantId = `variant-${endpoint.method}-${endpoint.path}`;
  return (
    <>
      {bodies.length > 1 ? (
        <div className="mt-3 flex flex-col gap-1.5 sm:w-64">
          <Label htmlFor={variantId} className="text-xs text-muted-foreground">
            Body example
          </Label>
          <Select value={String(variant)} onValueChange={(value) => setVariant(Number(value))}>
            <SelectTrigger id={variantId} className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {bodies.map((b, index) => (
                <SelectItem key={b.label ?? index} value={String(index)}>
                  {b.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      ) : null}
      <Tabs defaultValue="curl" className="mt-3">
        <TabsList>
          <TabsTrigger value="curl">curl</TabsTrigger>
          <TabsTrigger value="javascript">JavaScript</TabsTrigger>
          <TabsTrigger value="python">Python</TabsTrigger>
        </TabsList>
        {Object.entries(samples).map(([lang, code]) => (
          <TabsContent key={lang} value={lang}>
            <div className="relative">
              <pre className="overflow-x-auto rounded-md bg-muted p-3 pr-12 font-mono text-xs leading-relaxed" data-testid={`snippet-${lang}`}>
                {code}
              </pre>
              <CopyButton value={code} label={`Copy ${lang} snippet`} className="absolute right-2 top-2" />
            </div>
          </TabsContent>
        ))}
      </Tabs>
    </>
  );
}

/**
 * Every gateway route from its OpenAPI document: grouped, searchable, with snippets ready to paste.
 *
 * The document arrives after the page has loaded, and its hundred-odd rows are drawn as a deferred value
 * (`useDeferredValue`), as is each search: React renders them in the background in short slices, the skeleton or the
 * previous rows standing meanwhile, instead of in one long task right when the answer lands (a query's update is
 * otherwise rendered synchronously).
 */
export function EndpointBrowser({ baseUrl, instances }: { baseUrl: string; instances: InstanceChoice[] }) {
  const doc = useQuery(openApiOptions());
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [instanceId, setInstanceId] = useState<string>("");
  const chosen = instanceId || instances[0]?.id || "";
  const shownDoc = useDeferredValue(doc.data);
  const shownSearch = useDeferredValue(search);

  const endpoints = useMemo(() => {
    if (!shownDoc) return [];
    const components = (shownDoc.components?.schemas ?? {}) as Record<string, unknown>;
    const all: Endpoint[] = [];
    for (const [path, methods] of Object.entries(shownDoc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const json = (op.requestBody as { content?: Record<string, { schema?: unknown; example?: unknown }> } | undefined)?.content?.["application/json"];
        all.push({
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? "",
          tag: op.tags?.[0] ?? "Other",
          credentials: op["x-credentials"],
          ...(json?.schema ? { body: { schema: json.schema, example: json.example, components } } : {}),
        });
      }
    }
    return all;
  }, [shownDoc]);
  const groups = useMemo(() => {
    const needle = shownSearch.trim().toLowerCase();
    const matching = endpoints.filter((e) => !needle || `${e.method} ${e.path} ${e.summary} ${e.tag}`.toLowerCase().includes(needle));
    const byTag = new Map<string, Endpoint[]>();
    for (const e of matching) byTag.set(e.tag, [...(byTag.get(e.tag) ?? []), e]);
    return [...byTag.entries()];
  }, [endpoints, shownSearch]);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="relative flex-1">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
          <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search endpoints…" aria-label="Search endpoints" className="pl-8" />
        </div>
        <div className="flex flex-col gap-1.5 sm:w-64">
          <Label htmlFor="snippet-instance" className="text-xs text-muted-foreground">
            Instance in snippets
          </Label>
          <InstanceSelect instances={instances} value={chosen} onValueChange={setInstanceId} disabled={instances.length === 0} placeholder="No instances yet" id="snippet-instance" className="w-full" />
        </div>
      </div>
      {doc.isPending || (doc.data && !shownDoc) ? (
        <Skeleton className="h-64 w-full" />
      ) : doc.isError ? (
        <InlineLoadError what="Could not load the gateway's API description" error={doc.error} />
      ) : groups.length === 0 ? (
        <p className="text-sm text-muted-foreground">No endpoint matches “{shownSearch}”.</p>
      ) : (
        groups.map(([tag, endpoints]) => (
          <section key={tag} aria-labelledby={`tag-${tag}`} className="flex flex-col gap-1">
            <h3 id={`tag-${tag}`} className="text-sm font-semibold">
              {tag}
            </h3>
            <ul className="divide-y rounded-md border" data-testid="endpoint-list">
              {endpoints.map((e) => {
                const id = `${e.method} ${e.path}`;
                const expanded = open === id;
                return (
                  <li key={id} className="skip-offscreen p-2 [--row-estimate:3rem]">
                    <div className="flex items-center gap-2">
                      <button
                        type="button"
                        className="flex min-w-0 flex-1 items-center gap-2 rounded-sm text-left outline-none focus-visible:ring-2 focus-visible:ring-ring"
                        aria-expanded={expanded}
                        onClick={() => setOpen(expanded ? null : id)}
                      >
                        <ChevronRight className={cn("size-4 shrink-0 transition-transform", expanded && "rotate-90")} aria-hidden />
                        <Badge className={cn("w-16 justify-center font-mono", METHOD_STYLE[e.method])}>{e.method}</Badge>
                        {/* Cut to one line while folded; whole (wrapping) once the row is open. */}
                        <code className={cn("font-mono text-sm", expanded ? "break-all" : "truncate")}>{e.path}</code>
                        <span className="hidden truncate text-sm text-muted-foreground lg:inline">{e.summary}</span>
                      </button>
                      <CopyButton value={e.path} label={`Copy path ${e.path}`} />
                    </div>
                    {expanded ? (
                      <div className="pl-6">
                        <p className="mt-2 text-sm">{e.summary}</p>
                        {e.credentials ? <p className="text-xs text-muted-foreground">Credentials: {e.credentials}</p> : null}
                        <Snippets endpoint={e} baseUrl={baseUrl} instanceId={chosen} />
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

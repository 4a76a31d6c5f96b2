import type { TemplateApplyResult } from "@/contract/templates";
import { applyResultWords } from "./template-words";

// Applying a template to a selection: in chunks, so the progress moves while a large selection is applied (the
// gateway takes up to 500 instances a request), and each chunk's answer as one row result per instance.

const APPLY_CHUNK = 25;

export function chunked<T>(items: readonly T[], size = APPLY_CHUNK): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export type ApplyRowResult = { state: "ok" | "failed"; message: string };

/** One chunk's answer by instance; an instance the answer leaves out failed (the gateway should name every one). */
export function chunkResults(ids: readonly string[], result: TemplateApplyResult): Record<string, ApplyRowResult> {
  const byId = new Map(result.items.map((item) => [item.instanceId, item]));
  return Object.fromEntries(
    ids.map((id) => {
      const item = byId.get(id);
      return [id, item ? { state: item.ok ? "ok" : "failed", message: applyResultWords(item) } : { state: "failed", message: "The gateway gave no result for it" }];
    }),
  );
}

/** A chunk whose request failed as a whole: every instance in it failed, with the request's error. */
export const chunkFailed = (ids: readonly string[], error: unknown): Record<string, ApplyRowResult> =>
  Object.fromEntries(ids.map((id) => [id, { state: "failed", message: error instanceof Error ? error.message : String(error) }]));

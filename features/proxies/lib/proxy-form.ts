import * as z from "zod/mini";
import { CreateProxyRequest, UpdateProxyRequest, type PoolProxy } from "@/contract/proxies";

// The pool proxy form: strings as typed, checked by mapping to the contract's request and validating that, so the
// form and the gateway never disagree. On edit an empty URL keeps the saved address and credentials.

export type ProxyFormValues = { name: string; url: string; maxInstances: string };
type ProxyField = keyof ProxyFormValues;
const FIELDS: readonly ProxyField[] = ["name", "url", "maxInstances"];

export const emptyProxyForm = (): ProxyFormValues => ({ name: "", url: "", maxInstances: "" });

/** A saved proxy as form values: the URL stays empty (its password is never shown). */
export const proxyToForm = (proxy: PoolProxy): ProxyFormValues => ({ name: proxy.name, url: "", maxInstances: proxy.maxInstances === null ? "" : String(proxy.maxInstances) });

/** Empty: no cap; anything else is a number for the contract to judge (NaN fails as "a whole number"). */
const capOf = (text: string): number | null => (text.trim() === "" ? null : Number(text.trim()));

export const toCreateProxyRequest = (values: ProxyFormValues): CreateProxyRequest => ({ name: values.name, url: values.url, maxInstances: capOf(values.maxInstances) });

/** Name and cap always; the URL only when a new one was typed (leaving it out keeps the saved credentials). */
export function toUpdateProxyRequest(values: ProxyFormValues): UpdateProxyRequest {
  return { name: values.name, maxInstances: capOf(values.maxInstances), ...(values.url.trim() ? { url: values.url } : {}) };
}

/** An issue path of the request (or the gateway's `body.url`) as the form field it belongs to. */
export function proxyFieldOf(path: readonly PropertyKey[] | string): ProxyField | null {
  const [first] = typeof path === "string" ? path.replace(/^body\./, "").split(".") : path.map(String);
  return FIELDS.includes(first as ProxyField) ? (first as ProxyField) : null;
}

/** The form's schema: for a new proxy the create request must be valid, for a saved one the update request. */
export function proxyFormSchema(editing: boolean) {
  return z.object({ name: z.string(), url: z.string(), maxInstances: z.string() }).check(
    z.superRefine((values, ctx) => {
      const result = editing ? UpdateProxyRequest.safeParse(toUpdateProxyRequest(values)) : CreateProxyRequest.safeParse(toCreateProxyRequest(values));
      if (result.success) return;
      for (const issue of result.error.issues) {
        const field = proxyFieldOf(issue.path);
        ctx.addIssue({ code: "custom", path: field ? [field] : [], message: issue.message });
      }
    }),
  );
}

import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { ProxyList } from "@/contract/proxies";
import {
  SettingsTemplate,
  SettingsTemplateWithSecret,
  TemplateApplyResult,
  TemplateList,
  type CreateTemplateRequest,
  type UpdateTemplateRequest,
} from "@/contract/templates";
import { bffTransport, readAllPages, type Transport } from "@/shared/lib/api-client";

// Settings templates (docs/templates.md), once for the browser and the panel's server: gateway paths, fetchers (given
// a transport), query keys, query options and mutations. The pool of proxies is read here too (a template's proxy
// policy may name one), with its own fetcher: features do not import each other.

const MAX_LIST = 2_000;
const BASE = "/api/v1/templates";
const page = (base: string) => (cursor: string | null) => `${base}?${new URLSearchParams({ limit: "500", ...(cursor ? { cursor } : {}) })}`;

const templatePaths = {
  list: page(BASE),
  template: (id: string) => `${BASE}/${encodeURIComponent(id)}`,
  apply: (id: string) => `${BASE}/${encodeURIComponent(id)}/apply`,
  proxies: page("/api/v1/proxies"),
};

/** Template query keys, most generic to most specific. */
const templateKeys = {
  all: ["templates"] as const,
  list: () => [...templateKeys.all, "list"] as const,
  proxyPool: () => [...templateKeys.all, "proxy-pool"] as const,
};

export const templateListOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: templateKeys.list(),
    queryFn: ({ signal }) => readAllPages(transport, templatePaths.list, TemplateList, { max: MAX_LIST, signal }),
  });

/** The proxy pool, for choosing a template's proxy and naming it in summaries. */
export const proxyPoolOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: templateKeys.proxyPool(),
    queryFn: ({ signal }) => readAllPages(transport, templatePaths.proxies, ProxyList, { max: MAX_LIST, signal }),
  });

/** Create a template; the response carries its signing secret, shown once by the caller. Errors are shown by the form. */
export const createTemplateMutation = () =>
  mutationOptions({
    mutationFn: (body: CreateTemplateRequest) => bffTransport.request(BASE, { method: "POST", body, schema: SettingsTemplateWithSecret }),
    onSuccess: (_created, _body, _result, { client }) => void client.invalidateQueries({ queryKey: templateKeys.list() }),
    meta: { successToast: () => ({ title: "Template created", description: "Copy its signing secret now: it is shown only once." }) },
  });

/** Edit a template (errors are shown by the form) or make it the default (errors as a toast: `toastErrors`). */
export const updateTemplateMutation = (id: string, { toastErrors = false }: { toastErrors?: boolean } = {}) =>
  mutationOptions({
    mutationFn: (body: UpdateTemplateRequest) => bffTransport.request(templatePaths.template(id), { method: "PATCH", body, schema: SettingsTemplate }),
    // Making one the default takes it from another: the whole list changes.
    onSuccess: (_saved, _body, _result, { client }) => void client.invalidateQueries({ queryKey: templateKeys.list() }),
    meta: {
      successToast: (saved: SettingsTemplate, body: UpdateTemplateRequest) =>
        Object.keys(body).length === 1 && body.isDefault ? { title: `${saved.name} is the default`, description: "New instances get it unless they name another template." } : "Template saved",
      ...(toastErrors ? { errorToast: (error: Error) => ({ title: "Could not save the template", description: error.message }) } : {}),
    },
  });

export const deleteTemplateMutation = () =>
  mutationOptions({
    mutationFn: (id: string) => bffTransport.request<void>(templatePaths.template(id), { method: "DELETE" }),
    onSuccess: (_data, id, _result, { client }) => {
      client.setQueryData<SettingsTemplate[]>(templateKeys.list(), (list) => list?.filter((t) => t.id !== id));
      void client.invalidateQueries({ queryKey: templateKeys.list() });
    },
    meta: {
      successToast: () => ({ title: "Template deleted", description: "Instances keep what it applied to them." }),
      errorToast: (error) => ({ title: "Could not delete the template", description: error.message }),
    },
  });

/** Applies a template to some instances (at most 500 a request): one result per instance. The caller shows them. */
export const applyTemplate = (id: string, instanceIds: readonly string[], signal?: AbortSignal) =>
  bffTransport.request(templatePaths.apply(id), { method: "POST", body: { instanceIds }, schema: TemplateApplyResult, signal });

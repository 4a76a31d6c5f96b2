import * as z from "zod/mini";

/**
 * An absolute http(s) URL the gateway will POST to (a webhook endpoint, an alert channel), up to 2048 characters,
 * naming a host and carrying no credentials; `credentialsHint` says where they go instead, if anywhere.
 */
export const httpUrl = (description: string, example: string, credentialsHint?: string) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "is required"),
      z.maxLength(2048, "must be at most 2048 characters"),
      z.superRefine((value, ctx) => {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          ctx.addIssue({ code: "custom", message: `must be an absolute URL like ${example}` });
          return;
        }
        if (url.protocol !== "https:" && url.protocol !== "http:") ctx.addIssue({ code: "custom", message: "must use https:// or http://" });
        else if (url.username || url.password) ctx.addIssue({ code: "custom", message: credentialsHint ? `must not contain credentials; ${credentialsHint}` : "must not contain credentials" });
        else if (!url.hostname) ctx.addIssue({ code: "custom", message: "must name a host" });
      }),
    )
    .register(z.globalRegistry, { description, example });

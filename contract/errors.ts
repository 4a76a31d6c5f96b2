import * as z from "zod/mini";

/** Machine-readable error codes shared by every gateway route. */
export const ErrorCode = z.enum([
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "gone",
  "too_many_requests",
  "unprocessable",
  "internal_error",
  "unavailable",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorIssue = z.object({
  path: z.string().register(z.globalRegistry, { description: "Dotted path of the offending field, e.g. `body.name`" }),
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/** The one error shape: `{ error: { code, message, details? } }`. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.optional(z.catchall(z.object({ issues: z.optional(z.array(ErrorIssue)) }), z.unknown())),
    }),
  })
  .register(z.globalRegistry, { id: "Error" });
export type ErrorBody = z.infer<typeof ErrorBody>;

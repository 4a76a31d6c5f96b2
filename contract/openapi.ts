import * as z from "zod/mini";

/** The gateway's own description of its routes; the panel's endpoint browser is built from it (only the parts it reads). */
export const OpenApiDoc = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.looseObject({
        summary: z.optional(z.string()),
        tags: z.optional(z.array(z.string())),
        operationId: z.optional(z.string()),
        "x-credentials": z.optional(z.string()),
        requestBody: z.optional(z.unknown()),
      }),
    ),
  ),
  components: z.optional(z.looseObject({ schemas: z.optional(z.record(z.string(), z.unknown())) })),
});
export type OpenApiDoc = z.infer<typeof OpenApiDoc>;

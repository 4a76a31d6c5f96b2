import { z } from "zod";

/** The gateway's own description of its routes; the panel's endpoint browser is built from it (only the parts it reads). */
export const OpenApiDoc = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.looseObject({ summary: z.string().optional(), tags: z.array(z.string()).optional(), operationId: z.string().optional(), "x-credentials": z.string().optional(), requestBody: z.unknown().optional() }),
    ),
  ),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type OpenApiDoc = z.infer<typeof OpenApiDoc>;

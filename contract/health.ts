import { z } from "zod";
import { EngineName } from "./instances";

export const HealthResponse = z
  .object({
    status: z.enum(["ok", "degraded"]),
    db: z.object({ ok: z.boolean(), dialect: z.string() }),
    engine: EngineName,
    version: z.string(),
    uptimeSeconds: z.number().nonnegative(),
    time: z.iso.datetime(),
  })
  .meta({ id: "Health" });
export type HealthResponse = z.infer<typeof HealthResponse>;

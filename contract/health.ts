import * as z from "zod/mini";
import { EngineName } from "./instances";

export const HealthResponse = z
  .object({
    status: z.enum(["ok", "degraded"]),
    db: z.object({ ok: z.boolean(), dialect: z.string() }),
    engine: EngineName,
    version: z.string(),
    uptimeSeconds: z.number().check(z.nonnegative()),
    time: z.iso.datetime(),
  })
  .register(z.globalRegistry, { id: "Health" });
export type HealthResponse = z.infer<typeof HealthResponse>;

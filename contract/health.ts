import * as z from "zod/mini";
import { EngineName } from "./instances";
import { GatewayNode } from "./cluster";

export const HealthResponse = z
  .object({
    status: z.enum(["ok", "degraded"]),
    db: z.object({ ok: z.boolean(), dialect: z.string() }),
    engine: EngineName,
    version: z.string(),
    uptimeSeconds: z.number().check(z.nonnegative()),
    time: z.iso.datetime(),
    node: z.object({ name: z.string(), startedAt: z.iso.datetime(), version: z.string() }).register(z.globalRegistry, { description: "The node that answered" }),
    cluster: z
      .object({ mode: z.enum(["single", "postgres"]), nodes: z.array(GatewayNode) })
      .register(z.globalRegistry, { description: "Every node sharing the database (one on SQLite); empty while the database does not answer" }),
  })
  .register(z.globalRegistry, { id: "Health" });
export type HealthResponse = z.infer<typeof HealthResponse>;

import * as z from "zod/mini";

export const NodeName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/, "must be a node name (letters, digits, '.', '_', ':' or '-')"));

export const GatewayNode = z
  .object({
    name: z.string(),
    version: z.string(),
    startedAt: z.iso.datetime(),
    heartbeatAt: z.iso.datetime().register(z.globalRegistry, { description: "Last heartbeat, by the database's clock" }),
    live: z.boolean().register(z.globalRegistry, { description: "Heartbeat within the lease TTL and not stopped" }),
    draining: z.boolean(),
    instances: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: "Instances whose live lease this node holds" }),
  })
  .register(z.globalRegistry, { id: "GatewayNode" });
export type GatewayNode = z.infer<typeof GatewayNode>;

export const GatewayNodeList = z
  .object({
    mode: z.enum(["single", "postgres"]),
    self: z.string().register(z.globalRegistry, { description: "The node that answered" }),
    items: z.array(GatewayNode),
  })
  .register(z.globalRegistry, { id: "GatewayNodeList" });
export type GatewayNodeList = z.infer<typeof GatewayNodeList>;

export const NodeNameParams = z.strictObject({ name: NodeName });

export const MoveInstanceRequest = z
  .strictObject({ node: NodeName.register(z.globalRegistry, { description: "A live node that is not draining" }) })
  .register(z.globalRegistry, { id: "MoveInstanceRequest" });
export type MoveInstanceRequest = z.infer<typeof MoveInstanceRequest>;

export const DrainNodeResponse = z
  .object({
    node: GatewayNode,
    moving: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: "Instances placed elsewhere by this call" }),
  })
  .register(z.globalRegistry, { id: "DrainNodeResponse" });
export type DrainNodeResponse = z.infer<typeof DrainNodeResponse>;

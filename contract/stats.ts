import * as z from "zod/mini";
import { InstanceStatus } from "./instances";

// Activity over time, for the Overview's charts and the instance page's uptime (docs/operations.md, "History").

const iso = z.iso.datetime();
const count = () => z.number().check(z.int(), z.nonnegative());

export const ACTIVITY_RANGES = ["1h", "24h", "7d"] as const;
export const ActivityRange = z.enum(ACTIVITY_RANGES);
export type ActivityRange = z.infer<typeof ActivityRange>;

export const ActivityQuery = z
  // Not a registered component: Fastify's OpenAPI generator expands query parameters inline only.
  .strictObject({ range: z._default(ActivityRange, "24h").register(z.globalRegistry, { description: "How far back: 1h and 24h in 5-minute points, 7d in hourly points" }) });
export type ActivityQuery = z.input<typeof ActivityQuery>;

const InstancesByStatus = z.record(InstanceStatus, count());

/** One point of the activity series: what happened in [at, at + bucketSeconds), over every node. */
export const ActivityPoint = z.object({
  at: iso,
  messagesIn: count().register(z.globalRegistry, { description: "Messages received (message.received)" }),
  messagesOut: count().register(z.globalRegistry, { description: "Messages sent, through the API or from the phone (message.sent)" }),
  webhooksDelivered: count().register(z.globalRegistry, { description: "Webhook attempts the endpoint accepted (2xx)" }),
  webhooksFailed: count().register(z.globalRegistry, { description: "Webhook attempts that failed (error, timeout, non-2xx)" }),
  webhookLatencyMs: z.nullable(z.number()).register(z.globalRegistry, { description: "Mean latency of the attempts; null without any" }),
  instances: z.nullable(InstancesByStatus).register(z.globalRegistry, { description: "Instances by status at the end of the point; null before the gateway recorded any" }),
});
export type ActivityPoint = z.infer<typeof ActivityPoint>;

export const Activity = z
  .object({
    range: ActivityRange,
    bucketSeconds: z.number().check(z.int(), z.positive()),
    from: iso,
    to: iso,
    points: z.array(ActivityPoint),
  })
  .register(z.globalRegistry, { id: "Activity" });
export type Activity = z.infer<typeof Activity>;

export const UPTIME_RANGES = ["24h", "7d", "30d"] as const;
export const UptimeRange = z.enum(UPTIME_RANGES);
export type UptimeRange = z.infer<typeof UptimeRange>;

export const UptimeQuery = z
  .strictObject({ range: z._default(UptimeRange, "24h").register(z.globalRegistry, { description: "The window: the last 24 hours, 7 days or 30 days" }) });
export type UptimeQuery = z.input<typeof UptimeQuery>;

/** UPTIME_SLOTS equal slots of the window, for a timeline strip. */
export const UPTIME_SLOTS = 96;

export const UptimeSlot = z.object({
  from: iso,
  status: z.nullable(InstanceStatus).register(z.globalRegistry, { description: "The status that held longest in the slot; null before the instance existed" }),
  connectedRatio: z.number().check(z.gte(0), z.lte(1)).register(z.globalRegistry, { description: "Share of the slot spent CONNECTED" }),
});
export type UptimeSlot = z.infer<typeof UptimeSlot>;

export const Uptime = z
  .object({
    range: UptimeRange,
    from: iso,
    to: iso,
    uptimePercent: z
      .nullable(z.number().check(z.gte(0), z.lte(100)))
      .register(z.globalRegistry, { description: "Time CONNECTED as a share of the window (of the time the instance existed, if it is younger); null when it existed for none of it" }),
    connectedSeconds: z.number().check(z.nonnegative()),
    observedSeconds: z.number().check(z.nonnegative()).register(z.globalRegistry, { description: "How much of the window the instance existed" }),
    drops: count().register(z.globalRegistry, { description: "Times it left CONNECTED in the window" }),
    slots: z.array(UptimeSlot),
  })
  .register(z.globalRegistry, { id: "Uptime" });
export type Uptime = z.infer<typeof Uptime>;

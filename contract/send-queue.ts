import * as z from "zod/mini";

// Where outbound messages stand, in numbers: the statuses and an instance's send queue. Apart from messages.ts (the
// send union) so that the panel's instance page can read the queue without loading every message schema.

export const MESSAGE_STATUSES = ["pending", "server_ack", "delivered", "read", "played", "failed"] as const;
export const MessageStatus = z.enum(MESSAGE_STATUSES).register(z.globalRegistry, { id: "MessageStatus" });
export type MessageStatus = z.infer<typeof MessageStatus>;

const count = () => z.number().check(z.int(), z.nonnegative());

/** How many of the instance's messages of the last 24 h are in each status now (numbers only: no content). */
export const MessageStatusCounts = z
  .object({ pending: count(), server_ack: count(), delivered: count(), read: count(), played: count(), failed: count() })
  .register(z.globalRegistry, { id: "MessageStatusCounts", description: "The instance's messages created in the last 24 hours, by their current status" });
export type MessageStatusCounts = z.infer<typeof MessageStatusCounts>;

/** An instance's send queue: how fast it drains and how much waits in it, and how its recent messages fared. */
export const SendQueueInfo = z
  .object({
    ratePerSecond: z.number().register(z.globalRegistry, { description: "Messages per second this instance sends at (its own rate, or the gateway default)" }),
    instanceRatePerSecond: z.nullable(z.number()).register(z.globalRegistry, { description: "The instance's own rate; null: the gateway default applies" }),
    defaultRatePerSecond: z.number(),
    burst: z.number().check(z.int()).register(z.globalRegistry, { description: "How many may leave back to back after a quiet spell" }),
    queued: z.number().check(z.int(), z.nonnegative()).register(z.globalRegistry, { description: "Messages waiting to be sent" }),
    queueMax: z.number().check(z.int()).register(z.globalRegistry, { description: "Above this many waiting, sends get 429 with Retry-After" }),
    last24h: MessageStatusCounts,
  })
  .register(z.globalRegistry, { id: "SendQueue" });
export type SendQueueInfo = z.infer<typeof SendQueueInfo>;

export const UpdateSendQueueRequest = z
  .strictObject({
    ratePerSecond: z
      .nullable(z.number().check(z.gte(0.01, "must be at least 0.01"), z.lte(100, "must be at most 100")))
      .register(z.globalRegistry, { description: "Messages per second for this instance; null returns to the gateway default" }),
  })
  .register(z.globalRegistry, { id: "UpdateSendQueueRequest" });
export type UpdateSendQueueRequest = z.input<typeof UpdateSendQueueRequest>;

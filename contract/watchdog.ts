import * as z from "zod/mini";

// The watchdog: what it does with a CONNECTED instance that has gone silent (docs/operations.md, "Watchdog").

const WATCHDOG_POLICIES = ["restart", "alert", "off"] as const;
export const WatchdogPolicy = z.enum(WATCHDOG_POLICIES).register(z.globalRegistry, {
  id: "WatchdogPolicy",
  description: "`restart`: a session found dead is restarted (no QR needed); `alert`: it is only marked unresponsive (alerts fire); `off`: not watched",
});
export type WatchdogPolicy = z.infer<typeof WatchdogPolicy>;

/** Per instance, the shortest silence the API accepts: Baileys' keep-alive answers every 30 s, so less would flag healthy sessions. */
export const WATCHDOG_MIN_SILENCE_SECONDS = 60;

/** Starts the reason of a status change the watchdog made: `Unresponsive (no traffic for 3 min)…`. */
export const UNRESPONSIVE_REASON_PREFIX = "Unresponsive";

export const WatchdogSettings = z
  .object({
    policy: WatchdogPolicy,
    silenceSeconds: z.number().check(z.int()).register(z.globalRegistry, { description: "How long a connected session may hear nothing from WhatsApp before the watchdog probes it" }),
    instancePolicy: z.nullable(WatchdogPolicy).register(z.globalRegistry, { description: "The instance's own policy; null: the gateway default applies" }),
    instanceSilenceSeconds: z.nullable(z.number().check(z.int())).register(z.globalRegistry, { description: "The instance's own threshold; null: the gateway default applies" }),
    defaultPolicy: WatchdogPolicy,
    defaultSilenceSeconds: z.number().check(z.int()),
    probeTimeoutSeconds: z.number().register(z.globalRegistry, { description: "How long the probe waits for WhatsApp's answer before the session counts as dead" }),
  })
  .register(z.globalRegistry, { id: "WatchdogSettings" });
export type WatchdogSettings = z.infer<typeof WatchdogSettings>;

/** An instance's own silence threshold as requests give it (here and in the instance's settings): 60 s to a day. */
export const watchdogSilenceSeconds = () =>
  z.number().check(z.int("must be a whole number of seconds"), z.gte(WATCHDOG_MIN_SILENCE_SECONDS, `must be at least ${WATCHDOG_MIN_SILENCE_SECONDS}`), z.lte(86_400, "must be at most 86400 (a day)"));

export const UpdateWatchdogRequest = z
  .strictObject({
    policy: z.optional(z.nullable(WatchdogPolicy)).register(z.globalRegistry, { description: "null returns to the gateway default" }),
    silenceSeconds: z
      .optional(z.nullable(watchdogSilenceSeconds()))
      .register(z.globalRegistry, { description: "Seconds of silence before a probe; null returns to the gateway default" }),
  })
  .check(z.refine((body) => body.policy !== undefined || body.silenceSeconds !== undefined, { message: "must set policy, silenceSeconds or both" }))
  .register(z.globalRegistry, { id: "UpdateWatchdogRequest" });
export type UpdateWatchdogRequest = z.input<typeof UpdateWatchdogRequest>;

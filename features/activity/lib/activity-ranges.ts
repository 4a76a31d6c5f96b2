import type { ActivityRange } from "@/contract/stats";

// Apart from the transforms, so the card's skeleton (on the page's first load) can say what is coming without them.

/** The range the card opens with. */
export const DEFAULT_RANGE: ActivityRange = "24h";

/** How a range reads in the toggle and in sentences. */
export const RANGE_COPY: Record<ActivityRange, { tab: string; span: string; description: string }> = {
  "1h": { tab: "1 h", span: "the last hour", description: "The last hour, in 5-minute steps" },
  "24h": { tab: "24 h", span: "the last 24 hours", description: "The last 24 hours, in 5-minute steps" },
  "7d": { tab: "7 d", span: "the last 7 days", description: "The last 7 days, in hourly steps" },
};

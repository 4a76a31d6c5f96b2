import type { InstanceStatus } from "../../../../contract/instances";
import { UPTIME_SLOTS, type Uptime, type UptimeRange, type UptimeSlot } from "../../../../contract/stats";
import type { Db } from "../../db/database";
import { DomainError } from "../../domain-error";

const WINDOWS: Record<UptimeRange, number> = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 };

interface Span {
  status: InstanceStatus;
  from: number;
  to: number;
}

/**
 * An instance's uptime over a window, from its status history (docs/operations.md, "History"): the share of the
 * window it was CONNECTED (of the part it existed), how often it dropped, and UPTIME_SLOTS equal slots for a timeline.
 */
export async function uptimeOf(db: Db, instanceId: string, range: UptimeRange, now = Date.now()): Promise<Uptime> {
  const instance = await db.selectFrom("instances").select(["created_at"]).where("id", "=", instanceId).executeTakeFirst();
  if (!instance) throw new DomainError("not_found", `No instance ${instanceId}`);
  const to = now;
  const from = to - WINDOWS[range];
  const start = Math.max(from, Date.parse(instance.created_at));
  const fromIso = new Date(start).toISOString();
  // The status in force when the window opens (the last change before it), then every change inside it.
  const before = await db
    .selectFrom("instance_status_history")
    .select(["status", "at"])
    .where("instance_id", "=", instanceId)
    .where("at", "<", fromIso)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const changes = await db.selectFrom("instance_status_history").select(["status", "at"]).where("instance_id", "=", instanceId).where("at", ">=", fromIso).orderBy("seq").execute();

  const spans: Span[] = [];
  let current: { status: InstanceStatus; since: number } | null = before ? { status: before.status as InstanceStatus, since: start } : null;
  let drops = 0;
  for (const change of changes) {
    const at = Math.min(Math.max(Date.parse(change.at), start), to);
    if (current && at > current.since) spans.push({ status: current.status, from: current.since, to: at });
    if (current?.status === "CONNECTED" && change.status !== "CONNECTED") drops += 1;
    current = { status: change.status as InstanceStatus, since: at };
  }
  if (current && to > current.since) spans.push({ status: current.status, from: current.since, to });

  const observed = spans.reduce((sum, span) => sum + (span.to - span.from), 0);
  const connected = spans.filter((span) => span.status === "CONNECTED").reduce((sum, span) => sum + (span.to - span.from), 0);
  return {
    range,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    uptimePercent: observed > 0 ? Math.round((connected / observed) * 10_000) / 100 : null,
    connectedSeconds: Math.round(connected / 1000),
    observedSeconds: Math.round(observed / 1000),
    drops,
    slots: slotsOf(spans, from, to),
  };
}

function slotsOf(spans: Span[], from: number, to: number): UptimeSlot[] {
  const width = (to - from) / UPTIME_SLOTS;
  const slots: UptimeSlot[] = [];
  let first = 0;
  for (let i = 0; i < UPTIME_SLOTS; i += 1) {
    const slotFrom = from + i * width;
    const slotTo = slotFrom + width;
    const time = new Map<InstanceStatus, number>();
    let observed = 0;
    while (first < spans.length && spans[first]!.to <= slotFrom) first += 1;
    for (let n = first; n < spans.length && spans[n]!.from < slotTo; n += 1) {
      const span = spans[n]!;
      const overlap = Math.min(span.to, slotTo) - Math.max(span.from, slotFrom);
      if (overlap <= 0) continue;
      time.set(span.status, (time.get(span.status) ?? 0) + overlap);
      observed += overlap;
    }
    const dominant = [...time].sort((a, b) => b[1] - a[1])[0];
    slots.push({ from: new Date(slotFrom).toISOString(), status: dominant ? dominant[0] : null, connectedRatio: observed > 0 ? Math.min(1, (time.get("CONNECTED") ?? 0) / observed) : 0 });
  }
  return slots;
}

import { describe, expect, it } from "vitest";
import { applyDeliveryEvent, mergeFetchedPage, type DeliveryFilters } from "../delivery-cache";
import { at, delivery, ids, pages } from "./delivery-fixtures";

describe("applyDeliveryEvent", () => {
  it("inserts a new delivery at the top, and later states replace it; late or duplicate events change nothing", () => {
    const old = delivery(1);
    const data = pages({ items: [old], nextCursor: null });
    const fresh = delivery(5);
    const inserted = applyDeliveryEvent(data, {}, fresh).data;
    expect(ids(inserted)).toEqual([[fresh.id, old.id]]);

    const attempted = { ...fresh, status: "succeeded" as const, attempts: 1, lastStatusCode: 204, updatedAt: at(6) };
    const updated = applyDeliveryEvent(inserted, {}, attempted).data;
    expect(updated.pages[0]!.items[0]).toEqual(attempted);
    // The queued state arriving late (or again) does not undo the attempt.
    expect(applyDeliveryEvent(updated, {}, fresh).data).toBe(updated);
    expect(applyDeliveryEvent(updated, {}, attempted).data).toBe(updated);
  });

  it("respects the filters: skips what does not match, drops a row once it stops matching", () => {
    const filters: DeliveryFilters = { status: ["retrying"], event: ["instance.status"] };
    const retrying = delivery(1, { status: "retrying", attempts: 1, updatedAt: at(2) });
    const data = pages({ items: [retrying], nextCursor: null });
    expect(applyDeliveryEvent(data, filters, delivery(3, { event: "instance.qr", status: "retrying" })).data).toBe(data);
    expect(applyDeliveryEvent(data, { instanceId: "ins_other0000000" }, delivery(3)).data).toBe(data);
    const succeeded = { ...retrying, status: "succeeded" as const, attempts: 2, updatedAt: at(9) };
    expect(ids(applyDeliveryEvent(data, filters, succeeded).data)).toEqual([[]]);
  });

  it("places older rows in order, but never into a gap before an unloaded page", () => {
    const a = delivery(9);
    const b = delivery(5);
    const c = delivery(1);
    const between = delivery(7);
    const older = delivery(0);
    const data = pages({ items: [a, b], nextCursor: "next" }, { items: [c], nextCursor: "more" });
    expect(ids(applyDeliveryEvent(data, {}, between).data)).toEqual([[a.id, between.id, b.id], [c.id]]);
    // Older than everything loaded while more pages exist: it belongs to a page not fetched yet.
    expect(applyDeliveryEvent(data, {}, older).data).toBe(data);
    const complete = pages({ items: [a], nextCursor: null });
    expect(ids(applyDeliveryEvent(complete, {}, older).data)).toEqual([[a.id, older.id]]);
  });

  it("asks for a refetch once too many live rows piled up on the first page", () => {
    let data = pages({ items: [], nextCursor: null });
    let refetch = false;
    for (let i = 0; i < 20 && !refetch; i++) ({ data, refetch } = applyDeliveryEvent(data, { limit: 5 }, delivery(100 + i)));
    expect(refetch).toBe(false);
    for (let i = 0; i < 200 && !refetch; i++) ({ data, refetch } = applyDeliveryEvent(data, { limit: 5 }, delivery(200 + i)));
    expect(refetch).toBe(true);
  });
});

describe("mergeFetchedPage", () => {
  it("keeps socket updates that landed while the request was in flight", () => {
    const known = delivery(1);
    const newer = { ...known, status: "succeeded" as const, attempts: 1, updatedAt: at(3) };
    const arrived = delivery(4);
    const cached = pages({ items: [arrived, newer], nextCursor: null });
    const merged = mergeFetchedPage({ items: [known], nextCursor: null }, cached, {}, true);
    expect(merged.items).toEqual([arrived, newer]);
    // Later pages keep later states but never gain rows.
    expect(mergeFetchedPage({ items: [known], nextCursor: null }, cached, {}, false).items).toEqual([newer]);
  });
});

import { describe, expect, it } from "vitest";
import type { Instance } from "@/contract/instances";
import { deriveInstanceTable, type InstanceTableQuery } from "../instance-table-view";

const at = (n: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, n)).toISOString();
let next = 0;
function instance(name: string, extra: Partial<Instance> = {}): Instance {
  next += 1;
  return { id: `ins_${String(next).padStart(12, "0")}`, name, status: "CONNECTED", seq: 1, engine: "sandbox", createdAt: at(0), updatedAt: at(next), ...extra };
}
const query = (q: Partial<InstanceTableQuery> = {}): InstanceTableQuery => ({
  sorting: [{ id: "name", desc: false }],
  columnFilters: [],
  search: "",
  pagination: { pageIndex: 0, pageSize: 50 },
  ...q,
});
const names = (list: Instance[]) => list.map((i) => i.name);

describe("deriveInstanceTable", () => {
  const list = [
    instance("beta", { number: "4915100000010", status: "RECONNECTING" }),
    instance("Alpha", { number: "4915100000002", pushName: "Shop" }),
    instance("gamma", { status: "QR_REQUIRED" }),
    instance("Delta 2", { number: "4915100000100", status: "RECONNECTING", pushName: "anna" }),
    instance("delta 10", { status: "ERROR" }),
  ];

  it("sorts names case-insensitively either way, keeping the list order for ties", () => {
    expect(names(deriveInstanceTable(list, query()).page)).toEqual(["Alpha", "beta", "delta 10", "Delta 2", "gamma"]);
    expect(names(deriveInstanceTable(list, query({ sorting: [{ id: "name", desc: true }] })).page)).toEqual(["gamma", "Delta 2", "delta 10", "beta", "Alpha"]);
    // Status in STATUS_ORDER (connected first), then name; ties fall back to the list order.
    expect(names(deriveInstanceTable(list, query({ sorting: [{ id: "status", desc: false }] })).page)).toEqual(["Alpha", "gamma", "beta", "Delta 2", "delta 10"]);
    expect(names(deriveInstanceTable(list, query({ sorting: [{ id: "status", desc: false }, { id: "name", desc: true }] })).page)).toEqual(["Alpha", "gamma", "Delta 2", "beta", "delta 10"]);
    expect(names(deriveInstanceTable(list, query({ sorting: [] })).page)).toEqual(names(list));
  });

  it("sorts numbers numerically and puts missing values last in both directions", () => {
    const asc = deriveInstanceTable(list, query({ sorting: [{ id: "number", desc: false }] })).page;
    const desc = deriveInstanceTable(list, query({ sorting: [{ id: "number", desc: true }] })).page;
    expect(names(asc)).toEqual(["Alpha", "beta", "Delta 2", "gamma", "delta 10"]);
    expect(names(desc)).toEqual(["Delta 2", "beta", "Alpha", "gamma", "delta 10"]);
  });

  it("sorts by node (cluster mode), instances no node holds last in both directions", () => {
    const spread = [instance("one", { node: "node-b" }), instance("two", { node: null }), instance("three", { node: "node-a" }), instance("four")];
    expect(names(deriveInstanceTable(spread, query({ sorting: [{ id: "node", desc: false }] })).page)).toEqual(["three", "one", "two", "four"]);
    expect(names(deriveInstanceTable(spread, query({ sorting: [{ id: "node", desc: true }] })).page)).toEqual(["one", "three", "two", "four"]);
  });

  it("filters by status and search, and counts each status over the search alone", () => {
    const view = deriveInstanceTable(list, query({ columnFilters: [{ id: "status", value: ["RECONNECTING"] }] }));
    expect(names(view.rows)).toEqual(["beta", "Delta 2"]);
    expect(Object.fromEntries(view.statusCounts)).toEqual({ CONNECTED: 1, RECONNECTING: 2, QR_REQUIRED: 1, ERROR: 1 });

    const searched = deriveInstanceTable(list, query({ search: "delta", columnFilters: [{ id: "status", value: ["ERROR", "CONNECTED"] }] }));
    expect(names(searched.rows)).toEqual(["delta 10"]);
    expect(Object.fromEntries(searched.statusCounts)).toEqual({ RECONNECTING: 1, ERROR: 1 });

    // Numbers match with or without the leading +.
    expect(names(deriveInstanceTable(list, query({ search: "+49151000001" })).rows)).toEqual(["Delta 2"]);
    expect(names(deriveInstanceTable(list, query({ search: "4915100000" })).rows)).toEqual(["Alpha", "beta", "Delta 2"]);
  });

  it("pages the sorted, filtered rows", () => {
    const many = Array.from({ length: 120 }, (_, n) => instance(`Row ${String(n).padStart(3, "0")}`, { status: n % 3 === 0 ? "ERROR" : "CONNECTED" }));
    const page2 = deriveInstanceTable(many, query({ pagination: { pageIndex: 1, pageSize: 25 }, columnFilters: [{ id: "status", value: ["ERROR"] }] }));
    expect(page2.rows).toHaveLength(40);
    expect(names(page2.page)).toEqual(Array.from({ length: 15 }, (_, n) => `Row ${String((25 + n) * 3).padStart(3, "0")}`));
    // A page past the end (rows left since it was chosen: deleted, or moved out of a filter live) is the last one.
    const past = deriveInstanceTable(many, query({ pagination: { pageIndex: 9, pageSize: 25 } }));
    expect(past.pageIndex).toBe(4);
    expect(names(past.page)).toEqual(Array.from({ length: 20 }, (_, n) => `Row ${String(100 + n).padStart(3, "0")}`));
    expect(deriveInstanceTable([], query({ pagination: { pageIndex: 2, pageSize: 25 } })).pageIndex).toBe(0);
    expect(page2.pageIndex).toBe(1);
  });

  it("follows a live change on the next snapshot: counts, filter membership and status order", () => {
    const before = deriveInstanceTable(list, query({ columnFilters: [{ id: "status", value: ["CONNECTED"] }] }));
    expect(names(before.rows)).toEqual(["Alpha"]);
    const after = list.map((i) => (i.name === "beta" ? { ...i, status: "CONNECTED" as const, seq: 2 } : i));
    const view = deriveInstanceTable(after, query({ columnFilters: [{ id: "status", value: ["CONNECTED"] }] }));
    expect(names(view.rows)).toEqual(["Alpha", "beta"]);
    expect(view.statusCounts.get("CONNECTED")).toBe(2);
    expect(view.statusCounts.get("RECONNECTING")).toBe(1);
  });
});

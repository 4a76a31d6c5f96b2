import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useUrlTableState, type UrlTableStateOptions } from "@/shared/hooks/use-url-table-state";

// A tiny in-memory URL stands in for the App Router; `deferred` mimics a navigation the router has not rendered yet.
const nav = vi.hoisted(() => {
  const listeners = new Set<() => void>();
  const state = { url: new URL("http://panel.test/instances"), deferred: false, queue: [] as string[] };
  const commit = (href: string) => {
    state.url = new URL(href, state.url);
    for (const listener of listeners) listener();
  };
  const router = {
    replace: vi.fn((href: string, _options?: { scroll?: boolean }) => {
      if (state.deferred) state.queue.push(href);
      else commit(href);
    }),
  };
  return {
    state,
    router,
    commit,
    flush: () => state.queue.splice(0).forEach(commit),
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSearch: () => state.url.search,
  };
});

vi.mock("next/navigation", async () => {
  const { useMemo, useSyncExternalStore } = await import("react");
  return {
    useSearchParams: () => {
      const search = useSyncExternalStore(nav.subscribe, nav.getSearch, nav.getSearch);
      return useMemo(() => new URLSearchParams(search), [search]);
    },
    usePathname: () => nav.state.url.pathname,
    useRouter: () => nav.router,
  };
});

function visit(search: string) {
  nav.state.url = new URL(`http://panel.test/instances${search}`);
}

function lastHref() {
  return nav.router.replace.mock.lastCall?.[0];
}

function render(options?: UrlTableStateOptions) {
  return renderHook(() => useUrlTableState(options));
}

beforeEach(() => {
  visit("");
  nav.state.deferred = false;
  nav.state.queue = [];
  nav.router.replace.mockClear();
});

describe("useUrlTableState", () => {
  it("starts from the defaults on a bare URL", () => {
    const { result } = render({ defaultSorting: [{ id: "createdAt", desc: true }] });
    expect(result.current.sorting).toEqual([{ id: "createdAt", desc: true }]);
    expect(result.current.columnFilters).toEqual([]);
    expect(result.current.search).toBe("");
    expect(result.current.pagination).toEqual({ pageIndex: 0, pageSize: 50 });
  });

  it("restores every piece of state from the URL", () => {
    visit("?sort=name.asc,status.desc&filter.status=open,closed&filter.engine=baileys&q=acme+co&page=3&size=100");
    const { result } = render();
    expect(result.current.sorting).toEqual([
      { id: "name", desc: false },
      { id: "status", desc: true },
    ]);
    expect(result.current.columnFilters).toEqual([
      { id: "status", value: ["open", "closed"] },
      { id: "engine", value: ["baileys"] },
    ]);
    expect(result.current.search).toBe("acme co");
    expect(result.current.pagination).toEqual({ pageIndex: 2, pageSize: 100 });
  });

  it("writes sorting with replace and no scroll, accepting values and updaters", () => {
    const { result } = render();
    act(() => result.current.setSorting([{ id: "name", desc: false }]));
    expect(nav.router.replace).toHaveBeenLastCalledWith("/instances?sort=name.asc", { scroll: false });
    expect(result.current.sorting).toEqual([{ id: "name", desc: false }]);

    act(() => result.current.setSorting((old) => old.map((entry) => ({ ...entry, desc: true }))));
    expect(lastHref()).toBe("/instances?sort=name.desc");
    expect(result.current.sorting).toEqual([{ id: "name", desc: true }]);
  });

  it("keeps the default sorting out of the URL and records an explicit 'unsorted'", () => {
    const { result } = render({ defaultSorting: [{ id: "createdAt", desc: true }] });
    act(() => result.current.setSorting([]));
    expect(lastHref()).toBe("/instances?sort=");
    expect(result.current.sorting).toEqual([]);

    act(() => result.current.setSorting([{ id: "createdAt", desc: true }]));
    expect(lastHref()).toBe("/instances");
    expect(result.current.sorting).toEqual([{ id: "createdAt", desc: true }]);
  });

  it("writes column filters as comma lists and drops empty ones", () => {
    const { result } = render();
    act(() => result.current.setColumnFilters([{ id: "status", value: ["open", "closed"] }]));
    expect(lastHref()).toBe("/instances?filter.status=open,closed");
    expect(result.current.columnFilters).toEqual([{ id: "status", value: ["open", "closed"] }]);

    act(() => result.current.setColumnFilters((old) => old.map((filter) => ({ ...filter, value: [] }))));
    expect(lastHref()).toBe("/instances");
    expect(result.current.columnFilters).toEqual([]);
  });

  it("writes the search string and clears it", () => {
    const { result } = render();
    act(() => result.current.setSearch("acme co"));
    expect(lastHref()).toBe("/instances?q=acme+co");
    expect(result.current.search).toBe("acme co");

    act(() => result.current.setSearch((old) => old.slice(0, 0)));
    expect(lastHref()).toBe("/instances");
    expect(result.current.search).toBe("");
  });

  it("writes a 1-based page and a non-default size", () => {
    const { result } = render();
    act(() => result.current.setPagination({ pageIndex: 2, pageSize: 100 }));
    expect(lastHref()).toBe("/instances?page=3&size=100");
    expect(result.current.pagination).toEqual({ pageIndex: 2, pageSize: 100 });

    act(() => result.current.setPagination((old) => ({ ...old, pageIndex: 0, pageSize: 50 })));
    expect(lastHref()).toBe("/instances");
    expect(result.current.pagination).toEqual({ pageIndex: 0, pageSize: 50 });
  });

  it("resets the page when filters or search change, but not when sorting does", () => {
    visit("?page=4");
    const { result } = render();
    act(() => result.current.setSorting([{ id: "name", desc: false }]));
    expect(result.current.pagination.pageIndex).toBe(3);

    act(() => result.current.setColumnFilters([{ id: "status", value: ["open"] }]));
    expect(lastHref()).toBe("/instances?sort=name.asc&filter.status=open");
    expect(result.current.pagination.pageIndex).toBe(0);

    act(() => result.current.setPagination((old) => ({ ...old, pageIndex: 1 })));
    act(() => result.current.setSearch("acme"));
    expect(lastHref()).toBe("/instances?sort=name.asc&filter.status=open&q=acme");
    expect(result.current.pagination.pageIndex).toBe(0);
  });

  it("does not navigate when nothing changes", () => {
    visit("?filter.status=open&page=2");
    const { result } = render();
    act(() => result.current.setColumnFilters((old) => [...old]));
    act(() => result.current.setSearch(""));
    act(() => result.current.setPagination((old) => old));
    expect(nav.router.replace).not.toHaveBeenCalled();
    expect(result.current.pagination.pageIndex).toBe(1);
  });

  it("round-trips: a fresh hook on the written URL reads the same state", () => {
    const first = render({ defaultSorting: [{ id: "createdAt", desc: true }] });
    act(() => {
      first.result.current.setSorting([{ id: "phone", desc: false }]);
      first.result.current.setColumnFilters([{ id: "status", value: ["open", "paused"] }]);
      first.result.current.setSearch("5511");
      first.result.current.setPagination({ pageIndex: 1, pageSize: 200 });
    });
    const written = {
      sorting: first.result.current.sorting,
      columnFilters: first.result.current.columnFilters,
      search: first.result.current.search,
      pagination: first.result.current.pagination,
    };
    expect(written).toEqual({
      sorting: [{ id: "phone", desc: false }],
      columnFilters: [{ id: "status", value: ["open", "paused"] }],
      search: "5511",
      pagination: { pageIndex: 1, pageSize: 200 },
    });
    first.unmount();

    visit(nav.state.url.search);
    const second = render({ defaultSorting: [{ id: "createdAt", desc: true }] });
    expect(second.result.current).toMatchObject(written);
  });

  it("lets setters called in the same event build on each other before the router commits", () => {
    nav.state.deferred = true;
    const { result } = render();
    act(() => {
      result.current.setSorting([{ id: "name", desc: true }]);
      result.current.setPagination((old) => ({ ...old, pageIndex: 4 }));
    });
    expect(lastHref()).toBe("/instances?sort=name.desc&page=5");
    // Not committed yet, but the table already shows what was asked for.
    expect(result.current.sorting).toEqual([{ id: "name", desc: true }]);
    expect(result.current.pagination.pageIndex).toBe(4);

    act(() => nav.flush());
    expect(nav.state.url.search).toBe("?sort=name.desc&page=5");
    expect(result.current.sorting).toEqual([{ id: "name", desc: true }]);
    expect(result.current.pagination.pageIndex).toBe(4);
  });

  it("follows a URL changed from outside after its own write settled", () => {
    const { result } = render();
    act(() => result.current.setSearch("first"));
    act(() => nav.commit("/instances?q=elsewhere"));
    expect(result.current.search).toBe("elsewhere");
    act(() => nav.commit("/instances"));
    expect(result.current.search).toBe("");
  });

  it.each([
    ["?sort=name.sideways", "bad direction"],
    ["?sort=.asc", "missing column"],
    ["?sort=name", "missing direction"],
    ["?sort=name.asc,name.desc", "duplicate column"],
    ["?sort=%00%%%", "noise"],
  ])("falls back to the default sorting on %s (%s)", (search) => {
    visit(search);
    const { result } = render({ defaultSorting: [{ id: "createdAt", desc: true }] });
    expect(result.current.sorting).toEqual([{ id: "createdAt", desc: true }]);
  });

  it.each(["?page=0", "?page=-2", "?page=abc", "?page=1e3", "?page=2.5", "?page=99999999999", "?page="])(
    "falls back to the first page on %s",
    (search) => {
      visit(search);
      const { result } = render();
      expect(result.current.pagination.pageIndex).toBe(0);
    },
  );

  it.each(["?size=7", "?size=0", "?size=-50", "?size=big", "?size=100000"])("falls back to the default size on %s", (search) => {
    visit(search);
    const { result } = render({ defaultPageSize: 25 });
    expect(result.current.pagination.pageSize).toBe(25);
  });

  it("ignores empty filters and, given columnIds, unknown columns", () => {
    visit("?filter.status=&filter.=x&filter.engine=,,baileys,baileys&filter.nope=1&sort=nope.asc");
    const { result } = render({ columnIds: ["status", "engine", "name"], defaultSorting: [{ id: "name", desc: false }] });
    expect(result.current.columnFilters).toEqual([{ id: "engine", value: ["baileys"] }]);
    expect(result.current.sorting).toEqual([{ id: "name", desc: false }]);
  });

  it("keeps unrelated query parameters", () => {
    visit("?tab=archived");
    const { result } = render();
    act(() => result.current.setSearch("x"));
    expect(lastHref()).toBe("/instances?tab=archived&q=x");
  });
});

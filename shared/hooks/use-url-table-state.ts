import type { ColumnFiltersState, OnChangeFn, PaginationState, SortingState, Updater } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

/** Page sizes the pagination select offers; a `size` outside this list (or the default) is treated as garbage. */
export const PAGE_SIZE_OPTIONS = [25, 50, 100, 200] as const;

export type UrlTableStateOptions = {
  defaultSorting?: SortingState;
  defaultPageSize?: number;
  /** When given, sort and filter entries naming any other column are ignored, so a stale link cannot break the table. */
  columnIds?: readonly string[];
};

export type UrlTableState = {
  sorting: SortingState;
  setSorting: OnChangeFn<SortingState>;
  columnFilters: ColumnFiltersState;
  setColumnFilters: OnChangeFn<ColumnFiltersState>;
  search: string;
  setSearch: OnChangeFn<string>;
  pagination: PaginationState;
  setPagination: OnChangeFn<PaginationState>;
};

type Defaults = { sorting: SortingState; pageSize: number; columnIds: ReadonlySet<string> | null };

const FILTER_PREFIX = "filter.";
const MAX_PAGE = 1_000_000;
const EMPTY_SORTING: SortingState = [];

function apply<T>(updater: Updater<T>, old: T): T {
  return typeof updater === "function" ? (updater as (old: T) => T)(old) : updater;
}

function isKnownColumn(id: string, defaults: Defaults) {
  return id !== "" && (defaults.columnIds === null || defaults.columnIds.has(id));
}

/** `name.asc,createdAt.desc`; an empty value means "explicitly unsorted", anything malformed means "use the default". */
function parseSorting(raw: string | null, defaults: Defaults): SortingState {
  if (raw === null) return defaults.sorting;
  if (raw === "") return EMPTY_SORTING;
  const sorting: SortingState = [];
  for (const part of raw.split(",")) {
    const dot = part.lastIndexOf(".");
    const id = part.slice(0, dot);
    const direction = part.slice(dot + 1);
    if (dot <= 0 || (direction !== "asc" && direction !== "desc")) return defaults.sorting;
    if (!isKnownColumn(id, defaults) || sorting.some((entry) => entry.id === id)) return defaults.sorting;
    sorting.push({ id, desc: direction === "desc" });
  }
  return sorting;
}

function serializeSorting(sorting: SortingState): string {
  return sorting.map((entry) => `${entry.id}.${entry.desc ? "desc" : "asc"}`).join(",");
}

function parseFilters(params: URLSearchParams, defaults: Defaults): ColumnFiltersState {
  const filters: ColumnFiltersState = [];
  for (const [key, raw] of params) {
    if (!key.startsWith(FILTER_PREFIX)) continue;
    const id = key.slice(FILTER_PREFIX.length);
    if (!isKnownColumn(id, defaults) || filters.some((filter) => filter.id === id)) continue;
    const values = [...new Set(raw.split(",").filter((value) => value !== ""))];
    if (values.length > 0) filters.push({ id, value: values });
  }
  return filters;
}

/** Filter values are stored as string lists (what the faceted filter writes); scalars become a one-item list. */
function filterValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value];
  return list.filter((item) => item !== undefined && item !== null && item !== "").map(String);
}

function parsePositiveInt(raw: string | null): number | null {
  if (raw === null || !/^\d{1,7}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 && value <= MAX_PAGE ? value : null;
}

function parsePagination(params: URLSearchParams, defaults: Defaults): PaginationState {
  const page = parsePositiveInt(params.get("page"));
  const size = parsePositiveInt(params.get("size"));
  const sizeIsAllowed = size !== null && (size === defaults.pageSize || (PAGE_SIZE_OPTIONS as readonly number[]).includes(size));
  return { pageIndex: page === null ? 0 : page - 1, pageSize: sizeIsAllowed ? size : defaults.pageSize };
}

type ParsedState = Pick<UrlTableState, "sorting" | "columnFilters" | "search" | "pagination">;

function parseQuery(query: string, defaults: Defaults): ParsedState {
  const params = new URLSearchParams(query);
  return {
    sorting: parseSorting(params.get("sort"), defaults),
    columnFilters: parseFilters(params, defaults),
    search: params.get("q") ?? "",
    pagination: parsePagination(params, defaults),
  };
}

function writeSorting(params: URLSearchParams, sorting: SortingState, defaults: Defaults) {
  const value = serializeSorting(sorting);
  if (value === serializeSorting(defaults.sorting)) params.delete("sort");
  else params.set("sort", value);
}

function filterEntries(filters: ColumnFiltersState): Map<string, string> {
  const entries = new Map<string, string>();
  for (const filter of filters) {
    const values = filterValues(filter.value);
    if (values.length > 0) entries.set(`${FILTER_PREFIX}${filter.id}`, values.join(","));
  }
  return entries;
}

function sameEntries(a: Map<string, string>, b: Map<string, string>) {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}

/** Updates in place (`set` keeps a key's position) so re-applying the same filters leaves the URL untouched. */
function writeFilters(params: URLSearchParams, entries: Map<string, string>) {
  for (const key of [...params.keys()]) if (key.startsWith(FILTER_PREFIX) && !entries.has(key)) params.delete(key);
  for (const [key, value] of entries) params.set(key, value);
}

function writePagination(params: URLSearchParams, pagination: PaginationState, defaults: Defaults) {
  const page = Math.floor(pagination.pageIndex) + 1;
  if (Number.isFinite(page) && page > 1) params.set("page", String(page));
  else params.delete("page");
  if (pagination.pageSize === defaults.pageSize || !Number.isFinite(pagination.pageSize)) params.delete("size");
  else params.set("size", String(pagination.pageSize));
}

/** URLSearchParams percent-encodes commas; a literal comma means the same and keeps `sort=a.asc,b.desc` readable. */
function toHref(pathname: string, params: URLSearchParams) {
  const query = params.toString().replace(/%2C/gi, ",");
  return query === "" ? pathname : `${pathname}?${query}`;
}

/** A write that the router has not rendered yet; it stays visible while the URL is still one this hook came from. */
type Pending = { next: string; from: ReadonlySet<string> };

function activeQuery(pending: Pending | null, current: string) {
  return pending !== null && pending.from.has(current) ? pending.next : current;
}

/**
 * Keeps sorting, column filters (`filter.<id>=a,b`), search (`q`) and pagination (`page` 1-based, `size`) in the
 * query string, shaped as TanStack Table v8 state and `OnChangeFn` setters. Garbage in the URL falls back to the
 * defaults. With client-side pagination pass `autoResetPageIndex: false` to `useReactTable`, or the first data
 * load resets the page read from the URL.
 */
export function useUrlTableState(options: UrlTableStateOptions = {}): UrlTableState {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const current = searchParams.toString();

  const { defaultSorting, defaultPageSize = 50, columnIds } = options;
  const sortingKey = serializeSorting(defaultSorting ?? EMPTY_SORTING);
  const columnsKey = columnIds?.join("\u0000") ?? null;
  const defaults = useMemo<Defaults>(
    () => ({
      sorting: parseSorting(sortingKey, { sorting: EMPTY_SORTING, pageSize: 0, columnIds: null }),
      pageSize: Number.isSafeInteger(defaultPageSize) && defaultPageSize > 0 ? defaultPageSize : 50,
      columnIds: columnsKey === null ? null : new Set(columnsKey.split("\u0000")),
    }),
    [sortingKey, defaultPageSize, columnsKey],
  );

  // The ref lets two setters called in the same event build on each other; the state re-renders before the router commits.
  const pendingRef = useRef<Pending | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  // Once the URL moves outside the write's origins the write is settled (or overridden): forget it for good.
  if (pending !== null && !pending.from.has(current)) setPending(null);
  useEffect(() => {
    if (pendingRef.current !== null && !pendingRef.current.from.has(current)) pendingRef.current = null;
  }, [current]);
  const query = activeQuery(pending, current);
  const state = useMemo(() => parseQuery(query, defaults), [query, defaults]);

  const update = useCallback(
    (mutate: (params: URLSearchParams, old: ParsedState) => void) => {
      const previous = pendingRef.current;
      const base = activeQuery(previous, current);
      const params = new URLSearchParams(base);
      mutate(params, parseQuery(base, defaults));
      const next = params.toString();
      if (next === base) return;
      const from = new Set(previous !== null && previous.from.has(current) ? [...previous.from, previous.next] : [current]);
      const write = { next, from };
      pendingRef.current = write;
      setPending(write);
      router.replace(toHref(pathname, params), { scroll: false });
    },
    [current, defaults, pathname, router, setPending],
  );

  const setSorting = useCallback<OnChangeFn<SortingState>>(
    (updater) => update((params, old) => writeSorting(params, apply(updater, old.sorting), defaults)),
    [update, defaults],
  );

  const setColumnFilters = useCallback<OnChangeFn<ColumnFiltersState>>(
    (updater) =>
      update((params, old) => {
        const entries = filterEntries(apply(updater, old.columnFilters));
        writeFilters(params, entries);
        if (!sameEntries(entries, filterEntries(old.columnFilters))) params.delete("page");
      }),
    [update],
  );

  const setSearch = useCallback<OnChangeFn<string>>(
    (updater) =>
      update((params, old) => {
        const value = apply(updater, old.search);
        if (value === old.search) return;
        if (value === "") params.delete("q");
        else params.set("q", value);
        params.delete("page");
      }),
    [update],
  );

  const setPagination = useCallback<OnChangeFn<PaginationState>>(
    (updater) => update((params, old) => writePagination(params, apply(updater, old.pagination), defaults)),
    [update, defaults],
  );

  return { ...state, setSorting, setColumnFilters, setSearch, setPagination };
}

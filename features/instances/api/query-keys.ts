/** Instance query keys, most generic to most specific (TkDodo's key factory). */
export const instanceKeys = {
  all: ["instances"] as const,
  list: () => [...instanceKeys.all, "list"] as const,
  details: () => [...instanceKeys.all, "detail"] as const,
  detail: (id: string) => [...instanceKeys.details(), id] as const,
  qr: (id: string) => [...instanceKeys.all, "qr", id] as const,
  history: (id: string) => [...instanceKeys.all, "history", id] as const,
};

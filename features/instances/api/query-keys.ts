/** Instance query keys, most generic to most specific (TkDodo's key factory). */
export const instanceKeys = {
  all: ["instances"] as const,
  lists: () => [...instanceKeys.all, "list"] as const,
  details: () => [...instanceKeys.all, "detail"] as const,
  detail: (id: string) => [...instanceKeys.details(), id] as const,
};

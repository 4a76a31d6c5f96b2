import * as z from "zod/mini";

/** A comma-separated query parameter (`?status=A,B`) parsed into a validated list. */
export function commaList<T extends z.core.$ZodType<unknown, string>>(item: T, description: string, example?: string) {
  const split = z.pipe(
    z.string().check(z.maxLength(500)),
    z.transform((raw: string) => raw.split(",").map((s) => s.trim()).filter(Boolean)),
  );
  return z.optional(z.pipe(split, z.array(item))).register(z.globalRegistry, { description, ...(example ? { example } : {}) });
}

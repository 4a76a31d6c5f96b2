import { z } from "zod";

/** A comma-separated query parameter (`?status=A,B`) parsed into a validated list. */
export function commaList<T extends z.ZodType<unknown, string>>(item: T, description: string, example?: string) {
  return z
    .string()
    .max(500)
    .transform((raw) => raw.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item))
    .optional()
    .meta({ description, ...(example ? { example } : {}) });
}

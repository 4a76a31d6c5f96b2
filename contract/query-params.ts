import * as z from "zod/mini";

/** A comma-separated query parameter (`?status=A,B`) parsed into a validated list. */
export function commaList<T extends z.core.$ZodType<unknown, string>>(item: T, description: string, example?: string) {
  const split = z.pipe(
    z.string().check(z.maxLength(500)),
    z.transform((raw: string) => raw.split(",").map((s) => s.trim()).filter(Boolean)),
  );
  return z.optional(z.pipe(split, z.array(item))).register(z.globalRegistry, { description, ...(example ? { example } : {}) });
}

/**
 * A whole number in a query string, from `min` to `max`: digits only. `z.coerce.number()` runs `Number()`, which
 * also takes "0x10", "0b11", "1e2", "+5" and " 5", none of them what a client means to send.
 */
function queryInt(min: number, max: number) {
  // Digits first, then the number they write (a coercion, not a transform: the documented default is kept).
  return z.pipe(z.string().check(z.regex(/^[0-9]{1,15}$/, "must be a whole number written in digits")), z.coerce.number<string>().check(z.gte(min), z.lte(max)));
}

/**
 * A page size (`?limit=`): 1 to `max`, `fallback` when absent. Documented as the integer it is (its input schema
 * alone would be a string with a pattern), so a generated client takes a number.
 */
export const pageLimit = (max: number, fallback: number, description?: string) =>
  z
    ._default(queryInt(1, max).register(z.globalRegistry, { type: "integer", minimum: 1, maximum: max }), fallback)
    .register(z.globalRegistry, description ? { description } : {});

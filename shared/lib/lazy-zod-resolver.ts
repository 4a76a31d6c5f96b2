import type { FieldValues, Resolver } from "react-hook-form";
import type { z } from "zod";

/**
 * A react-hook-form resolver whose zod schema (and zod itself) loads on the form's first validation, not with the
 * page: `lazyZodResolver(() => import("../api/auth-form-schemas").then((m) => m.loginFormSchema))`.
 * After the first load it validates synchronously-fast like `zodResolver`, which it wraps.
 */
export function lazyZodResolver<TValues extends FieldValues>(load: () => Promise<z.ZodType<unknown, TValues>>): Resolver<TValues> {
  let resolver: Resolver<TValues> | undefined;
  return async (values, context, options) => {
    if (!resolver) {
      const [schema, { zodResolver }] = await Promise.all([load(), import("@hookform/resolvers/zod")]);
      resolver = zodResolver(schema as z.ZodType<TValues, TValues>) as unknown as Resolver<TValues>;
    }
    return resolver(values, context, options);
  };
}

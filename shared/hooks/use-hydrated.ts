"use client";

import { createContext, createElement, startTransition, useContext, useEffect, useState, type ReactNode } from "react";

// Outside the provider (unit tests render without the app's root) nothing is being hydrated: true.
const HydratedContext = createContext(true);

/**
 * The page's one hydration flag, at the root: false while React hydrates the server's HTML, then true for good, so
 * a component mounted later (a client-side navigation) sees true from its first render.
 *
 * The switch is a transition. React renders a transition in slices and, should a part streamed after the shell (a
 * Suspense boundary) still be hydrating, hydrates that part first with the old value. A useSyncExternalStore whose
 * browser snapshot differs from the server's would instead re-render every reader at once, synchronously, in the
 * task that commits the hydration (on the instances page, each row's "x ago" and exact time read the flag; see
 * docs/architecture.md for what the change measured).
 */
export function HydratedProvider({ children }: { children: ReactNode }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => startTransition(() => setHydrated(true)), []);
  return createElement(HydratedContext.Provider, { value: hydrated }, children);
}

/**
 * False on the server and while React hydrates the server's HTML, true after (and on every render that is not a
 * hydration). Text that depends on the browser — its clock, its time zone — waits for it, so it never mismatches.
 */
export function useHydrated(): boolean {
  return useContext(HydratedContext);
}

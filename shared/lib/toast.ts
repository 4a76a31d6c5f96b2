import type { ExternalToast } from "sonner";

// sonner loads with the Toaster after the page is interactive (see app/_providers/root-providers.tsx), not in
// every page's first-load JS. Toasts follow an operator's action, by which time it has long arrived.
type Sonner = typeof import("sonner");
let sonner: Promise<Sonner> | undefined;
const loadSonner = () => (sonner ??= import("sonner"));

type Show = (message: string, data?: ExternalToast) => void;
const show =
  (kind: "success" | "error" | "info" | "warning"): Show =>
  (message, data) =>
    void loadSonner().then(({ toast }) => toast[kind](message, data));

/** The one way to raise a toast: `toast.success("Saved")`, `toast.error("Could not…", { description })`. */
export const toast = { success: show("success"), error: show("error"), info: show("info"), warning: show("warning") };

import { ApiClientError } from "@/shared/lib/api-client";

/**
 * A failed save as field errors where the gateway named a field (a 400's issues), otherwise one message for the
 * whole form. Returns whether any field got its error.
 */
export function placeSaveError<F extends string>(error: Error, fieldOf: (path: string) => F | null, setError: (field: F | "root", message: string, focus: boolean) => void): void {
  const issues = error instanceof ApiClientError ? error.issues : [];
  let placed = false;
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field) {
      setError(field, issue.message, !placed);
      placed = true;
    }
  }
  if (!placed) {
    const invalid = error instanceof ApiClientError && error.status === 400;
    setError("root", invalid ? `The gateway refused it: ${error.message}` : error.message, false);
  }
}

import type { ErrorIssue } from "../../contract/errors";

/**
 * What went wrong, in the domain's words. Services, repositories and engines throw these; the errors plugin
 * (plugins/errors.ts) is the one place that turns them into HTTP statuses and the error shape.
 */
export type DomainErrorKind =
  | "invalid_input" // the caller's input is wrong in a way only the domain can tell (a cursor, an unknown id in a body)
  | "unauthenticated" // the credential or password is wrong
  | "forbidden" // the credential is valid but may not do this
  | "not_found"
  | "conflict" // not possible in the current state
  | "gone" // it existed, but is no longer kept (a received file past its retention)
  | "unprocessable" // well-formed but cannot be taken as it is (an idempotency key reused with a different body)
  | "too_large" // the input is over a size limit (an uploaded file over its cap)
  | "rate_limited" // try again later (retryAfterSeconds)
  | "unavailable"; // busy or shutting down (retryAfterSeconds)

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: { issues?: ErrorIssue[] } & Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** An input problem named by its field, e.g. invalidInput("body.instanceId", "names no instance"). */
export function invalidInput(path: string, message: string): DomainError {
  return invalidInputs([{ path, message }]);
}

/** Input problems named by their fields, in a schema validation error's words: the first one, and how many more. */
export function invalidInputs(issues: ErrorIssue[]): DomainError {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new DomainError("invalid_input", `Invalid request: ${first.path} ${first.message}${more}`, { issues });
}

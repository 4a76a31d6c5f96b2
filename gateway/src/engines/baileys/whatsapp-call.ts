import { DomainError } from "../../domain-error";

// How a failed Baileys call reads as ours. Baileys rejects in two ways: with WhatsApp's own answer, an `<error
// code="404" text="item-not-found"/>` node that its query() turns into a Boom whose `data` is the code (its
// `output.statusCode` is then always 500, Boom's default), or with a Boom of its own: 408 Timed Out, 428 Connection
// Closed, 5xx stream errors.

/** The code of a failed Baileys call: WhatsApp's (Boom `data`) when it answered, else Baileys' own (Boom status). */
export function whatsappCode(error: unknown): number | undefined {
  const data = (error as { data?: unknown } | undefined)?.data;
  if (typeof data === "number" && Number.isFinite(data)) return data;
  const status = (error as { output?: { statusCode?: unknown } } | undefined)?.output?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/**
 * A Baileys call whose failure is WhatsApp's: no answer or a lost connection (408, 428, 5xx) is `unavailable` (503,
 * try again), a refusal (another 4xx) `unprocessable` (422), both naming what was being done. Anything without a code
 * is a bug and stays as it is.
 */
export async function whatsapp<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = whatsappCode(error);
    if (status === undefined) throw error;
    const reason = error instanceof Error && error.message ? `: ${error.message}` : "";
    if (status === 408 || status === 428 || status >= 500) throw new DomainError("unavailable", `WhatsApp did not answer while trying to ${what} (${status}${reason}); try again`, undefined, 5);
    throw new DomainError("unprocessable", `WhatsApp refused to ${what} (${status}${reason})`);
  }
}

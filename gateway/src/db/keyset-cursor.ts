import { invalidInput } from "../domain-error";

/** A keyset-paging position: the sort value and the id of the last row of a page. Opaque to clients. */
export interface KeysetCursor {
  v: string;
  id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** Decodes a cursor this API issued; anything else is a 400 naming `query.cursor`. */
export function decodeCursor(raw: string): KeysetCursor {
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<KeysetCursor>;
    if (typeof parsed.v === "string" && typeof parsed.id === "string") return { v: parsed.v, id: parsed.id };
  } catch {
    // fall through to the 400
  }
  throw invalidInput("query.cursor", "is not a cursor this API returned");
}

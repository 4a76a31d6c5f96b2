import { assertNodeErrorFree } from "baileys";

/**
 * What a Baileys call rejects with when WhatsApp answers with an error (`<error code="404" text="item-not-found"/>`):
 * made by Baileys' own code path (its query() runs assertNodeErrorFree on every answer), so the code sits where Baileys
 * puts it (the Boom's `data`; its status is Boom's default 500). WhatsApp's servers are what this machine cannot reach.
 */
export function whatsappAnswered(code: number, text: string): Error {
  try {
    assertNodeErrorFree({ tag: "iq", attrs: { type: "error" }, content: [{ tag: "error", attrs: { code: String(code), text } }] });
  } catch (error) {
    return error as Error;
  }
  throw new Error("assertNodeErrorFree accepted an error node");
}

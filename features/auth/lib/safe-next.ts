// Any origin will do as the base: only whether the parsed URL stays on it matters. `.invalid` never resolves.
const BASE = "http://panel.invalid";

/**
 * Where sign-in goes next: a path of the panel's own, or the overview. The value is read as a browser reads a URL
 * (the WHATWG parser drops tabs and line breaks and takes `\` for `/`, so "/\t/host" means "//host"), and followed
 * only if it stays on the panel's origin; what is followed is the parsed path, query and fragment.
 */
export function safeNext(next: string | undefined): string {
  if (!next?.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : "/";
}

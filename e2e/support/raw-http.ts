import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body's bytes as they came (still compressed when the answer has a Content-Encoding). */
  body: Buffer;
  text: string;
  json: unknown;
}

/**
 * One HTTP request with the path sent byte for byte as given (fetch and browsers would normalise `%2e%2e`,
 * `..` and friends before they leave), to 127.0.0.1 only.
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: url.port, method, path, headers: { host: url.host, ...options.headers }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const body = Buffer.concat(chunks);
          const text = body.toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text, json });
        });
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** A session cookie for the panel, got the way a browser gets it (POST /bff/auth/login with the panel's Origin). */
export async function panelSessionCookie(panelUrl: string, username: string, password: string): Promise<string> {
  const response = await rawRequest(panelUrl, "POST", "/bff/auth/login", {
    headers: { origin: new URL(panelUrl).origin, "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const cookie = [response.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith("__Host-wam_session="));
  if (response.status !== 200 || !cookie) throw new Error(`panel sign-in failed: ${response.status} ${response.text}`);
  return cookie.split(";")[0]!;
}

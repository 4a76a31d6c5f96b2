import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../domain-error";

/** Marks a forwarded call, so a node that is not the owner either never forwards it again. */
const FORWARDED_BY = "x-wam-forwarded-by";
/** What the owner needs of the caller's request: the credential, the body's type, an idempotency key. */
const PASSED_HEADERS = ["authorization", "content-type", "idempotency-key", "accept"];
const FORWARD_TIMEOUT_MS = 15_000;
/** What goes back from the owner's answer besides the body (a served picture's CSP included). */
const RETURNED_HEADERS = ["content-type", "retry-after", "content-security-policy"];

/**
 * Any node answers any call: a route marked `instanceAction` for an instance whose lease another live node holds is
 * sent on to that node over HTTP, with the caller's own credential (every node checks credentials against the
 * shared database, so nodes need no secret of their own), and its answer is returned as is. When the owner does
 * not answer, a 503 says which node and why; its lease then expires and another node takes the instance over.
 */
export function forwardToOwner(app: FastifyInstance) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config.instanceAction || isForwarded(request)) return;
    const id = (request.params as { id?: unknown }).id;
    if (typeof id !== "string") return;
    const owner = await app.cluster.remoteOwner(id);
    if (!owner) return;
    const headers: Record<string, string> = { [FORWARDED_BY]: app.cluster.nodeName };
    for (const name of PASSED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    // A body no parser has read (a multipart upload: the route streams it) goes on as it arrives, never buffered whole;
    // then the owner's answer is due 15 s after the last byte rather than 15 s after the start.
    const streamed = request.body === undefined && (Number(request.headers["content-length"] ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException("The owner did not answer in time", "TimeoutError")), FORWARD_TIMEOUT_MS);
    let response: Response;
    let body: Buffer;
    try {
      response = await fetch(`${owner.url}${request.url}`, {
        method: request.method,
        headers,
        body: streamed ? ReadableStream.from(passOn(request.raw, () => timer.refresh())) : request.body === undefined ? undefined : JSON.stringify(request.body),
        ...(streamed ? { duplex: "half" } : {}),
        signal: deadline.signal,
        redirect: "manual",
      } as RequestInit);
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const why = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${FORWARD_TIMEOUT_MS / 1000} s` : "unreachable";
      throw new DomainError("unavailable", `Gateway node "${owner.name}", which runs instance ${id}, is ${why}; if it is gone, another node takes the instance over within ${Math.ceil(app.cluster.options.leaseTtlMs / 1000)} s`, undefined, 5);
    } finally {
      clearTimeout(timer);
    }
    for (const name of RETURNED_HEADERS) {
      const value = response.headers.get(name);
      if (value) void reply.header(name, value);
    }
    void reply.header("x-wam-node", owner.name);
    // The owner answered before the whole upload was passed on (e.g. 413): do not read the rest from the caller.
    if (streamed && !request.raw.readableEnded) void reply.header("connection", "close");
    return reply.code(response.status).send(body);
  };
}

/** Whether another node sent this call on (forwardToOwner, callOwner): it is run here, never sent on again. */
export function isForwarded(request: FastifyRequest): boolean {
  return Boolean(request.headers[FORWARDED_BY]);
}

/** The request's bytes as they arrive, telling `onChunk` of each (to keep the deadline off while data flows). */
async function* passOn(source: AsyncIterable<Buffer>, onChunk: () => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    onChunk();
    yield chunk;
  }
}

/**
 * A call this node makes itself on an instance another node runs (a row of a bulk action), sent as a forwarded call
 * is: with the caller's own credential, marked so the owner runs it rather than forwarding it on. Returns the owner's
 * status and JSON answer; an owner that does not answer in time is an `unavailable` DomainError naming it.
 */
export async function callOwner(
  owner: { name: string; url: string },
  fromNode: string,
  call: { method: string; path: string; body?: unknown; authorization?: string },
): Promise<{ status: number; body: unknown }> {
  try {
    const response = await fetch(`${owner.url}${call.path}`, {
      method: call.method,
      headers: {
        [FORWARDED_BY]: fromNode,
        ...(call.authorization ? { authorization: call.authorization } : {}),
        ...(call.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      redirect: "manual",
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  } catch (error) {
    const why = error instanceof Error && error.name === "TimeoutError" ? `did not answer within ${FORWARD_TIMEOUT_MS / 1000} s` : "is unreachable";
    throw new DomainError("unavailable", `Gateway node "${owner.name}", which runs this instance, ${why}`, undefined, 5);
  }
}

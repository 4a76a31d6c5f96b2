import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SocketTicketResponse } from "../../../contract/auth";
import { GatewayHelloEvent } from "../../../contract/socket-events";
import { api, connect, login, nextEvent, startGateway, type RunningGateway } from "../support/gateway";

let gw: RunningGateway;
let token: string;
beforeAll(async () => {
  gw = await startGateway();
  token = await login(gw.url);
});
afterAll(() => gw.stop());

async function ticket(sessionToken = token) {
  const res = await api(gw.url, "POST", "/api/v1/auth/socket-ticket", { token: sessionToken });
  expect(res.status).toBe(200);
  const body = SocketTicketResponse.parse(res.body);
  expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
  return body.ticket;
}

describe("socket tickets", () => {
  it("connects with a fresh ticket and receives the gateway's hello", async () => {
    const t = await ticket();
    const socket = await connect(gw.url, { ticket: t });
    const hello = GatewayHelloEvent.parse(await nextEvent(socket, "gateway.hello"));
    expect(hello.engine).toBe("sandbox");
    socket.close();
  });

  it("refuses a missing ticket with connect_error", async () => {
    await expect(connect(gw.url, {})).rejects.toThrow(/ticket is required/);
  });

  it("refuses a reused ticket", async () => {
    const t = await ticket();
    const first = await connect(gw.url, { ticket: t });
    first.close();
    await expect(connect(gw.url, { ticket: t })).rejects.toThrow(/invalid, expired or already used/);
  });

  it("refuses an expired ticket", async () => {
    const t = await ticket();
    // Let time pass for the ticket: move its expiry into the past.
    await gw.gateway.app.db.updateTable("socket_tickets").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    await expect(connect(gw.url, { ticket: t })).rejects.toThrow(/invalid, expired or already used/);
  });

  it("refuses credentials in the query string, even a valid ticket", async () => {
    const t = await ticket();
    await expect(connect(gw.url, {}, { ticket: t })).rejects.toThrow();
    // The ticket was not consumed by the refused handshake, but a query-string attempt never authenticates.
    await expect(connect(gw.url, { ticket: "x" }, { token })).rejects.toThrow();
  });

  it("disconnects the sockets of a session that signs out", async () => {
    const own = await login(gw.url);
    const socket = await connect(gw.url, { ticket: await ticket(own) });
    const other = await connect(gw.url, { ticket: await ticket() });
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect((await api(gw.url, "POST", "/api/v1/auth/logout", { token: own })).status).toBe(204);
    expect(await closed).toBe("io server disconnect");
    expect(other.connected).toBe(true);
    other.close();
  });
});

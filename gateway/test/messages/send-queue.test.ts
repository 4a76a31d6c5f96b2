import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import type { InstanceManager } from "../../src/modules/instances/instance-manager";
import type { MediaFetcher } from "../../src/modules/messages/media-fetcher";
import type { MediaUploads } from "../../src/modules/messages/media-uploads";
import type { MessageStore, QueuedMessage } from "../../src/modules/messages/message-store";
import { SendQueue } from "../../src/modules/messages/send-queue";

// The drain loop's failure paths, which a real database does not produce on demand: the store and the instance are
// stand-ins here. The loop's pace and order against real SQLite and PostgreSQL are in pacing.test.ts.
describe("the send queue's drain loop", () => {
  it("hands a claimed message back when reading the instance's rate fails, instead of leaving it leased", async () => {
    const message: QueuedMessage = { id: "msg_1", instanceId: "ins_1", jid: "4915123456789@s.whatsapp.net", content: { type: "text", text: "hi" } };
    const released: string[] = [];
    const store = {
      claimNext: vi.fn(async () => message),
      rateOf: vi.fn(async () => {
        throw new Error("the database went away");
      }),
      release: vi.fn(async (id: string) => void released.push(id)),
    };
    const send = vi.fn();
    const queue = new SendQueue({
      store: store as unknown as MessageStore,
      instances: { localRuntime: () => ({ currentStatus: "CONNECTED", send }) } as unknown as InstanceManager,
      media: {} as MediaFetcher,
      uploads: {} as MediaUploads,
      pacing: { ratePerSecond: 1, burst: 1, jitter: 0 },
      log: pino({ level: "silent" }),
      sent: vi.fn(),
      failed: vi.fn(),
    });
    queue.kick("ins_1");
    await vi.waitFor(() => expect(released).toEqual(["msg_1"]));
    await queue.stop();
    expect(send).not.toHaveBeenCalled();
    expect(store.claimNext).toHaveBeenCalledTimes(1);
  });
});

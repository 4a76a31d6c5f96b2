import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type OpenedDatabase } from "../../src/db/database";
import type { Engine } from "../../src/engines/engine";
import { InboundMediaService } from "../../src/modules/media/inbound-media";

// The stream a received file is served from is the engine's (Baileys: a download from WhatsApp's CDN, maybe through
// a proxy). A client that goes away must end it, not leave it paused until a transport timeout.
let dataDir: string;
let database: OpenedDatabase;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "wam-inbound-stream-"));
  database = await openDatabase({ dataDir });
  const now = new Date().toISOString();
  await database.db.insertInto("instances").values({ id: "ins_streamcheck01", name: "Stream", engine: "sandbox", status: "CONNECTED", seq: 0, desired_state: "running", created_at: now, updated_at: now }).execute();
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** An engine whose download never ends by itself: a chunk, then it waits for more, as a slow CDN would. */
function slowEngine() {
  const opened: Readable[] = [];
  const engine = {
    openMedia: async () => {
      const source = new Readable({ read() {} });
      source.push(Buffer.alloc(1000, 1));
      opened.push(source);
      return source;
    },
  } as unknown as Engine;
  return { engine, opened };
}

describe("serving a received file", () => {
  it("ends the engine's download when the client abandons the file, and the client's stream when the download fails", async () => {
    const { engine, opened } = slowEngine();
    const media = new InboundMediaService(database.db, engine, 3_600_000, pino({ level: "silent" }));
    const { mediaId } = await media.keep("ins_streamcheck01", { messageId: "IN1", type: "image", mimetype: "image/jpeg", size: 5000, source: "opaque" });

    const abandoned = await media.open("ins_streamcheck01", mediaId);
    abandoned.stream.resume();
    abandoned.stream.destroy(); // what the reply does when the client closes the connection
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened[0]!.destroyed).toBe(true);

    const failing = await media.open("ins_streamcheck01", mediaId);
    const ended = new Promise<Error>((resolve) => failing.stream.on("error", resolve));
    failing.stream.resume();
    opened[1]!.destroy(new Error("the CDN connection reset"));
    expect((await ended).message).toBe("the CDN connection reset");
  });
});

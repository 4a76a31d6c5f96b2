import type { Socket } from "node:net";

/** The socket ended, failed or closed before the bytes a handshake waits for arrived. */
export class SocketEndedError extends Error {
  constructor(
    readonly received: number,
    readonly cause?: NodeJS.ErrnoException,
  ) {
    super(cause?.message ?? "the connection closed");
    this.name = "SocketEndedError";
  }
}

/**
 * Reads a handshake off a socket: exactly n bytes, or up to a delimiter. Whatever arrives after what a read asked for
 * stays buffered for the next read, so nothing is lost between the steps of a handshake.
 */
export class SocketReader {
  private buffer = Buffer.alloc(0);
  private total = 0;
  private failure: SocketEndedError | undefined;
  private wake: (() => void) | undefined;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.total += chunk.length;
      this.wake?.();
    });
    const end = (error?: NodeJS.ErrnoException) => {
      this.failure ??= new SocketEndedError(this.total, error);
      this.wake?.();
    };
    socket.on("end", () => end());
    socket.on("close", () => end());
    socket.on("error", (error: NodeJS.ErrnoException) => end(error));
  }

  /** Bytes received so far (0: the other side said nothing at all). */
  get received(): number {
    return this.total;
  }

  async read(n: number): Promise<Buffer> {
    while (this.buffer.length < n) await this.next();
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Up to and including `delimiter`; throws once `max` bytes came without it. */
  async readUntil(delimiter: string, max: number): Promise<Buffer> {
    for (;;) {
      const at = this.buffer.indexOf(delimiter);
      if (at >= 0) return this.read(at + delimiter.length);
      if (this.buffer.length >= max) throw new Error(`no ${JSON.stringify(delimiter)} within ${max} bytes`);
      await this.next();
    }
  }

  private next(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }
}

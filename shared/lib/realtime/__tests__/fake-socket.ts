import { EventEmitter } from "node:events";

// A stand-in for the gateway's socket.io connection (the real one is covered by the browser tests).
export class FakeSocket extends EventEmitter {
  connected = true;
  #any = new Set<(name: string, payload: unknown) => void>();
  onAny(listener: (name: string, payload: unknown) => void) {
    this.#any.add(listener);
  }
  offAny(listener: (name: string, payload: unknown) => void) {
    this.#any.delete(listener);
  }
  /** The gateway sends an event. */
  send(name: string, payload: unknown) {
    for (const listener of this.#any) listener(name, payload);
  }
}

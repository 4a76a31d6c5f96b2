/**
 * Caps how many password hashes (scrypt, ~128 MiB and a few hundred ms each, on libuv's thread pool) run at
 * once in this process. It never queues: when every slot is taken the caller is refused at once, so a flood
 * of sign-ins gets fast 503s instead of waiting minutes behind each other (docs/sign-in-throttling.md).
 * It protects this process's thread pool and memory only; everything shared between nodes lives in the database.
 */
export class HashSemaphore {
  private inUse = 0;

  constructor(readonly size: number) {}

  /** A release function when a slot was free, else null. Release is idempotent. */
  tryAcquire(): (() => void) | null {
    if (this.inUse >= this.size) return null;
    this.inUse += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= 1;
    };
  }
}

/** The thread pool's size minus one, so file and DNS work still get a thread while hashes run. */
function defaultHashSlots(env: NodeJS.ProcessEnv = process.env): number {
  const pool = Number(env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, pool - 1);
}

/** One per process: the thread pool it protects is per process too. */
export const processHashSemaphore = new HashSemaphore(defaultHashSlots());

/**
 * The labs' debounced, latest-wins worker loop. A control moves: the widget
 * redraws from an estimate at once and calls `schedule()`; once the controls
 * have been still for `delayMs`, the request goes to a worker. A run still in
 * progress is for an older setup, so it is stopped (the worker is terminated and
 * a fresh one started) rather than waited for; only the reply to the newest
 * request is delivered, with the key it was made for.
 */
/** The id of a warm-up request: never a real request's (those count up from 1). */
const WARM_UP = -1;

export class LatestWins<Request extends { readonly id: number }, Reply extends { readonly id: number }> {
  private worker: Worker | undefined;
  private busy = false;
  private requestId = 0;
  private requestKey = "";
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly spawn: () => Worker;
  private readonly delayMs: number;
  private readonly onReply: (reply: Reply, key: string) => void;

  constructor(spawn: () => Worker, delayMs: number, onReply: (reply: Reply, key: string) => void) {
    this.spawn = spawn;
    this.delayMs = delayMs;
    this.onReply = onReply;
  }

  /** Run `make(id)` for `key` after the controls are still for `delayMs`; a newer call replaces it. */
  schedule(key: string, make: (id: number) => Request): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(key, make), this.delayMs);
  }

  /** Run now, stopping any older run still in progress (and dropping one still waiting to start). */
  run(key: string, make: (id: number) => Request): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy) {
      this.worker?.terminate();
      this.worker = undefined;
    }
    const worker = (this.worker ??= this.start());
    const request = make(++this.requestId);
    this.requestKey = key;
    this.busy = true;
    worker.postMessage(request);
  }

  /**
   * Start the worker now and give it `request` to run (its reply is dropped),
   * so that its code is loaded and compiled, and its JIT warm, by the time the
   * reader's first real run comes. A real run sent meanwhile waits behind it.
   */
  warm(request: Request): void {
    if (this.worker !== undefined) return;
    this.worker = this.start();
    this.worker.postMessage({ ...request, id: WARM_UP });
  }

  /** Stop the worker and any pending run (the element left the page). */
  stop(): void {
    this.worker?.terminate();
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private start(): Worker {
    const worker = this.spawn();
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const reply = e.data;
      if (reply.id !== this.requestId) return;
      this.busy = false;
      this.onReply(reply, this.requestKey);
    };
    return worker;
  }
}

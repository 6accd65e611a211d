/** Concurrent requests for the same key share one call: the first starts it, the others await it. */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, start: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running;
    const call = start().finally(() => this.running.delete(key));
    this.running.set(key, call);
    return call;
  }
}

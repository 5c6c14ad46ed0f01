/**
 * A FIFO of requests waiting to be sent, with removal from anywhere in it (an aborted request
 * leaves its place). A Set keeps insertion order and removes in constant time.
 */
export class RequestQueue<T> {
  readonly #items = new Set<T>();

  get size(): number {
    return this.#items.size;
  }

  push(item: T): void {
    this.#items.add(item);
  }

  /** Removes `item`; false when it was not queued here. */
  remove(item: T): boolean {
    return this.#items.delete(item);
  }

  /** Takes the oldest item. */
  shift(): T | undefined {
    if (this.#items.size === 0) return undefined;
    for (const item of this.#items) {
      this.#items.delete(item);
      return item;
    }
    return undefined;
  }

  /** Takes every item, oldest first. */
  drain(): T[] {
    const items = [...this.#items];
    this.#items.clear();
    return items;
  }
}

/**
 * One timer over many deadlines: tells `onExpired` about the item whose deadline passed first.
 *
 * Adding an item with an earlier deadline than the armed one re-arms the timer; deleting an item
 * leaves it armed (cheaper than clearing it for every item that ends in time): when it fires,
 * it re-arms for the earliest deadline still watched, if any. Like a timer per item, it keeps
 * the process alive only while it watches an item.
 *
 * Knows nothing of workers or requests; the clock is `performance.now()` unless given.
 */
export class DeadlineTimer<Item> {
  readonly #onExpired: (item: Item) => void;
  readonly #now: () => number;
  /** Every watched item and its deadline on the `#now` clock. */
  readonly #deadlines = new Map<Item, number>();
  #timer: NodeJS.Timeout | undefined;
  /** The deadline `#timer` is armed for. */
  #armedFor = Number.POSITIVE_INFINITY;

  /**
   * @param onExpired called with an item once its deadline has passed; the item is no longer
   * watched by then.
   * @param now the clock, in milliseconds.
   */
  constructor(onExpired: (item: Item) => void, now: () => number = () => performance.now()) {
    this.#onExpired = onExpired;
    this.#now = now;
  }

  /** How many items are watched. */
  get size(): number {
    return this.#deadlines.size;
  }

  /** Watches `item`, which expires `timeout` ms from now. An infinite timeout watches nothing. */
  add(item: Item, timeout: number): void {
    if (!Number.isFinite(timeout)) return;
    const deadline = this.#now() + timeout;
    this.#deadlines.set(item, deadline);
    if (deadline < this.#armedFor) this.#arm(deadline);
    else this.#timer!.ref();
  }

  /** Stops watching `item`. */
  delete(item: Item): void {
    if (this.#deadlines.delete(item) && this.#deadlines.size === 0) this.#timer?.unref();
  }

  /** Stops watching every item, and clears the timer. */
  clear(): void {
    this.#deadlines.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  #arm(deadline: number): void {
    clearTimeout(this.#timer);
    this.#armedFor = deadline;
    this.#timer = setTimeout(this.#fire, deadline - this.#now());
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const earliest = this.#earliest();
    if (earliest === undefined) return;
    const [item, deadline] = earliest;
    // A timer can fire a little before the deadline by this clock: then it waits the rest.
    if (deadline > this.#now()) {
      this.#arm(deadline);
      return;
    }
    this.#deadlines.delete(item);
    const next = this.#earliest();
    if (next !== undefined) this.#arm(next[1]);
    this.#onExpired(item);
  };

  #earliest(): [Item, number] | undefined {
    let earliest: [Item, number] | undefined;
    for (const [item, deadline] of this.#deadlines) {
      if (earliest === undefined || deadline < earliest[1]) earliest = [item, deadline];
    }
    return earliest;
  }
}

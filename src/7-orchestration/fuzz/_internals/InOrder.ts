/**
 * Hands on items tagged with an index in the order of `order`, holding back
 * those that arrive early. It holds at most the items in flight (workers ×
 * chunk size), not the campaign.
 */
export class InOrder<T> {
  private readonly early = new Map<number, T>();
  private expected: IteratorResult<number>;

  constructor(
    private readonly order: Iterator<number>,
    private readonly emit: (item: T) => void,
  ) {
    this.expected = order.next();
  }

  push(index: number, item: T): void {
    this.early.set(index, item);
    while (!this.expected.done && this.early.has(this.expected.value)) {
      const ready = this.early.get(this.expected.value)!;
      this.early.delete(this.expected.value);
      this.emit(ready);
      this.expected = this.order.next();
    }
  }
}

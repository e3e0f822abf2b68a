/** A binary min-heap: O(log n) push and pop. */
export function createMinHeap<T>(compare: (a: T, b: T) => number) {
  const items: T[] = [];

  const swap = (i: number, j: number) => {
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  };

  return {
    size: () => items.length,
    clear(): void {
      items.length = 0;
    },

    push(item: T): void {
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (compare(items[i] as T, items[parent] as T) >= 0) break;
        swap(i, parent);
        i = parent;
      }
    },

    pop(): T | undefined {
      const top = items[0];
      const last = items.pop();
      if (items.length === 0 || last === undefined) return top;
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && compare(items[left] as T, items[smallest] as T) < 0) smallest = left;
        if (right < items.length && compare(items[right] as T, items[smallest] as T) < 0) smallest = right;
        if (smallest === i) break;
        swap(i, smallest);
        i = smallest;
      }
      return top;
    },
  };
}

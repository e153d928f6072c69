// Go's sort.Sort and container/heap orderings where ties are observable in results (topk, bottomk,
// sort): insertion sort for up to 12 elements as pdqsort does, heap sift-up/sift-down as container/heap.

export type Less<T> = (a: T, b: T) => boolean;

/** sort.Sort(data) with the given Less: insertion sort below 13 elements (exactly Go), else a stable sort. */
export function goSort<T>(items: T[], less: Less<T>): T[] {
  if (items.length <= 12) {
    for (let i = 1; i < items.length; i++) {
      for (let j = i; j > 0 && less(items[j] as T, items[j - 1] as T); j--) {
        const tmp = items[j] as T;
        items[j] = items[j - 1] as T;
        items[j - 1] = tmp;
      }
    }
    return items;
  }
  return items.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

function swap<T>(h: T[], i: number, j: number): void {
  const tmp = h[i] as T;
  h[i] = h[j] as T;
  h[j] = tmp;
}

function up<T>(h: T[], start: number, less: Less<T>): void {
  let j = start;
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j] as T, h[i] as T)) break;
    swap(h, i, j);
    j = i;
  }
}

function down<T>(h: T[], i0: number, n: number, less: Less<T>): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && less(h[j2] as T, h[j1] as T)) j = j2;
    if (!less(h[j] as T, h[i] as T)) break;
    swap(h, i, j);
    i = j;
  }
  return i > i0;
}

/** heap.Push. */
export function heapPush<T>(h: T[], x: T, less: Less<T>): void {
  h.push(x);
  up(h, h.length - 1, less);
}

/** heap.Fix(h, 0) after replacing the top element. */
export function heapFixTop<T>(h: T[], less: Less<T>): void {
  if (!down(h, 0, h.length, less)) up(h, 0, less);
}

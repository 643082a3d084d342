/** Lists at most this long are put in order by insertion; longer ones by `Array.prototype.sort`. */
const INSERTION_SORT_MAX = 32;

/**
 * Orders `items` by `compare`, in place and stably (items that compare equal keep their order).
 * A list already in order is left as it is, and a short one is sorted by insertion: the findings
 * and issues of one lint are few and mostly in order, and `Array.prototype.sort` copies the
 * array even then.
 */
export function sortStably<T>(items: T[], compare: (a: T, b: T) => number): void {
  let k = 1;
  while (k < items.length && compare(items[k - 1] as T, items[k] as T) <= 0) k += 1;
  if (k >= items.length) return;
  if (items.length > INSERTION_SORT_MAX) {
    items.sort(compare);
    return;
  }
  for (; k < items.length; k += 1) {
    const moving = items[k] as T;
    let at = k;
    for (; at > 0 && compare(items[at - 1] as T, moving) > 0; at -= 1) items[at] = items[at - 1] as T;
    items[at] = moving;
  }
}

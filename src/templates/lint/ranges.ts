/** A half-open range `[start, end)` of UTF-16 offsets. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * A fixed set of ranges answering "does any range overlap / contain this one?" in O(log n): the
 * ranges sorted by start with a running maximum of their ends. The linter asks this once per
 * finding, so a linear `some` per question made a long promotional text quadratic.
 */
export class RangeIndex {
  private readonly starts: number[];
  /** `reach[k]`: the largest end among the first `k + 1` ranges by start. */
  private readonly reach: number[];

  constructor(ranges: readonly Range[]) {
    // Most callers pass ranges found left to right: sort a copy only when they are not in order.
    let sorted = ranges;
    for (let k = 1; k < ranges.length; k += 1) {
      if ((ranges[k]?.start ?? 0) < (ranges[k - 1]?.start ?? 0)) {
        sorted = [...ranges].sort((a, b) => a.start - b.start);
        break;
      }
    }
    this.starts = [];
    this.reach = [];
    let furthest = -1;
    for (const range of sorted) {
      furthest = Math.max(furthest, range.end);
      this.starts.push(range.start);
      this.reach.push(furthest);
    }
  }

  get size(): number {
    return this.starts.length;
  }

  /** The largest end among ranges that start at or before `offset` (or strictly before, with `strict`), -1 when none. */
  private reachBefore(offset: number, strict: boolean): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const start = this.starts[mid] ?? 0;
      if (strict ? start < offset : start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -1 : (this.reach[lo - 1] ?? -1);
  }

  /** True when some range shares at least one offset with `[start, end)`. */
  overlaps(start: number, end: number): boolean {
    return this.reachBefore(end, true) > start;
  }

  /** True when some range covers all of `[start, end)`. */
  contains(start: number, end: number): boolean {
    return this.reachBefore(start, false) >= end;
  }

  /** True when some range covers `offset`. */
  covers(offset: number): boolean {
    return this.reachBefore(offset, false) > offset;
  }
}

/** The index of the last of `sorted` (ascending, `sorted[0] <= value`) that is at most `value`; 0 when none is. */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

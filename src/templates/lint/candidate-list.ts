/** Term numbers proposed at one position: `items[0 .. count)`. Reused from call to call, so it never allocates once grown. */
export class CandidateList {
  readonly items: number[] = [];
  count = 0;

  add(term: number): void {
    this.items[this.count] = term;
    this.count += 1;
  }

  /** Sorts `items[0 .. count)` ascending and drops repeats (an insertion sort: the list is short). */
  settle(): void {
    const { items } = this;
    let kept = 0;
    for (let k = 0; k < this.count; k += 1) {
      const value = items[k] ?? 0;
      let at = kept;
      while (at > 0 && (items[at - 1] ?? 0) > value) at -= 1;
      if (at > 0 && items[at - 1] === value) continue;
      for (let move = kept; move > at; move -= 1) items[move] = items[move - 1] ?? 0;
      items[at] = value;
      kept += 1;
    }
    this.count = kept;
  }
}

/** Maps offsets in a text to 1-based line numbers, and finds the line of a needle. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  /** 1-based line of a 0-based offset. */
  lineAt(offset: number): number {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((s[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** 1-based column of a 0-based offset. */
  columnAt(offset: number): number {
    const line = this.lineAt(offset);
    return offset - (this.lineStarts()[line - 1] as number) + 1;
  }

  /** Line of the first occurrence of needle at or after `from`, or undefined. */
  lineOf(needle: string, from = 0): number | undefined {
    const i = this.text.indexOf(needle, from);
    return i === -1 ? undefined : this.lineAt(i);
  }
}

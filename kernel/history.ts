/** The session's executed cells, for history_request (tail, range, search). */
export class History {
  private readonly cells: string[] = [];

  constructor(private readonly session = 1) {}

  add(code: string): void {
    this.cells.push(code);
  }

  /** The last n cells as [session, line, input] (line numbers start at 1, like execution counts). */
  tail(n: number): [number, number, string][] {
    return this.entries().slice(-Math.max(0, n));
  }

  /** Cells start ≤ line < stop (stop 0 or missing: to the end). */
  range(start: number, stop?: number): [number, number, string][] {
    return this.entries().filter(([, line]) => line >= start && (!stop || line < stop));
  }

  /** Cells matching a glob pattern (* and ?), newest last; `unique` drops repeated inputs. */
  search(pattern: string, n?: number, unique = false): [number, number, string][] {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, ".")}$`);
    let found = this.entries().filter(([, , input]) => re.test(input));
    if (unique) {
      const seen = new Set<string>();
      found = found.reverse().filter(([, , input]) => !seen.has(input) && seen.add(input)).reverse();
    }
    return n ? found.slice(-n) : found;
  }

  private entries(): [number, number, string][] {
    return this.cells.map((input, i) => [this.session, i + 1, input]);
  }
}

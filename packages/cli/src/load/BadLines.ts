/**
 * The bad lines of one input: each counted, the first `show` printed as `file:line: reason`,
 * and (while within `--max-bad-lines`) remembered, so that the load pass can skip them.
 *
 * @example
 * ```ts
 * const bad = new BadLines({ file: 'data.csv', maxBadLines: 2, show: 100, print: console.error })
 * bad.add(7, 'has 3 fields, the header has 4') // prints 'data.csv:7: has 3 fields, the header has 4'
 * bad.overLimit // false
 * ```
 */
export class BadLines {
  count = 0
  private readonly lines = new Set<number>()

  constructor(
    private readonly options: {
      readonly file: string
      readonly maxBadLines: number
      readonly show: number
      readonly print: (line: string) => void
    },
  ) {}

  /** Counts (and maybe prints) a bad line. */
  add(line: number, reason: string): void {
    this.count++
    if (this.count <= this.options.maxBadLines) this.lines.add(line)
    if (this.count <= this.options.show)
      this.options.print(`${this.options.file}:${line}: ${reason}`)
  }

  /** True when more lines were bad than `--max-bad-lines` allows. */
  get overLimit(): boolean {
    return this.count > this.options.maxBadLines
  }

  /** Whether `line` was found bad (and is within the limit). */
  has(line: number): boolean {
    return this.lines.has(line)
  }

  /** Bad lines counted but not printed. */
  get unshown(): number {
    return Math.max(0, this.count - this.options.show)
  }
}

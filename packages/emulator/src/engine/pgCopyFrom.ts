import type pg from 'pg'

/** The parts of node-postgres's connection a COPY FROM STDIN writes to (untyped in @types/pg). */
interface CopyInConnection {
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
}

/**
 * One `COPY ... FROM STDIN` as a node-postgres submittable: the client sends the query, and
 * when the server answers CopyInResponse the data goes as one CopyData and a CopyDone. The
 * client calls the `handle*` methods as the server answers; an error ends it (the server then
 * skips whatever data is still on its way and says ReadyForQuery).
 */
class CopyFromStdin implements pg.Submittable {
  #rowCount = 0
  #failed = false

  constructor(
    readonly text: string,
    readonly data: Buffer,
    readonly done: (error: unknown, rowCount: number) => void,
  ) {}

  submit(connection: pg.Connection): void {
    ;(connection as unknown as CopyInConnection).query(this.text)
  }

  handleCopyInResponse(connection: CopyInConnection): void {
    connection.sendCopyFromChunk(this.data)
    connection.endCopyFrom()
  }

  handleCommandComplete(message: { text?: string }): void {
    const count = Number(message.text?.split(' ').at(-1))
    this.#rowCount = Number.isInteger(count) ? count : 0
  }

  handleError(error: unknown): void {
    this.#failed = true
    this.done(error, 0)
  }

  handleReadyForQuery(): void {
    if (!this.#failed) this.done(undefined, this.#rowCount)
  }

  // Messages a COPY FROM does not get; node-postgres calls them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Runs `COPY ... FROM STDIN` on a node-postgres client with `data` as its whole input and
 * returns the rows copied; a refusal rejects with the server's error (its `where` names the
 * line, `COPY t, line 2, column c: "..."`).
 *
 * @example
 * await pgCopyFrom(client, 'COPY t (a, b) FROM STDIN', Buffer.from('1\tone\n2\t\\N\n')) // 2
 */
export const pgCopyFrom = (client: pg.ClientBase, sql: string, data: Buffer): Promise<number> =>
  new Promise((resolve, reject) => {
    client.query(
      new CopyFromStdin(sql, data, (error, rowCount) =>
        error === undefined ? resolve(rowCount) : reject(error),
      ),
    )
  })

import { RedshiftSqlError } from '../Engine.js'
import type { Token } from '../RedshiftLexer.js'
import { syntaxErrorAt, tableNameEnd } from '../statementScan.js'
import { identifierName, type TokenEditor } from '../TokenEditor.js'

/** How COPY signs its S3 requests. */
export type CopyAuthorization =
  /** IAM_ROLE 'arn' / IAM_ROLE default / CREDENTIALS 'aws_iam_role=arn': the emulator's own S3 credentials. */
  | { readonly kind: 'role'; readonly roleArn: string }
  /** Keys given in the statement: S3 is asked with exactly these. */
  | {
      readonly kind: 'keys'
      readonly accessKeyId: string
      readonly secretAccessKey: string
      readonly sessionToken?: string
    }

export type CopyFormat =
  | { readonly kind: 'text' }
  | { readonly kind: 'csv'; readonly quote: string }
  | { readonly kind: 'json'; readonly ignoreCase: boolean }

/** A parsed `COPY table [(columns)] FROM 's3://...' ...` statement. */
export interface CopyCommand {
  /** The target table as PostgreSQL text (already quoted where needed). */
  readonly table: string
  /** The column list, folded as the session folds names; undefined when none was given. */
  readonly columns: ReadonlyArray<string> | undefined
  /** `s3://bucket/key-or-prefix`. */
  readonly source: string
  readonly authorization: CopyAuthorization
  readonly manifest: boolean
  readonly region: string | undefined
  readonly format: CopyFormat
  /** The field delimiter; `|` for text and `,` for CSV unless DELIMITER says otherwise. */
  readonly delimiter: string
  readonly gzip: boolean
  /** NULL AS; undefined = the default `\N`. */
  readonly nullAs: string | undefined
  readonly emptyAsNull: boolean
  readonly blanksAsNull: boolean
  readonly trimBlanks: boolean
  readonly truncateColumns: boolean
  readonly roundDecimals: boolean
  /** The replacement character when ACCEPTINVCHARS is given. */
  readonly acceptInvalidChars: string | undefined
  readonly escape: boolean
  readonly fillRecord: boolean
  readonly ignoreBlankLines: boolean
  readonly ignoreHeader: number
  /** DATEFORMAT: undefined = 'YYYY-MM-DD'. */
  readonly dateFormat: string | undefined
  /** TIMEFORMAT: undefined = the default; 'auto', 'epochsecs', 'epochmillisecs' or a format string. */
  readonly timeFormat: string | undefined
  /** Bad lines tolerated before the load fails. */
  readonly maxError: number
  readonly noLoad: boolean
}

/** The most bad lines MAXERROR may tolerate, as documented. */
export const MAX_MAXERROR = 100_000

const refuse = (message: string, state = '0A000'): RedshiftSqlError =>
  new RedshiftSqlError(`ERROR: ${message}`, state)

/** Options Redshift has that the emulator does not implement: refused, never ignored. */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ['fixedwidth', 'use CSV or JSON'],
  ['avro', 'use CSV or JSON'],
  ['parquet', 'use CSV or JSON'],
  ['orc', 'use CSV or JSON'],
  ['shapefile', 'use CSV or JSON'],
  ['removequotes', 'use CSV, whose quoted fields need no REMOVEQUOTES'],
  ['acceptanydate', 'fix the dates or give a DATEFORMAT that matches them'],
  ['encrypted', 'load unencrypted objects'],
  ['master_symmetric_key', 'load unencrypted objects'],
  ['ssh', 'load from S3'],
  ['readratio', 'load from S3 (READRATIO is for DynamoDB)'],
  ['serializetojson', 'use CSV or JSON'],
  ['bzip2', "Node 20's zlib cannot decompress BZIP2: compress with GZIP"],
  ['zstd', "Node 20's zlib cannot decompress ZSTD: compress with GZIP"],
  ['lzop', "Node 20's zlib cannot decompress LZOP: compress with GZIP"],
])

const notSupported = (editor: TokenEditor, i: number, remedy: string): RedshiftSqlError =>
  refuse(
    `COPY option ${(editor.sig[i] as Token).raw.toUpperCase()} is not supported by the emulator; ${remedy}`,
  )

type Parsed = { -readonly [K in keyof CopyCommand]: CopyCommand[K] }

/**
 * Reads a COPY statement (its significant tokens) into a CopyCommand. Every option is either
 * implemented, accepted as a no-op (COMPUPDATE, STATUPDATE, COMPROWS, EXPLICIT_IDS, ENCODING
 * UTF8) or refused; an unknown word is Redshift's syntax error.
 *
 * @example
 * parseCopy(editor, false).format // { kind: 'json', ignoreCase: false }
 */
export const parseCopy = (editor: TokenEditor, caseSensitive: boolean): CopyCommand => {
  const n = editor.sig.length
  const tableEnd = tableNameEnd(editor, 1)
  if (tableEnd === undefined) throw syntaxErrorAt(editor, 1)
  let i = tableEnd
  let columns: string[] | undefined
  if (editor.isSymbol(i, '(')) {
    const close = editor.closeOf(i)
    columns = []
    for (let k = i + 1; k < close - 1; k += 2) {
      const token = editor.sig[k] as Token
      if (token.kind !== 'word' && token.kind !== 'quoted') throw syntaxErrorAt(editor, k)
      columns.push(identifierName(token, caseSensitive))
      if (!editor.isSymbol(k + 1, ',') && k + 1 !== close - 1) throw syntaxErrorAt(editor, k + 1)
    }
    i = close
  }
  if (editor.word(i) !== 'from') throw syntaxErrorAt(editor, i)
  const sourceToken = editor.sig[i + 1]
  if (sourceToken?.kind !== 'string') throw syntaxErrorAt(editor, i + 1)
  const source = sourceToken.value
  if (!source.startsWith('s3://')) {
    throw refuse(
      `COPY from '${source}' is not supported by the emulator; load from an s3:// object path or manifest`,
    )
  }
  const parsed: Parsed = {
    table: Array.from({ length: tableEnd - 1 }, (_, k) => editor.slice(k + 1, k + 2)).join(''),
    columns,
    source,
    authorization: { kind: 'role', roleArn: '' },
    manifest: false,
    region: undefined,
    format: { kind: 'text' },
    delimiter: '|',
    gzip: false,
    nullAs: undefined,
    emptyAsNull: false,
    blanksAsNull: false,
    trimBlanks: false,
    truncateColumns: false,
    roundDecimals: false,
    acceptInvalidChars: undefined,
    escape: false,
    fillRecord: false,
    ignoreBlankLines: false,
    ignoreHeader: 0,
    dateFormat: undefined,
    timeFormat: undefined,
    maxError: 0,
    noLoad: false,
  }
  let authorized = false
  let keys: { id?: string; secret?: string; token?: string } | undefined
  let delimiter: string | undefined
  let quote: string | undefined
  let maxErrorGiven = false
  let ignoreAllErrors = false
  const seen = new Set<string>()
  i += 2

  /** The string argument at `at` (after an optional AS); returns the index past it. */
  const stringAt = (at: number): [string, number] => {
    const k = editor.word(at) === 'as' ? at + 1 : at
    const token = editor.sig[k]
    if (token?.kind !== 'string') throw syntaxErrorAt(editor, k)
    return [token.value, k + 1]
  }
  const integerAt = (at: number): [number, number] => {
    const k = editor.word(at) === 'as' ? at + 1 : at
    const token = editor.sig[k]
    if (token?.kind !== 'number' || !/^\d+$/.test(token.value)) throw syntaxErrorAt(editor, k)
    return [Number(token.value), k + 1]
  }
  const authorize = (): void => {
    if (authorized) {
      throw refuse(
        'conflicting or redundant authorization: give one of IAM_ROLE, CREDENTIALS or ACCESS_KEY_ID/SECRET_ACCESS_KEY',
        '42601',
      )
    }
    authorized = true
  }
  const setFormat = (format: CopyFormat, at: number): void => {
    if (seen.has('format')) throw syntaxErrorAt(editor, at)
    seen.add('format')
    parsed.format = format
  }
  const readJson = (at: number): number => {
    let next = at
    let option = 'auto'
    const k = editor.word(next) === 'as' ? next + 1 : next
    if (editor.sig[k]?.kind === 'string') [option, next] = stringAt(next)
    if (option === 'auto') setFormat({ kind: 'json', ignoreCase: false }, at)
    else if (option === 'auto ignorecase') setFormat({ kind: 'json', ignoreCase: true }, at)
    else if (option === 'noshred' || option.startsWith('s3://')) {
      throw refuse(
        `JSON '${option}' is not supported by the emulator; use JSON 'auto' or JSON 'auto ignorecase'`,
      )
    } else {
      throw refuse(
        `Invalid JSON option '${option}': use 'auto', 'auto ignorecase', 'noshred' or an s3:// JSONPaths file`,
        '22023',
      )
    }
    return next
  }
  const readCsv = (at: number): number => {
    setFormat({ kind: 'csv', quote: '"' }, at)
    return at
  }

  while (i < n) {
    const word = editor.word(i)
    const start = i
    if (word === '') throw syntaxErrorAt(editor, i)
    const remedy = UNSUPPORTED.get(word)
    if (remedy !== undefined) throw notSupported(editor, i, remedy)
    i++
    switch (word) {
      case 'iam_role': {
        authorize()
        if (editor.word(i) === 'default') {
          parsed.authorization = { kind: 'role', roleArn: 'default' }
          i++
        } else {
          const [arn, next] = stringAt(i)
          parsed.authorization = { kind: 'role', roleArn: checkedRole(arn) }
          i = next
        }
        break
      }
      case 'credentials':
      case 'with': {
        if (word === 'with' && editor.word(i) !== 'credentials') throw syntaxErrorAt(editor, start)
        if (word === 'with') i++
        authorize()
        const [text, next] = stringAt(i)
        parsed.authorization = credentialsOf(text)
        i = next
        break
      }
      case 'access_key_id':
      case 'secret_access_key':
      case 'session_token': {
        if (keys === undefined) authorize()
        keys ??= {}
        const slot =
          word === 'access_key_id' ? 'id' : word === 'secret_access_key' ? 'secret' : 'token'
        if (keys[slot] !== undefined) throw syntaxErrorAt(editor, start)
        const [value, next] = stringAt(i)
        keys[slot] = value
        i = next
        break
      }
      case 'manifest':
        parsed.manifest = true
        break
      case 'region': {
        const [value, next] = stringAt(i)
        parsed.region = value
        i = next
        break
      }
      case 'format': {
        if (editor.word(i) === 'as') i++
        const kind = editor.word(i)
        const remedyOf = UNSUPPORTED.get(kind)
        if (remedyOf !== undefined) throw notSupported(editor, i, remedyOf)
        if (kind === 'csv') i = readCsv(i + 1)
        else if (kind === 'json') i = readJson(i + 1)
        else throw syntaxErrorAt(editor, i)
        break
      }
      case 'csv':
        i = readCsv(i)
        break
      case 'json':
        i = readJson(i)
        break
      case 'quote': {
        const [value, next] = stringAt(i)
        quote = value
        i = next
        break
      }
      case 'delimiter': {
        const [value, next] = stringAt(i)
        delimiter = value
        i = next
        break
      }
      case 'gzip':
        parsed.gzip = true
        break
      case 'null': {
        const [value, next] = stringAt(i)
        parsed.nullAs = value
        i = next
        break
      }
      case 'emptyasnull':
        parsed.emptyAsNull = true
        break
      case 'blanksasnull':
        parsed.blanksAsNull = true
        break
      case 'trimblanks':
        parsed.trimBlanks = true
        break
      case 'truncatecolumns':
        parsed.truncateColumns = true
        break
      case 'roundec':
        parsed.roundDecimals = true
        break
      case 'escape':
        parsed.escape = true
        break
      case 'fillrecord':
        parsed.fillRecord = true
        break
      case 'ignoreblanklines':
        parsed.ignoreBlankLines = true
        break
      case 'noload':
        parsed.noLoad = true
        break
      case 'acceptinvchars': {
        let replacement = '?'
        const k = editor.word(i) === 'as' ? i + 1 : i
        if (editor.sig[k]?.kind === 'string') [replacement, i] = stringAt(i)
        if (replacement.length !== 1 || replacement.charCodeAt(0) > 127 || replacement === '\0') {
          throw refuse(
            `ACCEPTINVCHARS replacement '${replacement}' must be one ASCII character other than NUL`,
            '22023',
          )
        }
        parsed.acceptInvalidChars = replacement
        break
      }
      case 'ignoreheader': {
        const [value, next] = integerAt(i)
        parsed.ignoreHeader = value
        i = next
        break
      }
      case 'maxerror': {
        const [value, next] = integerAt(i)
        if (value > MAX_MAXERROR) {
          throw refuse(`MAXERROR ${value} is out of range: give 0 to ${MAX_MAXERROR}`, '22023')
        }
        parsed.maxError = value
        maxErrorGiven = true
        i = next
        break
      }
      case 'ignoreallerrors':
        ignoreAllErrors = true
        break
      case 'dateformat': {
        const [value, next] = stringAt(i)
        parsed.dateFormat = value
        i = next
        break
      }
      case 'timeformat': {
        const [value, next] = stringAt(i)
        parsed.timeFormat = value
        i = next
        break
      }
      case 'encoding': {
        if (editor.word(i) === 'as') i++
        const encoding = editor.word(i)
        if (encoding !== 'utf8') {
          if (['utf16', 'utf16le', 'utf16be'].includes(encoding)) {
            throw refuse(
              `COPY option ENCODING ${encoding.toUpperCase()} is not supported by the emulator; load UTF-8`,
            )
          }
          throw syntaxErrorAt(editor, i)
        }
        i++
        break
      }
      case 'compupdate':
        if (['preset', 'on', 'true', 'off', 'false'].includes(editor.word(i))) i++
        break
      case 'statupdate':
        if (['on', 'true', 'off', 'false'].includes(editor.word(i))) i++
        break
      case 'comprows':
        i = integerAt(i)[1]
        break
      case 'explicit_ids':
        // Identity columns are GENERATED BY DEFAULT here: explicit values load without it.
        break
      default:
        throw syntaxErrorAt(editor, start)
    }
  }
  if (keys !== undefined) {
    if (keys.id === undefined || keys.secret === undefined) {
      throw refuse('ACCESS_KEY_ID and SECRET_ACCESS_KEY must be given together', '42601')
    }
    parsed.authorization = {
      kind: 'keys',
      accessKeyId: keys.id,
      secretAccessKey: keys.secret,
      ...(keys.token === undefined ? {} : { sessionToken: keys.token }),
    }
  }
  if (!authorized) {
    throw refuse(
      'COPY from S3 needs authorization: add IAM_ROLE, CREDENTIALS or ACCESS_KEY_ID and SECRET_ACCESS_KEY',
      '42601',
    )
  }
  if (maxErrorGiven && ignoreAllErrors) {
    throw refuse('IGNOREALLERRORS cannot be used with MAXERROR', '42601')
  }
  if (ignoreAllErrors) parsed.maxError = Number.POSITIVE_INFINITY
  return finish(parsed, delimiter, quote)
}

/** Checks the option combinations the COPY pages forbid and sets the format's defaults. */
const finish = (
  parsed: Parsed,
  delimiter: string | undefined,
  quote: string | undefined,
): CopyCommand => {
  const format = parsed.format
  const clash = (a: string, b: string): RedshiftSqlError =>
    refuse(`${a} cannot be used with ${b}`, '42601')
  if (format.kind === 'json') {
    if (delimiter !== undefined) throw clash('JSON', 'DELIMITER')
    if (parsed.nullAs !== undefined) throw clash('JSON', 'NULL AS')
    if (parsed.escape) throw clash('JSON', 'ESCAPE')
    if (parsed.fillRecord) throw clash('JSON', 'FILLRECORD')
    if (parsed.ignoreBlankLines) throw clash('JSON', 'IGNOREBLANKLINES')
    if (quote !== undefined) throw clash('JSON', 'QUOTE')
  }
  if (format.kind === 'csv' && parsed.escape) throw clash('CSV', 'ESCAPE')
  if (quote !== undefined && format.kind !== 'csv') {
    throw refuse('QUOTE can be used only with CSV', '42601')
  }
  if (quote !== undefined && quote.length !== 1) {
    throw refuse(`QUOTE '${quote}' must be a single character`, '22023')
  }
  if (delimiter !== undefined) {
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) {
      throw refuse(
        `DELIMITER '${delimiter}' is not supported by the emulator; give a single ASCII character`,
        '0A000',
      )
    }
    if (delimiter === '\n' || delimiter === '\r' || delimiter === '\0') {
      throw refuse('DELIMITER cannot be a line break or NUL', '22023')
    }
    if (format.kind === 'csv' && delimiter === (quote ?? '"')) {
      throw refuse('DELIMITER and QUOTE must differ', '22023')
    }
  }
  if (parsed.manifest && parsed.source.endsWith('/')) {
    throw refuse(
      `MANIFEST needs the full path of one manifest object, not the prefix '${parsed.source}'`,
      '22023',
    )
  }
  return {
    ...parsed,
    format: format.kind === 'csv' ? { kind: 'csv', quote: quote ?? '"' } : format,
    delimiter: delimiter ?? (format.kind === 'csv' ? ',' : '|'),
  }
}

const roleArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/

const checkedRole = (arn: string): string => {
  if (!roleArnPattern.test(arn)) {
    throw refuse(
      `IAM_ROLE '${arn}' is not a role ARN: give arn:aws:iam::<account>:role/<name> or IAM_ROLE default`,
      '22023',
    )
  }
  return arn
}

/** `aws_access_key_id=...;aws_secret_access_key=...[;token=...]` or `aws_iam_role=arn`. */
const credentialsOf = (text: string): CopyAuthorization => {
  const pairs = new Map<string, string>()
  for (const part of text.split(';')) {
    if (part.trim() === '') continue
    const eq = part.indexOf('=')
    if (eq <= 0) throw invalidCredentials()
    pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim())
  }
  const role = pairs.get('aws_iam_role')
  if (role !== undefined) {
    if (pairs.size > 1) throw invalidCredentials()
    return { kind: 'role', roleArn: checkedRole(role) }
  }
  const accessKeyId = pairs.get('aws_access_key_id')
  const secretAccessKey = pairs.get('aws_secret_access_key')
  const token = pairs.get('token')
  const known = ['aws_access_key_id', 'aws_secret_access_key', 'token']
  if (!accessKeyId || !secretAccessKey || [...pairs.keys()].some((k) => !known.includes(k))) {
    throw invalidCredentials()
  }
  return {
    kind: 'keys',
    accessKeyId,
    secretAccessKey,
    ...(token === undefined || token === '' ? {} : { sessionToken: token }),
  }
}

const invalidCredentials = (): RedshiftSqlError =>
  refuse(
    "Invalid credentials. Must be of the format: credentials 'aws_iam_role=...' or 'aws_access_key_id=...;aws_secret_access_key=...[;token=...]'",
    '22023',
  )

/**
 * DATEFORMAT and TIMEFORMAT as COPY reads them ("DATEFORMAT and TIMEFORMAT strings",
 * "Using automatic recognition with DATEFORMAT and TIMEFORMAT"): a format string of YYYY, YY,
 * MM, MON, DD, HH, HH24, HH12, MI, SS (with up to microsecond fractions), AM/PM and
 * separators; 'auto'; and for TIMEFORMAT 'epochsecs' / 'epochmillisecs'. Values come out as
 * PostgreSQL input text: `YYYY-MM-DD`, `YYYY-MM-DD HH:MI:SS.ffffff`, with `+HH:MM` for TIMESTAMPTZ.
 */

export interface DateTimeParts {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  /** Microseconds, 0..999999. */
  readonly micros: number
  /** Offset from UTC in minutes when the value carries one. */
  readonly offsetMinutes?: number
}

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const

const monthOfName = (name: string): number => {
  const lower = name.toLowerCase()
  if (lower.length < 3) return 0
  const index = MONTHS.findIndex((m) => lower.startsWith(m))
  if (index < 0) return 0
  const full = new Date(Date.UTC(2000, index, 1)).toLocaleString('en', {
    month: 'long',
    timeZone: 'UTC',
  })
  return lower.length === 3 || full.toLowerCase() === lower ? index + 1 : 0
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** Days in `month` (1-12) of `year`, in the proleptic Gregorian calendar. */
const daysIn = (year: number, month: number): number => {
  if (month !== 2) return MONTH_DAYS[month - 1] as number
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
}

const microsOf = (fraction: string | undefined): number =>
  fraction === undefined || fraction === '' ? 0 : Number(fraction.slice(0, 6).padEnd(6, '0'))

const offsetOf = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined
  const t = text.trim().toUpperCase()
  if (t === 'Z' || t === 'UTC' || t === 'GMT') return 0
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t)
  if (m === null) return Number.NaN
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -minutes : minutes
}

const valid = (p: DateTimeParts): DateTimeParts | undefined => {
  if (!Number.isInteger(p.year) || p.year < 1 || p.year > 294276) return undefined
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysIn(p.year, p.month)) return undefined
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined
  if (p.offsetMinutes !== undefined && !(Math.abs(p.offsetMinutes) <= 15 * 60)) return undefined
  return p
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?`
const OFFSET = String.raw`\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)`

/** The default formats (YYYY-MM-DD, YYYY-MM-DD HH:MI:SS[.ffffff][OF]); a `T` is read as the space. */
const defaultPattern = new RegExp(
  String.raw`^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]${TIME}(?:${OFFSET})?)?\s*$`,
  'i',
)

const partsOf = (
  year: string,
  month: number,
  day: string,
  time: ReadonlyArray<string | undefined>,
  offset: string | undefined,
): DateTimeParts | undefined => {
  const offsetMinutes = offsetOf(offset)
  return valid({
    year: Number(year),
    month,
    day: Number(day),
    hour: Number(time[0] ?? 0),
    minute: Number(time[1] ?? 0),
    second: Number(time[2] ?? 0),
    micros: microsOf(time[3]),
    ...(offsetMinutes === undefined ? {} : { offsetMinutes }),
  })
}

const parseDefault = (text: string): DateTimeParts | undefined => {
  const m = defaultPattern.exec(text)
  if (m === null) return undefined
  return partsOf(m[1] as string, Number(m[2]), m[3] as string, [m[4], m[5], m[6], m[7]], m[8])
}

const slashPattern = new RegExp(
  String.raw`^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME})?(?:${OFFSET})?\s*$`,
  'i',
)
const monthNamePattern = new RegExp(
  String.raw`^\s*(?:(\d{1,2})[ -]([A-Za-z]{3,9})|([A-Za-z]{3,9})[ -](\d{1,2}),?)[ -](\d{4})(?:\s+${TIME})?(?:${OFFSET})?\s*$`,
  'i',
)

/** Formats 'auto' recognises beyond the default ones. */
const autoPatterns: ReadonlyArray<(text: string) => DateTimeParts | undefined> = [
  parseDefault,
  (text) => {
    // YYYYMMDD [HHMISS]
    const m = /^\s*(\d{4})(\d{2})(\d{2})(?:[ T](\d{2})(\d{2})(\d{2})(?:\.(\d+))?)?\s*$/.exec(text)
    return m
      ? partsOf(m[1] as string, Number(m[2]), m[3] as string, [m[4], m[5], m[6], m[7]], undefined)
      : undefined
  },
  (text) => {
    // MM/DD/YYYY [HH:MI:SS[.f]] [TZ]
    const m = slashPattern.exec(text)
    return m
      ? partsOf(m[3] as string, Number(m[1]), m[2] as string, [m[4], m[5], m[6], m[7]], m[8])
      : undefined
  },
  (text) => {
    // DD Mon YYYY [time]  /  Mon DD[,] YYYY [time]
    const m = monthNamePattern.exec(text)
    if (m === null) return undefined
    const month = monthOfName((m[2] ?? m[3]) as string)
    return month === 0
      ? undefined
      : partsOf(m[5] as string, month, (m[1] ?? m[4]) as string, [m[6], m[7], m[8], m[9]], m[10])
  },
]

interface FormatPart {
  readonly pattern: string
  readonly field?:
    | 'year'
    | 'year2'
    | 'month'
    | 'monthName'
    | 'day'
    | 'hour'
    | 'minute'
    | 'second'
    | 'meridian'
}

const formatParts = (format: string): FormatPart[] => {
  const parts: FormatPart[] = []
  const tokens: ReadonlyArray<[string, FormatPart]> = [
    ['YYYY', { pattern: String.raw`(\d{4})`, field: 'year' }],
    ['YY', { pattern: String.raw`(\d{2})`, field: 'year2' }],
    ['MONTH', { pattern: '([A-Za-z]{3,9})', field: 'monthName' }],
    ['MON', { pattern: '([A-Za-z]{3,9})', field: 'monthName' }],
    ['MM', { pattern: String.raw`(\d{1,2})`, field: 'month' }],
    ['DD', { pattern: String.raw`(\d{1,2})`, field: 'day' }],
    ['HH24', { pattern: String.raw`(\d{1,2})`, field: 'hour' }],
    ['HH12', { pattern: String.raw`(\d{1,2})`, field: 'hour' }],
    ['HH', { pattern: String.raw`(\d{1,2})`, field: 'hour' }],
    ['MI', { pattern: String.raw`(\d{1,2})`, field: 'minute' }],
    ['SS', { pattern: String.raw`(\d{1,2}(?:\.\d+)?)`, field: 'second' }],
    ['AM', { pattern: '([AaPp][Mm])', field: 'meridian' }],
    ['PM', { pattern: '([AaPp][Mm])', field: 'meridian' }],
  ]
  let i = 0
  outer: while (i < format.length) {
    for (const [token, part] of tokens) {
      if (format.startsWith(token, i) || format.startsWith(token.toLowerCase(), i)) {
        parts.push(part)
        i += token.length
        continue outer
      }
    }
    const c = format[i] as string
    parts.push({
      pattern: /\s/.test(c) ? String.raw`\s+` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    })
    i++
  }
  return parts
}

const compiled = new Map<string, { regex: RegExp; fields: FormatPart['field'][] }>()

const parseWithFormat = (text: string, format: string): DateTimeParts | undefined => {
  let entry = compiled.get(format)
  if (entry === undefined) {
    const parts = formatParts(format)
    entry = {
      regex: new RegExp(`^\\s*${parts.map((p) => p.pattern).join('')}\\s*$`),
      fields: parts.filter((p) => p.field !== undefined).map((p) => p.field),
    }
    compiled.set(format, entry)
  }
  const m = entry.regex.exec(text)
  if (m === null) return undefined
  let year = 0
  let month = 1
  let day = 1
  let hour = 0
  let minute = 0
  let second = '0'
  let meridian: string | undefined
  entry.fields.forEach((field, k) => {
    const v = m[k + 1] as string
    if (field === 'year') year = Number(v)
    else if (field === 'year2') year = Number(v) + (Number(v) < 70 ? 2000 : 1900)
    else if (field === 'month') month = Number(v)
    else if (field === 'monthName') month = monthOfName(v)
    else if (field === 'day') day = Number(v)
    else if (field === 'hour') hour = Number(v)
    else if (field === 'minute') minute = Number(v)
    else if (field === 'second') second = v
    else if (field === 'meridian') meridian = v.toUpperCase()
  })
  if (meridian !== undefined) {
    if (hour < 1 || hour > 12) return undefined
    hour = (hour % 12) + (meridian === 'PM' ? 12 : 0)
  }
  const [whole, fraction] = second.split('.')
  return valid({
    year,
    month,
    day,
    hour,
    minute,
    second: Number(whole),
    micros: microsOf(fraction),
  })
}

/** Reads a date or timestamp as DATEFORMAT / TIMEFORMAT says; undefined when it does not match. */
export const parseDateTime = (
  text: string,
  format: string | undefined,
): DateTimeParts | undefined => {
  if (format === undefined) return parseDefault(text)
  if (format === 'auto') {
    for (const parse of autoPatterns) {
      const parts = parse(text)
      if (parts !== undefined) return parts
    }
    return undefined
  }
  return parseWithFormat(text, format)
}

/** An epoch time (seconds or milliseconds, an integer) as UTC parts; undefined when not a number. */
export const parseEpoch = (
  text: string,
  unit: 'epochsecs' | 'epochmillisecs',
): DateTimeParts | undefined => {
  const t = text.trim()
  if (!/^-?\d{1,16}(\.\d+)?$/.test(t)) return undefined
  const [whole, fraction = ''] = t.split('.')
  const scale = unit === 'epochsecs' ? 1_000_000n : 1_000n
  const sign = whole?.startsWith('-') ? -1n : 1n
  let micros = BigInt(whole as string) * scale
  const extraDigits = unit === 'epochsecs' ? 6 : 3
  if (fraction !== '')
    micros += sign * BigInt(fraction.slice(0, extraDigits).padEnd(extraDigits, '0'))
  let ms = micros / 1000n
  if (micros % 1000n < 0n) ms -= 1n
  const date = new Date(Number(ms))
  if (Number.isNaN(date.getTime())) return undefined
  const sub = Number(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n)
  return valid({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    micros: sub,
    offsetMinutes: 0,
  })
}

/** A non-negative integer with leading zeros up to `width` digits. */
const pad = (value: number, width: number): string => {
  const digits = `${value}`
  return digits.length >= width ? digits : '0'.repeat(width - digits.length) + digits
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : `${value}`)

export const dateText = (p: DateTimeParts): string =>
  `${pad(p.year, 4)}-${pad2(p.month)}-${pad2(p.day)}`

export const timeText = (p: DateTimeParts): string =>
  `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${p.micros > 0 ? `.${pad(p.micros, 6)}` : ''}`

export const offsetText = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
}

const timePattern = new RegExp(String.raw`^\s*${TIME}\s*$`, 'i')
const timeWithOffsetPattern = new RegExp(String.raw`^\s*${TIME}(?:${OFFSET})?\s*$`, 'i')

/** `HH:MI:SS[.ffffff]` (optionally with an offset for TIMETZ) as parts of 2000-01-01. */
export const parseTime = (text: string, withOffset: boolean): DateTimeParts | undefined => {
  const m = (withOffset ? timeWithOffsetPattern : timePattern).exec(text)
  if (m === null) return undefined
  return partsOf('2000', 1, '1', [m[1], m[2], m[3], m[4]], withOffset ? m[5] : undefined)
}

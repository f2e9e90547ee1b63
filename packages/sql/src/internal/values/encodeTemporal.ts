import { describeValue } from '../describeValue.js'
import type { Fail } from './Fail.js'

/** The kinds of date and time types. */
export type TemporalKind = 'date' | 'time' | 'timetz' | 'timestamp' | 'timestamptz'

interface Parts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** Fraction of a second, 0 to 6 digits, trailing zeros removed. */
  fraction: string
}

const dateTimeText =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?(?: ?([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?))?)?$/
const timeText =
  /^([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?(?: ?([Zz]|[+-][0-9]{2}(?::?[0-9]{2})?))?$/

/** '00' to '99': two-digit fields are the most common padding, looked up instead of built. */
const twoDigits = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'))

const pad = (n: number, width = 2): string =>
  (width === 2 ? twoDigits[n] : undefined) ?? String(n).padStart(width, '0')

/** `digits` without trailing zeros: `'120'` is `'12'`, `'000'` is `''`. */
const withoutTrailingZeros = (digits: string): string => {
  let end = digits.length
  while (end > 0 && digits.charCodeAt(end - 1) === 0x30) end--
  return digits.slice(0, end)
}

const parseOffsetMinutes = (text: string | undefined, fail: Fail): number => {
  if (text === undefined || text === 'Z' || text === 'z') return 0
  const sign = text.startsWith('-') ? -1 : 1
  const digits = text.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0
  if (hours > 15 || minutes > 59) fail(`has the UTC offset ${text}, which is out of range`)
  return sign * (hours * 60 + minutes)
}

const checkFraction = (fraction: string | undefined, fail: Fail): string => {
  if (fraction === undefined) return ''
  if (fraction.length > 6) {
    fail(
      `has ${fraction.length} fractional second digits; Redshift keeps microseconds (6 digits), so round it first`,
    )
  }
  return withoutTrailingZeros(fraction)
}

const checkClock = (hour: number, minute: number, second: number, fail: Fail): void => {
  if (hour > 23 || minute > 59 || second > 59) {
    fail(
      `has the time ${pad(hour)}:${pad(minute)}:${pad(second)}, which is not a valid time of day`,
    )
  }
}

/** Splits an epoch-milliseconds instant into UTC parts, keeping `fraction` as given. */
const utcParts = (millis: number, fraction: string): Parts => {
  const d = new Date(millis)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    fraction,
  }
}

const utcMillis = (p: Omit<Parts, 'fraction'>): number => {
  const d = new Date(0)
  d.setUTCFullYear(p.year, p.month - 1, p.day)
  d.setUTCHours(p.hour, p.minute, p.second, 0)
  return d.getTime()
}

const fromDate = (value: Date, fail: Fail): Parts => {
  const millis = value.getTime()
  if (Number.isNaN(millis)) fail('is an invalid Date')
  const ms = ((millis % 1000) + 1000) % 1000
  return utcParts(millis - ms, withoutTrailingZeros(pad(ms, 3)))
}

const parseDateTime = (text: string, withTime: boolean, fail: Fail): Parts => {
  const m = dateTimeText.exec(text.trim())
  if (m === null || (!withTime && m[4] !== undefined)) {
    fail(
      withTime
        ? `is ${describeValue(text)}, not an ISO 8601 timestamp such as 2025-01-31T10:00:00.123456Z`
        : `is ${describeValue(text)}, not a date such as 2025-01-31`,
    )
  }
  const given = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  }
  const fraction = checkFraction(m[7], fail)
  checkClock(given.hour, given.minute, given.second, fail)
  const local = utcMillis(given)
  const check = utcParts(local, '')
  if (given.year < 1 || check.month !== given.month || check.day !== given.day) {
    fail(`has the date ${m[1]}-${m[2]}-${m[3]}, which is not a calendar date`)
  }
  return utcParts(local - parseOffsetMinutes(m[8], fail) * 60_000, fraction)
}

const parseTimeOfDay = (text: string, allowOffset: boolean, fail: Fail): Parts => {
  const m = timeText.exec(text.trim())
  if (m === null || (!allowOffset && m[5] !== undefined)) {
    fail(
      `is ${describeValue(text)}, not a time such as 10:30:00.123456${allowOffset ? '+02:00' : ''}`,
    )
  }
  const hour = Number(m[1])
  const minute = Number(m[2])
  const second = Number(m[3] ?? 0)
  checkClock(hour, minute, second, fail)
  const fraction = checkFraction(m[4], fail)
  const day = 24 * 60
  const minutes = (((hour * 60 + minute - parseOffsetMinutes(m[5], fail)) % day) + day) % day
  return {
    year: 1970,
    month: 1,
    day: 1,
    hour: Math.floor(minutes / 60),
    minute: minutes % 60,
    second,
    fraction,
  }
}

const formatDate = (p: Parts, fail: Fail): string => {
  if (p.year < 1 || p.year > 9999) fail(`falls in the year ${p.year}, outside 0001 to 9999`)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`
}

const formatTime = (p: Parts): string =>
  `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${p.fraction === '' ? '' : `.${p.fraction}`}`

const MS_PER_DAY = 86_400_000

/** `.001` to `.999` without trailing zeros, and '' for 0: a Date's fraction, looked up. */
const millisFractions = Array.from({ length: 1000 }, (_, ms) => {
  const digits = withoutTrailingZeros(String(ms).padStart(3, '0'))
  return digits === '' ? '' : `.${digits}`
})

/**
 * `temporalText` of a plain Date, from its epoch milliseconds by integer arithmetic (the
 * proleptic Gregorian calendar of `Date`, days to civil date as in H. Hinnant's
 * `civil_from_days`), without the Date methods and the object of parts the general path uses.
 * Undefined for an invalid Date or a year outside 0001 to 9999, which the general path rejects.
 */
const dateText = (value: Date, kind: TemporalKind): string | undefined => {
  const millis = value.getTime()
  if (Number.isNaN(millis)) return undefined
  const days = Math.floor(millis / MS_PER_DAY)
  const ofDay = millis - days * MS_PER_DAY
  const shifted = days + 719_468
  const era = Math.floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  if (year < 1 || year > 9999) return undefined
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`
  if (kind === 'date') return date
  const seconds = Math.floor(ofDay / 1000)
  const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}${millisFractions[ofDay % 1000]}`
  switch (kind) {
    case 'time':
      return time
    case 'timetz':
      return `${time}+00`
    case 'timestamp':
      return `${date} ${time}`
    case 'timestamptz':
      return `${date} ${time}+00`
  }
}

/**
 * The text of a DATE, TIME, TIMETZ, TIMESTAMP or TIMESTAMPTZ from a `Date` or an ISO 8601
 * string, as both COPY and SQL literals read it: everything is normalized to UTC (a string's
 * offset is applied; a string without one is read as UTC); up to 6 fractional second digits
 * are kept exactly.
 */
export const temporalText = (value: unknown, kind: TemporalKind, fail: Fail): string => {
  if (value instanceof Date) {
    // A subclass might change what its methods return: it takes the general path.
    const text = Object.getPrototypeOf(value) === Date.prototype ? dateText(value, kind) : undefined
    if (text !== undefined) return text
  } else if (typeof value !== 'string') {
    fail(`is ${describeValue(value)}; expected a Date or an ISO 8601 string`)
  }
  switch (kind) {
    case 'date': {
      const parts =
        value instanceof Date ? fromDate(value, fail) : parseDateTime(value, false, fail)
      return formatDate(parts, fail)
    }
    case 'timestamp':
    case 'timestamptz': {
      const parts = value instanceof Date ? fromDate(value, fail) : parseDateTime(value, true, fail)
      const text = `${formatDate(parts, fail)} ${formatTime(parts)}`
      return kind === 'timestamp' ? text : `${text}+00`
    }
    case 'time':
    case 'timetz': {
      const parts =
        value instanceof Date
          ? fromDate(value, fail)
          : parseTimeOfDay(value, kind === 'timetz', fail)
      return kind === 'time' ? formatTime(parts) : `${formatTime(parts)}+00`
    }
  }
}

/** Encodes a date or time value (see `temporalText`) as a quoted SQL literal. */
export const encodeTemporal = (value: unknown, kind: TemporalKind, fail: Fail): string =>
  `'${temporalText(value, kind, fail)}'`

import fc from 'fast-check'

/**
 * A temporal input and the text the database reads it back as.
 *
 * @example
 * ```ts
 * const sample: TemporalSample = { input: '10:00:00.500', expected: '10:00:00.5' }
 * ```
 */
export interface TemporalSample {
  readonly input: unknown
  readonly expected: string
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** Fractional seconds as Redshift prints them: trailing zeros dropped, no dot for zero. */
const printedFraction = (digits: string): string => {
  const trimmed = digits.replace(/0+$/, '')
  return trimmed === '' ? '' : `.${trimmed}`
}

// 0 to 6 digits of fractional seconds, as written in the input.
const fractionDigits = fc
  .tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
  .map(([micros, length]) => pad(micros, 6).slice(0, length))

const clock = fc.record({
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  fraction: fractionDigits,
})

// A UTC offset up to 14 hours, written `+HH:MM`, `+HHMM`, `+HH` or `Z`.
const utcOffset = fc
  .tuple(
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
    fc.constantFrom('+HH:MM', '+HHMM', '+HH', 'Z'),
  )
  .map(([minutes, style]) => {
    const offset = style === 'Z' ? 0 : style === '+HH' ? Math.trunc(minutes / 60) * 60 : minutes
    const sign = offset < 0 ? '-' : '+'
    const hh = pad(Math.trunc(Math.abs(offset) / 60))
    const mm = pad(Math.abs(offset) % 60)
    const text =
      style === 'Z'
        ? 'Z'
        : style === '+HH'
          ? `${sign}${hh}`
          : style === '+HHMM'
            ? `${sign}${hh}${mm}`
            : `${sign}${hh}:${mm}`
    return { minutes: offset, text }
  })

const clockText = (c: { hour: number; minute: number; second: number }): string =>
  `${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`

// Calendar days of years 1000-9998, whole milliseconds of the day dropped.
const calendarDay = fc
  .date({
    min: new Date('1000-01-02T00:00:00.000Z'),
    max: new Date('9998-12-30T00:00:00.000Z'),
    noInvalidDate: true,
  })
  .map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())))

const isoDay = (d: Date): string => d.toISOString().slice(0, 10)

/**
 * DATE inputs (`Date` or `'YYYY-MM-DD'`) from year 1 to 9999, read back as `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * fc.sample(dateSamples(), 1) // [{ input: '0931-05-02', expected: '0931-05-02' }]
 * ```
 */
export const dateSamples = (): fc.Arbitrary<TemporalSample> =>
  fc
    .tuple(
      fc.date({
        min: new Date('0001-01-01T00:00:00.000Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      }),
      fc.boolean(),
    )
    .map(([d, asDate]) => ({ input: asDate ? d : isoDay(d), expected: isoDay(d) }))

/**
 * TIME inputs `HH:MM:SS[.f{1,6}]`, read back with trailing fractional zeros dropped.
 *
 * @example
 * ```ts
 * // { input: '23:59:59.120', expected: '23:59:59.12' }
 * ```
 */
export const timeSamples = (): fc.Arbitrary<TemporalSample> =>
  clock.map((c) => {
    const text = clockText(c)
    return {
      input: c.fraction === '' ? text : `${text}.${c.fraction}`,
      expected: text + printedFraction(c.fraction),
    }
  })

/**
 * TIMETZ inputs `HH:MM:SS[.f{1,6}]` with a UTC offset (or `Z`), read back as the UTC time of
 * day with `+00`.
 *
 * @example
 * ```ts
 * // { input: '01:00:00.5-03:00', expected: '04:00:00.5+00' }
 * ```
 */
export const timetzSamples = (): fc.Arbitrary<TemporalSample> =>
  fc.tuple(clock, utcOffset).map(([c, offset]) => {
    const minutes = (((c.hour * 60 + c.minute - offset.minutes) % 1440) + 1440) % 1440
    const utc = { hour: Math.trunc(minutes / 60), minute: minutes % 60, second: c.second }
    const fraction = c.fraction === '' ? '' : `.${c.fraction}`
    return {
      input: `${clockText(c)}${fraction}${offset.text}`,
      expected: `${clockText(utc)}${printedFraction(c.fraction)}+00`,
    }
  })

/**
 * TIMESTAMP inputs: ISO text (`T` or space, optional `Z`) with up to 6 fractional digits, or a
 * `Date`; read back as `YYYY-MM-DD HH:MM:SS[.ffffff]`.
 *
 * @example
 * ```ts
 * // { input: '2024-02-29T10:00:00.000001Z', expected: '2024-02-29 10:00:00.000001' }
 * ```
 */
export const timestampSamples = (): fc.Arbitrary<TemporalSample> =>
  fc.oneof(
    fc
      .tuple(calendarDay, clock, fc.constantFrom('T', ' '), fc.constantFrom('', 'Z'))
      .map(([day, c, separator, zone]) => {
        const fraction = c.fraction === '' ? '' : `.${c.fraction}`
        return {
          input: `${isoDay(day)}${separator}${clockText(c)}${fraction}${zone}`,
          expected: `${isoDay(day)} ${clockText(c)}${printedFraction(c.fraction)}`,
        }
      }),
    fc
      .date({
        min: new Date('1000-01-01T00:00:00.000Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      })
      .map((d) => {
        const iso = d.toISOString()
        return {
          input: d,
          expected: `${iso.slice(0, 10)} ${iso.slice(11, 19)}${printedFraction(iso.slice(20, 23))}`,
        }
      }),
  )

/**
 * TIMESTAMPTZ inputs with a UTC offset (or `Z`) and microseconds, read back in UTC as
 * `YYYY-MM-DD HH:MM:SS[.ffffff]+00`.
 *
 * @example
 * ```ts
 * // { input: '2024-01-01 01:30:00.25+02:00', expected: '2023-12-31 23:30:00.25+00' }
 * ```
 */
export const timestamptzSamples = (): fc.Arbitrary<TemporalSample> =>
  fc.tuple(calendarDay, clock, utcOffset).map(([day, c, offset]) => {
    const fraction = c.fraction === '' ? '' : `.${c.fraction}`
    const local = `${isoDay(day)}T${clockText(c)}`
    const utc = new Date(Date.parse(`${local}Z`) - offset.minutes * 60_000).toISOString()
    return {
      input: `${local}${fraction}${offset.text}`,
      expected: `${utc.slice(0, 10)} ${utc.slice(11, 19)}${printedFraction(c.fraction)}+00`,
    }
  })

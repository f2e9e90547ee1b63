import { describeValue } from '../describeValue.js'
import type { Fail } from './Fail.js'

const decimalText = /^([+-])?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]{1,6}))?$/

/** Decimal text already as it is written: no `+`, blanks, exponent, leading or trailing zeros. */
const canonicalDecimal = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$/

/** Whether canonical decimal text has at most p-s integer and s fractional digits. */
const fitsDecimal = (text: string, precision: number, scale: number): boolean => {
  const point = text.indexOf('.')
  const intStart = text.startsWith('-') ? 1 : 0
  const intEnd = point < 0 ? text.length : point
  // A lone 0 before the point is no integer digit: 0.5 has none.
  const intDigits = text.charCodeAt(intStart) === 0x30 ? 0 : intEnd - intStart
  const fracDigits = point < 0 ? 0 : text.length - point - 1
  return intDigits <= precision - scale && fracDigits <= scale
}

/** The text of a DECIMAL value as given: a string (trimmed), a finite number or a bigint. */
const decimalInput = (value: unknown, fail: Fail): string => {
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`is ${value}, not a finite number`)
    return String(value)
  }
  return fail(`is ${describeValue(value)}; expected a numeric string, a number or a bigint`)
}

/**
 * Encodes a DECIMAL(p,s) from a string, number or bigint as a plain, canonical numeric literal
 * (`-12.5`). Integer digits over p-s and fractional digits over s are errors, not rounded.
 */
export const encodeDecimal = (
  value: unknown,
  precision: number,
  scale: number,
  fail: Fail,
): string => {
  const text = decimalInput(value, fail)
  // Most values are written as they come; -0 is written 0.
  if (text !== '-0' && canonicalDecimal.test(text) && fitsDecimal(text, precision, scale)) {
    return text
  }
  return normalizedDecimal(value, text, precision, scale, fail)
}

/** `encodeDecimal` for any input text: sign, digits and exponent read, then written canonically. */
export const normalizedDecimal = (
  value: unknown,
  text: string,
  precision: number,
  scale: number,
  fail: Fail,
): string => {
  const type = `DECIMAL(${precision},${scale})`
  const match = text.length <= 1000 ? decimalText.exec(text) : null
  const [, sign, intDigits = '', fracDigits = '', expText = '0'] = match ?? []
  if (match === null || intDigits.length + fracDigits.length === 0) {
    fail(`is ${describeValue(value)}, not a decimal number`)
  }
  let int = intDigits
  let frac = fracDigits
  const exp = Number(expText)
  if (/^0*$/.test(int + frac)) return '0'
  if (Math.abs(exp) > 1000) fail(`is ${text}, far outside ${type}`)
  if (exp > 0) {
    frac = frac.padEnd(exp, '0')
    int += frac.slice(0, exp)
    frac = frac.slice(exp)
  } else if (exp < 0) {
    int = int.padStart(-exp, '0')
    frac = int.slice(int.length + exp) + frac
    int = int.slice(0, int.length + exp)
  }
  int = int.replace(/^0+/, '')
  frac = frac.replace(/0+$/, '')
  if (int.length > precision - scale) {
    fail(`has ${int.length} integer digits, more than the ${precision - scale} that ${type} holds`)
  }
  if (frac.length > scale) {
    fail(
      `has ${frac.length} fractional digits, more than the scale ${scale} of ${type}; round it first (for a number, value.toFixed(${scale}))`,
    )
  }
  return `${sign === '-' ? '-' : ''}${int === '' ? '0' : int}${frac === '' ? '' : `.${frac}`}`
}

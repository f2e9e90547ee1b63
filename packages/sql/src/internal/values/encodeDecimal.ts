import { describeValue } from '../describeValue.js'
import type { Fail } from './Fail.js'

const decimalText = /^([+-])?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]{1,6}))?$/

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
  const type = `DECIMAL(${precision},${scale})`
  let text: string
  if (typeof value === 'string') text = value.trim()
  else if (typeof value === 'bigint') text = value.toString()
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`is ${value}, not a finite number`)
    text = String(value)
  } else fail(`is ${describeValue(value)}; expected a numeric string, a number or a bigint`)
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

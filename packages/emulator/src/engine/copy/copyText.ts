/**
 * PostgreSQL's COPY text format, the input of the `COPY ... FROM STDIN` that stores converted
 * rows: fields separated by tabs, one row a line, NULL as `\N`, and a backslash, tab, line
 * feed or carriage return in a value written as `\\`, `\t`, `\n`, `\r`. Every other character
 * is itself, so a value comes back exactly as it went in.
 */

/** A NULL field. */
export const COPY_NULL = '\\N'

const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g

const escapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
}

const escapeOne = (c: string): string => escapes[c] as string

/**
 * One value as a field of COPY text.
 *
 * @example
 * copyTextField('a\tb\\c') // 'a\\tb\\\\c'
 */
export const copyTextField = (value: string): string =>
  SPECIAL.test(value) ? value.replace(SPECIAL_ALL, escapeOne) : value

const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/

const reservedJs: ReadonlySet<string> = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with yield let static implements interface package private ' +
    'protected public await arguments eval undefined NaN Infinity'
  ).split(' '),
)

/** True when `name` can be written bare as a property key. */
export const isPlainKey = (name: string): boolean => identifierPattern.test(name)

/** True when `name` can be a binding (`const name`). */
export const isBindingName = (name: string): boolean =>
  identifierPattern.test(name) && !reservedJs.has(name)

const words = (text: string): Array<string> =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')

/** `order_items`, `orderItems`, `order-items` -> `OrderItems`; a leading digit gets `T`. */
export const pascalName = (text: string): string => {
  const joined = words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')
  if (joined === '') return 'Table'
  return /^[0-9]/.test(joined) ? `T${joined}` : joined
}

/** `order_items` -> `orderItems`; a result that cannot be a binding gets a `Table` suffix. */
export const camelName = (text: string): string => {
  const pascal = pascalName(text)
  const camel = pascal[0]!.toLowerCase() + pascal.slice(1)
  return isBindingName(camel) ? camel : `${camel}Table`
}

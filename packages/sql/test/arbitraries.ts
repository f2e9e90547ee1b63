import fc from 'fast-check'

/** Pieces that break naive quoting: quotes, backslashes, line breaks, multi-byte text. */
const hostilePieces = fc.constantFrom(
  "'",
  "''",
  '\\',
  '\\\\',
  "\\'",
  '"',
  '""',
  '\n',
  '\r\n',
  '\t',
  '$$',
  '--',
  '/*',
  ';',
  ' ',
  'é',
  'ß',
  '日本',
  '😀',
  '\u2028',
  '\u00a0',
  'A',
  'z',
)

const isWellFormed = (s: string): boolean =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)

/** Arbitrary strings rich in hostile characters, without NUL and lone surrogates. */
export const hostileString = (options: { readonly maxLength?: number } = {}) =>
  fc
    .array(
      fc.oneof(
        hostilePieces,
        fc.string({ unit: 'grapheme', maxLength: 4 }),
        fc.string({ unit: 'binary', maxLength: 4 }),
      ),
      { maxLength: options.maxLength ?? 30 },
    )
    .map((pieces) => pieces.join(''))
    .filter((s) => !s.includes('\u0000') && isWellFormed(s))

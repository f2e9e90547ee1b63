/**
 * Where an encoder reports the UTF-8 bytes of the SQL text it returns, so that no later step
 * counts them again. Encoders whose SQL may hold multi-byte text (text, SUPER) set `bytes`;
 * for the others, which write ASCII only, the bytes are the text's length.
 */
export interface ByteTally {
  bytes: number
}

/** Raises the encoding error of the value being encoded, with `reason` completing "value ... ". */
export type Fail = (reason: string) => never

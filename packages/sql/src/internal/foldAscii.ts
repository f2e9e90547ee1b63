/** Folds ASCII letters to lowercase, as Redshift folds identifiers; other characters stay. */
export const foldAscii = (name: string): string => name.replace(/[A-Z]+/g, (s) => s.toLowerCase())

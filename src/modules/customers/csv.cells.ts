/**
 * OWASP CSV injection: a cell starting with = + - @ tab or CR is a formula to Excel and LibreOffice.
 * The exporter prefixes such cells with an apostrophe, and also cells that already start with
 * apostrophes followed by such a character, so that the importer can undo exactly one apostrophe
 * and get the original back: +8613800138000 → '+8613800138000 → +8613800138000, and a note that
 * really starts with '= survives too.
 */
const TRIGGER = /^'*[=+\-@\t\r]/;

/** The cell as written to an exported CSV. */
export const neutraliseCell = (value: string): string => (TRIGGER.test(value) ? `'${value}` : value);

/** The original value of a cell written by {@link neutraliseCell} (or typed with a protective '). */
export const unneutraliseCell = (value: string): string => (value.startsWith("'") && TRIGGER.test(value) ? value.slice(1) : value);

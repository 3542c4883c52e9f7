/**
 * User text written to a spreadsheet can never become a formula or a link: text a spreadsheet would read
 * as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe (OWASP "CSV injection"
 * advice), and cells are always written as plain string values, never as formula or hyperlink objects.
 * The project writes no CSV today; any future CSV writer must pass its fields through `neutralize` too.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralize = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

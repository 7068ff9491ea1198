/**
 * CSV cells (RFC 4180 quoting), shared by the tables that export to CSV
 * (`cvResults`, a study's trials table).
 */

/**
 * One CSV cell: numbers as JavaScript prints them (NaN as `NaN`), strings as
 * they are, anything else as JSON; quoted when it holds a quote, a comma or a
 * line break; empty for null and undefined.
 * @example
 * ```ts
 * csvCell('a,b'); // '"a,b"'
 * csvCell({ C: 1 }); // '"{""C"":1}"'
 * ```
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text: string;
  if (typeof value === 'number') text = Number.isNaN(value) ? 'NaN' : String(value);
  else if (typeof value === 'string') text = value;
  else if (value instanceof Date) text = value.toISOString();
  else text = JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV text: a header of `columns`, then one line per row.
 * @example
 * ```ts
 * toCsvText(['a', 'b'], [{ a: 1, b: 'x' }]); // 'a,b\n1,x\n'
 * ```
 */
export function toCsvText(columns: readonly string[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

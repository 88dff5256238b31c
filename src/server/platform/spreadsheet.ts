/** What every spreadsheet export uses: exceljs, loaded lazily, and text a workbook can carry. */

/** exceljs, loaded with the first workbook, not at server start-up (docs/quality.md P10). */
export async function loadExcel() {
  const { default: Excel } = await import('exceljs');
  return Excel;
}

/** Characters XML 1.0 cannot carry (a workbook with them does not open): control characters and lone surrogates. */
const XML_INVALID =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g; // eslint-disable-line no-control-regex

/** The text with what XML 1.0 cannot carry replaced by U+FFFD. */
export const xmlSafe = (text: string) => text.replace(XML_INVALID, '\ufffd');

/**
 * exceljs's streaming writer on its own: the report worker imports just this module so its bundle does
 * not carry exceljs's readers (jszip, unzipper, bluebird, csv).
 */
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';

  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}

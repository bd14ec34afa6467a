import { InputError } from '../errors.js';
import { isMissing, type CsvSettings } from './csv-settings.js';
import type { CsvTable } from './csv-read.js';

/** One feature column of a CSV table and how it is read. */
export interface CsvColumn {
  name: string;
  /** Index in the header. */
  col: number;
  kind: 'number' | 'category';
}

/**
 * The label column and the feature columns of a table: `features` (default every column but the
 * label and `ignore`), each numeric or categorical. Every name the suite gives must be a column.
 */
export function csvColumns(table: CsvTable, s: CsvSettings): { labelCol: number; columns: CsvColumn[] } {
  const { path, header } = table;
  const find = (name: string, what: string): number => {
    const col = header.indexOf(name);
    if (col < 0)
      throw new InputError(
        `${path}:1: no ${what} column '${name}'; columns found: ${header.join(', ')}`,
        what === 'label' ? 'csv-no-label' : 'csv-no-column',
      );
    return col;
  };
  const labelCol = find(s.label, 'label');
  for (const name of s.ignore) find(name, "'ignore'");
  const listed = s.categorical === 'auto' ? [] : s.categorical;
  for (const name of listed) {
    find(name, "'categorical'");
    if (s.ignore.includes(name))
      throw new InputError(
        `${path}:1: column '${name}' is both in 'categorical' and in 'ignore'; keep it in one of them`,
        'csv-column-conflict',
      );
    if (name === s.label)
      throw new InputError(
        `${path}:1: column '${name}' is the label; remove it from 'categorical' (labels are category names already)`,
        'csv-column-conflict',
      );
  }
  const names = s.features ?? header.filter((n, i) => i !== labelCol && !s.ignore.includes(n));
  const columns = names.map((name): CsvColumn => {
    const col = find(name, 'feature');
    const categorical = s.categorical === 'auto' ? hasText(table, col) : listed.includes(name);
    return { name, col, kind: categorical ? 'category' : 'number' };
  });
  const unused = listed.filter((n) => !names.includes(n));
  if (unused.length > 0) {
    throw new InputError(
      `${path}:1: 'categorical' column '${unused[0]}' is not among the dataset's 'features'; add it there or remove it from 'categorical'`,
      'csv-column-conflict',
    );
  }
  if (columns.length === 0)
    throw new InputError(
      `${path}:1: no feature columns besides the label '${s.label}' (after 'ignore'); keep at least one feature column`,
      'csv-no-features',
    );
  return { labelCol, columns };
}

/** True when some value of the column is neither missing nor a number. */
function hasText(table: CsvTable, col: number): boolean {
  return table.rows.some(({ record }) => !isMissing(record[col]) && !Number.isFinite(Number(record[col])));
}

/** plan validate's result as a document: one row per input file. */
import type { Validation } from '../analyses/validate.js';
import type { Document } from '../render/document.js';

export function validateDocument(v: Validation): Document {
  return {
    title: `plan validate: ${v.dataDir}`,
    figures: [
      { label: 'errors', value: v.errors, type: 'int' },
      { label: 'warnings', value: v.warnings, type: 'int' },
    ],
    tables: [
      {
        name: 'files',
        columns: [
          { key: 'file', label: 'file', type: 'text' },
          { key: 'status', label: 'status', type: 'text' },
          { key: 'rows', label: 'valid rows', type: 'int' },
          { key: 'errors', label: 'errors', type: 'int' },
          { key: 'warnings', label: 'warnings', type: 'int' },
        ],
        rows: v.files.map((f) => ({
          ...f,
          status: !f.present ? 'absent' : f.errors > 0 ? 'errors' : f.warnings > 0 ? 'warnings' : 'ok',
        })),
      },
    ],
    charts: [],
    notes:
      v.errors + v.warnings > 0 ? ['Problems are listed on standard error; --format json carries them too (problems, problemCounts).'] : [],
    data: v,
  };
}

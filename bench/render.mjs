// The terminal table, md and html with one very long name: time must grow
// linearly with the text (cli-table3 took 64 s for 5,000 characters and 11
// minutes for 500,000). Target: a 500,000-character name in under 0.1 s.
import { renderHtml } from '../dist/render/html.js';
import { renderMd } from '../dist/render/md.js';
import { renderTable } from '../dist/render/table.js';

const opts = { currency: 'EUR', locale: 'en-GB', color: false, excel: false, formulaEscape: true };
const doc = (name) => ({
  title: 'Accounts',
  figures: [],
  charts: [],
  notes: [],
  data: null,
  tables: [
    {
      name: 'accounts',
      columns: [
        { key: 'id', label: 'id', type: 'text', priority: 1 },
        { key: 'name', label: 'name', type: 'text', priority: 1 },
        { key: 'revenue', label: 'revenue', type: 'money' },
      ],
      rows: [
        { id: 'K1', name, revenue: 1234.5 },
        ...Array.from({ length: 49 }, (_, i) => ({ id: `K${i + 2}`, name: `Firm ${i}`, revenue: i })),
      ],
    },
  ],
});

const time = (f) => {
  const started = performance.now();
  f();
  return performance.now() - started;
};

process.stdout.write(
  `${'name length'.padEnd(14)}${'kind'.padEnd(10)}${'table 80 cols'.padStart(14)}${'table piped'.padStart(14)}${'md'.padStart(10)}${'html'.padStart(10)}\n`,
);
for (const length of [5_000, 50_000, 500_000, 5_000_000]) {
  for (const [kind, unit] of [
    ['ascii', 'Müller Bau '.replace('ü', 'u')],
    ['accents', 'Müller Bau '],
    ['cjk', '東京都千代田区 '],
  ]) {
    const name = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    const d = doc(name);
    const ms = [
      time(() => renderTable(d, { ...opts, width: 80, maxRows: 50 })),
      time(() => renderTable(d, opts)),
      time(() => renderMd(d, opts)),
      time(() => renderHtml(d, opts)),
    ];
    process.stdout.write(
      `${length.toLocaleString('en').padEnd(14)}${kind.padEnd(10)}${ms.map((m, i) => `${m.toFixed(1)} ms`.padStart(i === 0 || i === 1 ? 14 : 10)).join('')}\n`,
    );
  }
}

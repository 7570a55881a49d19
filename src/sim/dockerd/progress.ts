/**
 * The `progress` string of a pull message, as moby's jsonmessage renders it:
 * a 50-column bar and `current/total` in decimal units (go-units HumanSize,
 * four significant digits), e.g. `[=====>      …      ]  1.234MB/10.4MB`.
 */
export function progressBar(current: number, total: number): string {
  if (current <= 0 && total <= 0) return '';
  const pct = Math.min(50, Math.floor(Math.floor((current / total) * 100) / 2));
  const bar = `[${'='.repeat(pct)}>${' '.repeat(Math.max(0, 50 - pct))}] `;
  return `${bar}${humanSize(current, 4).padStart(8)}/${humanSize(total, 4)}`;
}

/**
 * go-units `HumanSizeWithPrecision(size, 3)`: decimal units, three
 * significant digits (`192MB`, `7.8MB`, `10.1kB`).
 */
export function humanSize(bytes: number, precision = 3): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${units[i]}`;
}

/** Go's `%.<p>g`: p significant digits, no trailing zeros. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  const s = value.toPrecision(precision);
  if (s.includes('e')) return String(Number(s));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

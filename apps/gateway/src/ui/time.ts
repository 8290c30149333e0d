/** A timestamp as people read it in the UI: UTC date and time, and how long ago. */
export function describeTime(ms: number, nowMs: number): { iso: string; text: string } {
  const iso = new Date(ms).toISOString();
  const seconds = Math.round((nowMs - ms) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 60
      ? [abs, 's']
      : abs < 3600
        ? [Math.floor(abs / 60), 'min']
        : abs < 86400
          ? [Math.floor(abs / 3600), 'h']
          : [Math.floor(abs / 86400), 'd'];
  const relative = seconds >= 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`;
  return { iso, text: `${iso.slice(0, 19).replace('T', ' ')} UTC (${relative})` };
}

import { formatFloat, type Metric, type MetricFamily } from '@pushgate/protocol';
import { html, type SafeHtml } from './html.js';

/**
 * One series' value as a person reads it: a number for counters and gauges,
 * small tables for the quantiles of a summary and the buckets of a histogram
 * rather than raw exposition lines.
 */
export function metricValue(family: MetricFamily, metric: Metric): SafeHtml {
  if (metric.summary) {
    const s = metric.summary;
    return html`<table class="dist"><thead><tr><th scope="col">quantile</th><th scope="col">value</th></tr></thead><tbody>
${s.quantile.map((q) => html`<tr><td class="num">${formatFloat(q.quantile)}</td><td class="num">${formatFloat(q.value)}</td></tr>`)}
</tbody></table>${countAndSum(Number(s.sampleCount), s.sampleSum)}`;
  }
  if (metric.histogram) {
    const h = metric.histogram;
    const count =
      h.sampleCountFloat !== undefined && h.sampleCountFloat > 0 ? h.sampleCountFloat : Number(h.sampleCount);
    const native =
      h.positiveSpan.length > 0 || h.negativeSpan.length > 0
        ? html`<p>native histogram: schema ${h.schema ?? 0}, zero bucket ${formatFloat(Number(h.zeroCount ?? 0n))}
(threshold ${formatFloat(h.zeroThreshold ?? 0)}), ${h.positiveSpan.length + h.negativeSpan.length} spans</p>`
        : '';
    const buckets =
      h.bucket.length > 0
        ? html`<table class="dist"><thead><tr><th scope="col">le</th><th scope="col">cumulative count</th></tr></thead><tbody>
${h.bucket.map((b) => {
  const c =
    b.cumulativeCountFloat !== undefined && b.cumulativeCountFloat > 0
      ? b.cumulativeCountFloat
      : Number(b.cumulativeCount);
  return html`<tr><td class="num">${formatFloat(b.upperBound)}</td><td class="num">${formatFloat(c)}</td></tr>`;
})}
</tbody></table>`
        : '';
    return html`${buckets}${native}${countAndSum(count, h.sampleSum)}`;
  }
  const value = metric.gauge?.value ?? metric.counter?.value ?? metric.untyped?.value;
  return html`<span class="num">${value === undefined ? `(no ${family.type.toLowerCase()} value)` : formatFloat(value)}</span>`;
}

function countAndSum(count: number, sum: number): SafeHtml {
  return html`<div class="num">count ${formatFloat(count)} · sum ${formatFloat(sum)}</div>`;
}

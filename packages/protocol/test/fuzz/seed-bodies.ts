/** Valid bodies that the mutation fuzzers start from: every metric type, labels, escapes, timestamps. */
import { encodeDelimited, parseText } from '../../src/index.js';

export const TEXT_SEEDS: readonly string[] = [
  'a 1\n',
  '# HELP http_requests_total The total.\n# TYPE http_requests_total counter\nhttp_requests_total{method="post",code="200"} 1027 1395066363000\nhttp_requests_total{method="post",code="400"} 3\n',
  '# TYPE g gauge\ng{path="C:\\\\DIR\\\\",quote="\\"",nl="\\n"} -Inf\ng{path="x"} NaN\n',
  '# HELP h A histogram.\n# TYPE h histogram\nh_bucket{le="0.05"} 24054\nh_bucket{le="0.1"} 33444\nh_bucket{le="+Inf"} 144320\nh_sum 53423\nh_count 144320\n',
  '# TYPE s summary\ns{quantile="0.01"} 3102\ns{quantile="0.5"} 4773\ns{quantile="0.99"} 76656\ns_sum 1.7560473e+07\ns_count 2693\n',
  '# TYPE u untyped\nu{a="1"} 1e+06\nu{a="2"} +Inf\n\n  # a comment\nother_metric{x="é"} 0.5\n',
];

/** The text seeds as bytes. */
export const TEXT_SEED_BYTES: readonly Uint8Array[] = TEXT_SEEDS.map((body) =>
  new TextEncoder().encode(body),
);

/** The same metrics as delimited protobuf. */
export const PROTOBUF_SEEDS: readonly Uint8Array[] = TEXT_SEEDS.map((body) =>
  encodeDelimited(parseText(body)),
);

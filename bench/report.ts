// What bench/cases.ts measures and prints: latency quantiles, the app's request histogram, one
// round's report, and the summary with its closing JSON line.

export interface Quantiles {
  n: number;
  p50: number;
  p99: number;
}

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  processed: number;
  failed: number;
  /** CPU of PostgreSQL's backends, and of pgbench itself, per transaction (sampled inside the run). */
  dbCpuPerTxnMs: number | null;
  clientCpuPerTxnMs: number | null;
}

export interface RoundResult {
  pairsPerSec: number;
  reqPerSec: number;
  submits: number;
  pairs: number;
  failed: number;
  errors: number;
  overall: Quantiles;
  submit: Quantiles;
  accept: Quantiles;
  server: { submit: Quantiles; accept: Quantiles };
  /** pgbench simple-update. */
  pgbench: PgbenchResult;
  /** pgbench replaying the captured statements of one pair per transaction (the fair floor). */
  replay: PgbenchResult;
  /** The machine's 1-minute load average when the round started (2 cores: above 2 means contention). */
  load1: number;
  /** Share of the window the app's event loop was busy: near 1, the app is the bottleneck. */
  busy: number;
  /** CPU time the app's thread spent per pair, and its share of one core over the window. */
  cpuPerPairMs: number | null;
  cpuShare: number | null;
  /** CPU of PostgreSQL's backends serving the app, per pair. */
  dbCpuPerPairMs: number;
  /** CPU of the load generator (autocannon, this process's main thread) per pair. */
  clientCpuPerPairMs: number | null;
}

export function quantiles(samples: number[]): Quantiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p99: at(0.99) };
}

export interface Series {
  method: string;
  route: string;
  status: string;
  count: number;
  /** cumulative counts by upper bound in seconds */
  buckets: Map<number, number>;
}

/** http_request_duration_seconds from the app's /metrics, one entry per (method, route, status). */
export function parseHistogram(text: string): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const line of text.split('\n')) {
    const m = /^http_request_duration_seconds_(bucket|count)\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    const key = `${labels.method} ${labels.route} ${labels.status_code}`;
    let s = out.get(key);
    if (!s) {
      s = {
        method: labels.method!,
        route: labels.route!,
        status: labels.status_code!,
        count: 0,
        buckets: new Map(),
      };
      out.set(key, s);
    }
    if (m[1] === 'count') s.count = Number(m[3]);
    else s.buckets.set(labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le), Number(m[3]));
  }
  return out;
}

/** p50/p99 in ms of one route between two scrapes, interpolated within the histogram's buckets. */
export function routeQuantiles(
  before: Map<string, Series>,
  after: Map<string, Series>,
  method: string,
  route: string,
) {
  const cum = new Map<number, number>();
  for (const [key, s] of after) {
    if (s.method !== method || s.route !== route) continue;
    for (const [le, n] of s.buckets)
      cum.set(le, (cum.get(le) ?? 0) + n - (before.get(key)?.buckets.get(le) ?? 0));
  }
  const bounds = [...cum.keys()].sort((a, b) => a - b);
  const total = cum.get(Number.POSITIVE_INFINITY) ?? 0;
  const at = (p: number) => {
    const want = p * total;
    let lower = 0;
    let below = 0;
    for (const le of bounds) {
      const n = cum.get(le)!;
      if (n >= want) {
        if (!Number.isFinite(le)) return Number.POSITIVE_INFINITY;
        return (lower + ((want - below) / Math.max(1, n - below)) * (le - lower)) * 1000;
      }
      lower = le;
      below = n;
    }
    return Number.NaN;
  };
  return { n: total, p50: at(0.5), p99: at(0.99) };
}

export const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : String(n));

export const ms = (n: number | null) => (n === null ? '–' : `${n.toFixed(2)} ms`);

export function printRound(r: number, x: RoundResult): void {
  console.log(`\nround ${r} (load average ${x.load1.toFixed(2)} at its start)`);
  console.log(
    `  app      event loop busy ${(x.busy * 100).toFixed(0)}% of the window` +
      (x.cpuPerPairMs === null
        ? ''
        : `; its thread had ${(x.cpuShare! * 100).toFixed(0)}% of a core, ${x.cpuPerPairMs.toFixed(2)} ms CPU per pair`),
  );
  console.log(
    `  ours     ${f1(x.pairsPerSec)} pairs/s, ${f1(x.reqPerSec)} req/s (${x.submits} submits, ${x.pairs} accepts)`,
  );
  console.log(`  pgbench  ${f1(x.pgbench.tps)} TPS (latency average ${f1(x.pgbench.latencyMs)} ms)`);
  console.log(
    `  replay   ${f1(x.replay.tps)} TPS, one captured pair per transaction (latency average ` +
      `${f1(x.replay.latencyMs)} ms; PostgreSQL ${ms(x.replay.dbCpuPerTxnMs)} CPU per transaction)`,
  );
  console.log(
    `  CPU      per pair: app ${ms(x.cpuPerPairMs)}, PostgreSQL ${ms(x.dbCpuPerPairMs)}, autocannon ` +
      `${ms(x.clientCpuPerPairMs)}; per pgbench ` +
      `transaction: PostgreSQL ${ms(x.pgbench.dbCpuPerTxnMs)}, pgbench ${ms(x.pgbench.clientCpuPerTxnMs)}`,
  );
  console.log(
    `  ratio    pairs/s ÷ replay TPS ${(x.pairsPerSec / x.replay.tps).toFixed(3)}; pairs/s ÷ simple-update ` +
      `TPS ${(x.pairsPerSec / x.pgbench.tps).toFixed(3)}, req/s ÷ simple-update TPS ${(x.reqPerSec / x.pgbench.tps).toFixed(3)}`,
  );
  console.log('  latency ms            p50      p99   server p50  server p99 (histogram estimate)');
  const row = (name: string, c: { p50: number; p99: number }, s?: { p50: number; p99: number }) =>
    console.log(
      `  ${name.padEnd(18)} ${f1(c.p50).padStart(7)}  ${f1(c.p99).padStart(7)}` +
        (s ? `   ${f1(s.p50).padStart(9)}  ${f1(s.p99).padStart(10)}` : ''),
    );
  row('submit', x.submit, x.server.submit);
  row('accept', x.accept, x.server.accept);
  row('both', x.overall);
  const pq = (q: { p50: number; p99: number }) => `${f1(q.p50)} / ${f1(q.p99)}`;
  console.log(
    `  | ${f1(x.pairsPerSec)} | ${f1(x.reqPerSec)} | ${pq(x.submit)} | ${pq(x.accept)} | ${f1(x.pgbench.tps)} | ` +
      `${(x.pairsPerSec / x.pgbench.tps).toFixed(3)} | ${(x.reqPerSec / x.pgbench.tps).toFixed(3)} | ` +
      `${x.load1.toFixed(1)} | ${(x.busy * 100).toFixed(0)}% | ${x.cpuPerPairMs?.toFixed(2) ?? '–'} | ` +
      `${x.dbCpuPerPairMs.toFixed(2)} | ${x.pgbench.dbCpuPerTxnMs?.toFixed(2) ?? '–'} |`,
  );
}

/** The figures of the run; the bench ends by printing them as one JSON line. */
export interface Summary {
  pairsPerSecond: number;
  replayTps: number;
  simpleUpdateTps: number;
  p99Ms: number;
  appCpuMsPerPair: number | null;
  dbCpuMsPerPair: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function summarise(rounds: RoundResult[]): Summary {
  const replayRatio = median(rounds.map((r) => r.pairsPerSec / r.replay.tps));
  const pairsRatio = median(rounds.map((r) => r.pairsPerSec / r.pgbench.tps));
  const reqRatio = median(rounds.map((r) => r.reqPerSec / r.pgbench.tps));
  const p99 = Math.max(...rounds.flatMap((r) => [r.submit.p99, r.accept.p99]));
  console.log(`\nratio${rounds.length > 1 ? ` (median of ${rounds.length} rounds)` : ''}`);
  console.log(`  pairs/s ÷ replay TPS         ${replayRatio.toFixed(3)}`);
  console.log(`  pairs/s ÷ simple-update TPS  ${pairsRatio.toFixed(3)}`);
  console.log(`  req/s ÷ simple-update TPS    ${reqRatio.toFixed(3)}`);
  // What the machine's CPU allows whatever else runs on it: a pgbench transaction's CPU (server and
  // client) over a pair's (app, PostgreSQL and load generator).
  const total = (x: PgbenchResult) =>
    x.dbCpuPerTxnMs === null || x.clientCpuPerTxnMs === null ? null : x.dbCpuPerTxnMs + x.clientCpuPerTxnMs;
  const costs = rounds.flatMap((r) => {
    const [txn, floor] = [total(r.pgbench), total(r.replay)];
    return r.cpuPerPairMs === null || r.clientCpuPerPairMs === null || txn === null || floor === null
      ? []
      : [{ pair: r.cpuPerPairMs + r.dbCpuPerPairMs + r.clientCpuPerPairMs, txn, floor }];
  });
  if (costs.length) {
    const pair = median(costs.map((c) => c.pair));
    const txn = median(costs.map((c) => c.txn));
    const floor = median(costs.map((c) => c.floor));
    console.log(
      `  CPU per pair ${pair.toFixed(2)} ms, per replayed pair ${floor.toFixed(2)} ms, per simple-update ` +
        `transaction ${txn.toFixed(2)} ms: at equal CPU pairs/s ÷ replay TPS could reach ` +
        `${(floor / pair).toFixed(3)}, pairs/s ÷ simple-update TPS ${(txn / pair).toFixed(3)}`,
    );
  }
  console.log('targets');
  console.log(`  ${replayRatio >= 0.5 ? 'met    ' : 'NOT MET'} pairs/s ≥ 0.5 × the replay's TPS`);
  console.log(
    `  ${p99 < 100 ? 'met    ' : 'NOT MET'} p99 < 100 ms for submit and accept (worst: ${f1(p99)} ms)`,
  );
  const appCpu = rounds.flatMap((r) => (r.cpuPerPairMs === null ? [] : [r.cpuPerPairMs]));
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    pairsPerSecond: round2(median(rounds.map((r) => r.pairsPerSec))),
    replayTps: round2(median(rounds.map((r) => r.replay.tps))),
    simpleUpdateTps: round2(median(rounds.map((r) => r.pgbench.tps))),
    p99Ms: round2(p99),
    appCpuMsPerPair: appCpu.length ? round2(median(appCpu)) : null,
    dbCpuMsPerPair: round2(median(rounds.map((r) => r.dbCpuPerPairMs))),
  };
}

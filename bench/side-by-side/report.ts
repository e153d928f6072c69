/** summary.md of the side-by-side benchmark: the table (direct | SlimFaas node port / entrypoint | nginx) and the target check list. */
export interface SyncRow { route: string; payloadBytes: number; concurrency: number; p50Ms: number; p95Ms: number; p99Ms: number; rps: number }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Results = any;

const ms = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : `${v < 1 ? v.toFixed(3) : v.toFixed(1)} ms`);
const k = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k/s` : `${v.toFixed(0)}/s`);

export function summary(r: Results): string {
  const row = (route: string, bytes: number, c: number): SyncRow | undefined => r.sync.find((s: SyncRow) => s.route === route && s.payloadBytes === bytes && s.concurrency === c);
  const lines = ['| figure | direct | SlimFaas node port / entrypoint | nginx |', '|---|---|---|---|'];
  for (const bytes of [64, 4096, 262144, 2097152]) {
    const label = bytes >= 1048576 ? `${bytes / 1048576} MiB` : bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`;
    for (const c of [1, 16]) {
      const d = row('direct', bytes, c), s = row('slimfaas', bytes, c), e = row('entrypoint', bytes, c), n = row('nginx', bytes, c);
      if (!d || !s || !e || !n) continue;
      const add = (x: SyncRow) => `+${(x.p50Ms - d.p50Ms).toFixed(3)}`;
      lines.push(`| ${label}, c${c}, p50 (p99) | ${ms(d.p50Ms)} (${ms(d.p99Ms)}) | ${ms(s.p50Ms)} / ${ms(e.p50Ms)} (${add(s)} / ${add(e)}; p99 ${ms(s.p99Ms)} / ${ms(e.p99Ms)}) | ${ms(n.p50Ms)} (${add(n)}; p99 ${ms(n.p99Ms)}) |`);
      const pct = (x: SyncRow) => `${((x.rps / d.rps) * 100).toFixed(0)}%`;
      lines.push(`| ${label}, c${c}, throughput | ${k(d.rps)} | ${k(s.rps)} / ${k(e.rps)} (${pct(s)} / ${pct(e)}) | ${k(n.rps)} (${pct(n)}) |`);
    }
  }
  const nc = r.newConnection;
  lines.push(`| 200 new connections, first request p50 / p99 | ${ms(nc.direct?.p50Ms)} / ${ms(nc.direct?.p99Ms)} | ${ms(nc.slimfaas?.p50Ms)} / ${ms(nc.slimfaas?.p99Ms)} (node), ${ms(nc.entrypoint?.p50Ms)} / ${ms(nc.entrypoint?.p99Ms)} (entrypoint) | ${ms(nc.nginx?.p50Ms)} / ${ms(nc.nginx?.p99Ms)} |`);
  const f = r.footprint;
  lines.push(`| CPU s per 10k requests, 64 B c16 | ${f.directCpuSecondsPer10k.toFixed(2)} (target) | ${f.cpuSecondsPer10k.toFixed(2)} / ${f.entrypointCpuSecondsPer10k.toFixed(2)} | ${f.nginxCpuSecondsPer10k.toFixed(2)} |`);
  const a = r.async;
  lines.push(`| async burst, ${a.burst.messages} msgs at c${a.burst.concurrency} | | ${a.burstMsgsPerSec.toFixed(0)} msg/s delivered (${a.burst.acceptMsgsPerSec.toFixed(0)} msg/s accepted), ${a.lost} lost, ${a.duplicates} dup | |`);
  lines.push(`| async 202 p95 / arrival p95, paced c1 | | ${ms(a.acceptP95Ms)} / ${ms(a.arrivalP95Ms)} | |`);
  const sc = r.scaling;
  if (sc) lines.push(`| scaling from zero, ${sc.messages} msgs: desired≥1 / 1 ready / desired 4 / 4 ready / drained | | ${[sc.firstDesiredMs, sc.firstReadyMs, sc.fourDesiredMs, sc.fourReadyMs, sc.drainedMs].map(ms).join(' / ')} | |`);
  lines.push(`| idle RSS / peak | | ${f.idleRssMb.toFixed(0)} MiB / ${f.peakRssMb.toFixed(0)} MiB | ${f.nginxRssMb?.toFixed(0) ?? 'n/a'} MiB |`);
  return [`# Side-by-side benchmark, ${r.startedAt}`, '', `SlimFaas build: ${r.repo}; ${r.quick ? 'quick' : 'full'} run, ${r.rounds} round(s) of ${r.seconds} s per cell, routes alternated.`, '', ...lines, '', '## Targets (issue §3)', '', ...targets(r).map((t) => `- [${t.met ? 'x' : ' '}] ${t.met ? 'met' : 'not met'}: ${t.text}`), ''].join('\n');
}

const MIB_IN_MB = 1.048576;

export function targets(r: Results): { met: boolean; text: string }[] {
  const row = (route: string, bytes: number, c: number): SyncRow => r.sync.find((s: SyncRow) => s.route === route && s.payloadBytes === bytes && s.concurrency === c);
  const d1 = row('direct', 64, 1), n1 = row('nginx', 64, 1), s1 = row('slimfaas', 64, 1), e1 = row('entrypoint', 64, 1);
  const addN = n1.p50Ms - d1.p50Ms, addS = s1.p50Ms - d1.p50Ms, addE = e1.p50Ms - d1.p50Ms;
  const d16 = row('direct', 64, 16), s16 = row('slimfaas', 64, 16), e16 = row('entrypoint', 64, 16);
  const dM = row('direct', 2097152, 16), sM = row('slimfaas', 2097152, 16), eM = row('entrypoint', 2097152, 16);
  const f = r.footprint, a = r.async, nc = r.newConnection;
  const out = [
    { met: addS <= 0.25 && addE <= 0.25 && addS <= 2 * Math.max(addN, 0) && addE <= 2 * Math.max(addN, 0), text: `added p50 64 B c1 ≤ 0.25 ms and ≤ 2× nginx's: node +${addS.toFixed(3)}, entrypoint +${addE.toFixed(3)}, nginx +${addN.toFixed(3)} ms` },
    { met: s16.rps >= 0.6 * d16.rps && e16.rps >= 0.6 * d16.rps, text: `64 B c16 throughput ≥ 60% of direct: node ${((s16.rps / d16.rps) * 100).toFixed(0)}%, entrypoint ${((e16.rps / d16.rps) * 100).toFixed(0)}%` },
    { met: sM.p50Ms - dM.p50Ms <= 10 && eM.p50Ms - dM.p50Ms <= 10, text: `added p50 2 MiB c16 ≤ 10 ms: node +${(sM.p50Ms - dM.p50Ms).toFixed(1)}, entrypoint +${(eM.p50Ms - dM.p50Ms).toFixed(1)} ms` },
    { met: f.cpuSecondsPer10k <= 3 * f.nginxCpuSecondsPer10k && f.entrypointCpuSecondsPer10k <= 3 * f.nginxCpuSecondsPer10k, text: `CPU per request ≤ 3× nginx's: node ${f.cpuSecondsPer10k.toFixed(2)}, entrypoint ${f.entrypointCpuSecondsPer10k.toFixed(2)}, nginx ${f.nginxCpuSecondsPer10k.toFixed(2)} s/10k` },
    { met: a.acceptP95Ms <= 5, text: `async 202 p95 ≤ 5 ms: ${ms(a.acceptP95Ms)}` },
    { met: a.arrivalP95Ms <= 20, text: `async arrival p95 ≤ 20 ms: ${ms(a.arrivalP95Ms)}` },
    { met: a.burstMsgsPerSec >= 3000 && a.lost === 0 && a.duplicates === 0, text: `burst ≥ 3,000 msg/s, 0 lost, 0 dup: ${a.burstMsgsPerSec.toFixed(0)} msg/s delivered, ${a.lost} lost, ${a.duplicates} dup (durability under kill -9 is checked by the test suite, not here)` },
    { met: (nc.entrypoint?.p99Ms ?? Infinity) <= 50, text: `new connection through the entrypoint p99 ≤ 50 ms under 200 at once: ${ms(nc.entrypoint?.p99Ms)}` },
    // The figures are MiB (from /proc, KiB ÷ 1024); the targets are MB.
    { met: f.idleRssMb * MIB_IN_MB <= 80 && f.peakRssMb * MIB_IN_MB <= 250, text: `idle RSS ≤ 80 MB, peak ≤ 250 MB: ${(f.idleRssMb * MIB_IN_MB).toFixed(1)} / ${(f.peakRssMb * MIB_IN_MB).toFixed(0)} MB (${f.idleRssMb.toFixed(1)} / ${f.peakRssMb.toFixed(0)} MiB)` },
  ];
  return out;
}

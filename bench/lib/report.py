"""Turns the raw results of a bench run into bench/results/<date>.md and .json.

Every scenario ran several interleaved pairs (service, pgbench, service, pgbench …): each figure is
reported as the median of the runs with its spread (min–max), and the ratio service ÷ pgbench is taken
per pair, then its median. CPU per request comes from /proc (utime + stime) of the service and of
every PostgreSQL process over each measured window, divided by the requests completed in it."""
import argparse
import json
import os
import statistics

SCENARIOS = {
    "s1_status": ("S1", "GET /orders/{id}/status", "read", 0.50),
    "s2_order": ("S2", "GET /orders/{id}", "read", 0.50),
    "s3_list": ("S3", "GET /orders?status=…&limit=50", "read", 0.40),
    "s4_create": ("S4", "POST /orders (3 items)", "write", 0.75),
    "s5_transition": ("S5", "POST /orders/{id}/paid", "write", 0.75),
    "s6_not_modified": ("S6", "GET /orders/{id}/status → 304", "read", 0.50),
    "s1_standby": ("S1-standby", "GET /orders/{id}/status, reads on a hot standby", "read", 0.50),
}
P99_LIMIT_MS = {"read": 10.0, "write": 25.0}
S1_SERVICE_CPU_US = 40.0
S7_TARGET_PER_S = 1500
S7_P50_MS, S7_P99_MS = 50.0, 200.0


def read_results(path):
    """(label, scenario, conns) → {run: figures}."""
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path, encoding="utf-8"):
        label, scenario, conns, run, payload = line.rstrip("\n").split(" ", 4)
        try:
            figures = json.loads(payload) if payload.strip() else {}
        except json.JSONDecodeError:
            figures = {"error": payload}
        rows.setdefault((label, scenario, int(conns)), {})[int(run)] = figures
    return rows


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def per_request_us(cpu_s, count):
    return cpu_s / count * 1e6 if cpu_s is not None and count else None


def main():
    parser = argparse.ArgumentParser()
    for name in ("raw", "out", "commit"):
        parser.add_argument("--" + name, required=True)
    for name in ("orders", "small-orders", "merchants", "duration", "runs", "peak-rss-kib", "elapsed"):
        parser.add_argument("--" + name, type=int, required=True)
    args = parser.parse_args()

    service = read_results(os.path.join(args.raw, "service.results"))
    pgbench = read_results(os.path.join(args.raw, "pgbench.results"))

    rows = []
    for key, runs in sorted(service.items(), key=lambda kv: (kv[0][0] != "full", kv[0][2], list(SCENARIOS).index(kv[0][1]))):
        label, scenario, conns = key
        bench_runs = pgbench.get(key, {})
        code, title, kind, target = SCENARIOS[scenario]
        s_runs = [runs[r] for r in sorted(runs)]
        ratios, bench_tps, bench_pg_us = [], [], []
        for r in sorted(runs):
            p = bench_runs.get(r, {})
            if p.get("tps"):
                bench_tps.append(p["tps"])
                bench_pg_us.append(per_request_us(p.get("postgres_cpu_s"), p.get("transactions")))
                if runs[r].get("rps"):
                    ratios.append(runs[r]["rps"] / p["tps"])
        errors = sum((s.get("errors_status") or 0) + (s.get("errors_socket") or 0) for s in s_runs)
        service_us = spread([per_request_us(s.get("service_cpu_s"), s.get("requests")) for s in s_runs])
        pg_us = spread([per_request_us(s.get("postgres_cpu_s"), s.get("requests")) for s in s_runs])
        row = {
            "data": label, "scenario": code, "route": title, "kind": kind, "connections": conns,
            "service_rps": spread([s.get("rps") for s in s_runs]),
            "p50_ms": spread([s.get("p50_ms") for s in s_runs]),
            "p99_ms": spread([s.get("p99_ms") for s in s_runs]),
            "errors": errors,
            "pgbench_tps": spread(bench_tps),
            "ratio": spread(ratios), "ratio_target": target,
            "service_cpu_us_per_request": service_us,
            "postgres_cpu_us_per_request": pg_us,
            "pgbench_postgres_cpu_us_per_tx": spread(bench_pg_us),
            "service_to_postgres_cpu": (service_us["median"] / pg_us["median"]) if service_us and pg_us and pg_us["median"] else None,
        }
        checks = []
        if label == "full":
            checks.append(row["ratio"] is not None and row["ratio"]["median"] >= target)
            if conns == 16:
                checks.append(row["p99_ms"] is not None and row["p99_ms"]["median"] <= P99_LIMIT_MS[kind])
                if code == "S1":
                    checks.append(service_us is not None and service_us["median"] <= S1_SERVICE_CPU_US)
            checks.append(errors == 0)
        row["meets_targets"] = all(checks) if checks else None
        rows.append(row)

    growth = []
    for scenario, (code, _, _, _) in SCENARIOS.items():
        small = spread([r.get("p50_ms") for r in service.get(("small", scenario, 16), {}).values()])
        full = spread([r.get("p50_ms") for r in service.get(("full", scenario, 16), {}).values()])
        if small and full:
            change = full["median"] / small["median"] - 1
            growth.append({"scenario": code, "p50_ms_small": small["median"], "p50_ms_full": full["median"],
                           "change": change, "within_20_percent": change <= 0.20})

    s7 = None
    s7_path = os.path.join(args.raw, "s7.json")
    if os.path.exists(s7_path):
        s7 = json.load(open(s7_path, encoding="utf-8"))
        s7["deliveries_per_second"] = s7["delivered"] / s7["seconds"] if s7.get("seconds") else None
        light = s7.get("light_load_latency") or {}
        s7["meets_targets"] = bool(
            s7["deliveries_per_second"] and s7["deliveries_per_second"] >= S7_TARGET_PER_S
            and light.get("p50_ms") is not None and light["p50_ms"] <= S7_P50_MS
            and light.get("p99_ms") is not None and light["p99_ms"] <= S7_P99_MS)

    rss_mib = args.peak_rss_kib / 1024
    result = {
        "commit": args.commit, "orders": args.orders, "small_orders": args.small_orders,
        "merchants": args.merchants, "duration_s": args.duration, "runs": args.runs, "elapsed_s": args.elapsed,
        "peak_rss_mib": round(rss_mib, 1), "peak_rss_within_400_mib": rss_mib <= 400,
        "scenarios": rows, "latency_growth": growth, "s7_webhook_dispatch": s7,
    }
    with open(args.out + ".json", "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)

    def fmt(value, pattern="{:.1f}"):
        return "–" if value is None else pattern.format(value)

    def med(s, pattern="{:,.0f}", with_spread=True):
        if s is None:
            return "–"
        text = pattern.format(s["median"])
        return f"{text} ({pattern.format(s['min'])}–{pattern.format(s['max'])})" if with_spread and s["runs"] > 1 else text

    lines = [
        f"# Benchmark results ({os.path.basename(args.out)}, commit {args.commit})",
        "",
        f"{args.orders:,} orders across {args.merchants} merchants (read latency compared at {args.small_orders:,}); at 16"
        f" connections each scenario ran {args.runs} interleaved pairs (service, pgbench, …) of {args.duration} s after"
        f" a warm-up of every scenario; figures are medians with the spread (min–max) of the runs in brackets."
        f" wrk and pgbench -M prepared (writes pipelined: one round trip per transaction) on the same 2-core"
        f" machine as the service and PostgreSQL (fsync and synchronous_commit on). Whole run: {args.elapsed} s.",
        "",
        "| data | scenario | conns | service req/s | p50 ms | p99 ms | errors | pgbench tps | service ÷ pgbench | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['data']} | {r['scenario']} {r['route']} | {r['connections']} | {med(r['service_rps'])} |"
            f" {med(r['p50_ms'], '{:.2f}', False)} | {med(r['p99_ms'], '{:.2f}')} | {r['errors']} |"
            f" {med(r['pgbench_tps'])} | {med(r['ratio'], '{:.0%}')} | ≥ {r['ratio_target']:.0%} |"
            f" {'' if r['meets_targets'] is None else ('yes' if r['meets_targets'] else 'NO')} |")
    lines += ["", "## CPU time per request (µs, medians with spread)", "",
              "The service's own CPU per request, PostgreSQL's CPU per request while the service ran, and PostgreSQL's"
              " CPU per transaction under pgbench running the same statements. On a shared machine these do not swing"
              f" with the neighbours as throughput does. Target: the service ≤ {S1_SERVICE_CPU_US:.0f} µs for S1.", "",
              "| data | scenario | conns | service CPU/req | PostgreSQL CPU/req (service) | PostgreSQL CPU/tx (pgbench) | service ÷ PostgreSQL |",
              "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['data']} | {r['scenario']} | {r['connections']} | {med(r['service_cpu_us_per_request'], '{:.0f}')} |"
            f" {med(r['postgres_cpu_us_per_request'], '{:.0f}')} | {med(r['pgbench_postgres_cpu_us_per_tx'], '{:.0f}')} |"
            f" {fmt(r['service_to_postgres_cpu'], '{:.1f}×')} |")
    if s7:
        alone = s7.get("receiver_alone") or {}
        light = s7.get("light_load_latency") or {}
        lines += ["", "## S7 webhook dispatch", "",
                  f"{s7['events']:,} events from 10 s of S4 at 16 connections, one subscription per merchant; "
                  f"{s7['delivered']:,} delivered to a local receiver in {s7['seconds']:.1f} s from the start of the load "
                  f"= **{fmt(s7['deliveries_per_second'], '{:,.0f}')} deliveries/s** (target ≥ {S7_TARGET_PER_S:,}).",
                  f"The receiver alone (wrk, 16 connections, 5 s): {fmt(alone.get('rps'), '{:,.0f}')} requests/s.",
                  f"Light load (200 creates, one every 50 ms): commit-to-receipt p50 {fmt(light.get('p50_ms'), '{:.1f}')} ms,"
                  f" p99 {fmt(light.get('p99_ms'), '{:.1f}')} ms over {light.get('count', 0)} deliveries"
                  f" (targets ≤ {S7_P50_MS:.0f} / ≤ {S7_P99_MS:.0f} ms). Targets met: {'yes' if s7['meets_targets'] else 'NO'}."]
    lines += ["", f"Peak RSS of the service (VmHWM, after the 64-connection runs): {rss_mib:.0f} MiB "
              f"({'within' if rss_mib <= 400 else 'OVER'} the 400 MiB target).", "",
              f"## Read latency, {args.small_orders:,} vs {args.orders:,} orders (16 connections, medians)", "",
              "| scenario | p50 small | p50 full | change | within 20 % |", "|---|---|---|---|---|"]
    for g in growth:
        lines.append(f"| {g['scenario']} | {g['p50_ms_small']:.2f} | {g['p50_ms_full']:.2f} |"
                     f" {g['change']:+.0%} | {'yes' if g['within_20_percent'] else 'NO'} |")
    with open(args.out + ".md", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

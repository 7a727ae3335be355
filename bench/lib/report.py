"""Turns the raw results of a bench run into bench/results/<date>.md and .json."""
import argparse
import json
import os

SCENARIOS = {
    "s1_status": ("S1", "GET /orders/{id}/status", "read", 0.50),
    "s2_order": ("S2", "GET /orders/{id}", "read", 0.50),
    "s3_list": ("S3", "GET /orders?status=…&limit=50", "read", 0.40),
    "s4_create": ("S4", "POST /orders (3 items)", "write", 0.75),
    "s5_transition": ("S5", "POST /orders/{id}/paid", "write", 0.75),
    "s6_not_modified": ("S6", "GET /orders/{id}/status → 304", "read", 0.50),
}
P99_LIMIT_MS = {"read": 10.0, "write": 25.0}


def read_results(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    for line in open(path, encoding="utf-8"):
        label, scenario, conns, payload = line.rstrip("\n").split(" ", 3)
        try:
            rows[(label, scenario, int(conns))] = json.loads(payload) if payload.strip() else {}
        except json.JSONDecodeError:
            rows[(label, scenario, int(conns))] = {"error": payload}
    return rows


def main():
    parser = argparse.ArgumentParser()
    for name in ("raw", "out", "commit"):
        parser.add_argument("--" + name, required=True)
    for name in ("orders", "small-orders", "merchants", "duration", "peak-rss-kib", "elapsed"):
        parser.add_argument("--" + name, type=int, required=True)
    args = parser.parse_args()

    service = read_results(os.path.join(args.raw, "service.results"))
    pgbench = read_results(os.path.join(args.raw, "pgbench.results"))

    rows = []
    for (label, scenario, conns), s in sorted(service.items(), key=lambda kv: (kv[0][0] != "full", kv[0][2], kv[0][1])):
        p = pgbench.get((label, scenario, conns), {})
        code, title, kind, target = SCENARIOS[scenario]
        ratio = (s.get("rps") / p["tps"]) if s.get("rps") and p.get("tps") else None
        errors = (s.get("errors_status") or 0) + (s.get("errors_socket") or 0)
        checks = []
        if label == "full":
            checks.append(ratio is not None and ratio >= target)
            if conns == 16:
                checks.append(s.get("p99_ms") is not None and s["p99_ms"] <= P99_LIMIT_MS[kind])
            checks.append(errors == 0)
        rows.append({
            "data": label, "scenario": code, "route": title, "kind": kind, "connections": conns,
            "service_rps": s.get("rps"), "p50_ms": s.get("p50_ms"), "p99_ms": s.get("p99_ms"),
            "errors": errors, "pgbench_tps": p.get("tps"), "ratio": ratio, "ratio_target": target,
            "meets_targets": all(checks) if checks else None,
        })

    growth = []
    for scenario, (code, title, kind, _) in SCENARIOS.items():
        small = service.get(("small", scenario, 16))
        full = service.get(("full", scenario, 16))
        if small and full and small.get("p50_ms") and full.get("p50_ms"):
            change = full["p50_ms"] / small["p50_ms"] - 1
            growth.append({"scenario": code, "p50_ms_small": small["p50_ms"], "p50_ms_full": full["p50_ms"],
                           "p99_ms_small": small["p99_ms"], "p99_ms_full": full["p99_ms"],
                           "change": change, "within_20_percent": change <= 0.20})

    s7 = None
    s7_path = os.path.join(args.raw, "s7.json")
    if os.path.exists(s7_path):
        s7 = json.load(open(s7_path, encoding="utf-8"))
        s7["deliveries_per_second"] = s7["delivered"] / s7["seconds"] if s7.get("seconds") else None

    rss_mib = args.peak_rss_kib / 1024
    result = {
        "commit": args.commit, "orders": args.orders, "small_orders": args.small_orders,
        "merchants": args.merchants, "duration_s": args.duration, "elapsed_s": args.elapsed,
        "peak_rss_mib": round(rss_mib, 1), "peak_rss_within_400_mib": rss_mib <= 400,
        "scenarios": rows, "latency_growth": growth, "s7_webhook_dispatch": s7,
    }
    with open(args.out + ".json", "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)

    def fmt(value, pattern="{:.1f}"):
        return "–" if value is None else pattern.format(value)

    lines = [
        f"# Benchmark results ({os.path.basename(args.out)}, commit {args.commit})",
        "",
        f"{args.orders:,} orders across {args.merchants} merchants (read growth compared at {args.small_orders:,});"
        f" {args.duration} s per run after a warm-up; wrk and pgbench -M prepared on the same 2-core machine"
        f" as the service and PostgreSQL (fsync and synchronous_commit on). Whole run: {args.elapsed} s.",
        "",
        "| data | scenario | conns | service req/s | p50 ms | p99 ms | errors | pgbench tps | service ÷ pgbench | target | met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['data']} | {r['scenario']} {r['route']} | {r['connections']} | {fmt(r['service_rps'], '{:,.0f}')} |"
            f" {fmt(r['p50_ms'], '{:.2f}')} | {fmt(r['p99_ms'], '{:.2f}')} | {r['errors']} |"
            f" {fmt(r['pgbench_tps'], '{:,.0f}')} | {fmt(r['ratio'], '{:.0%}')} | ≥ {r['ratio_target']:.0%} |"
            f" {'' if r['meets_targets'] is None else ('yes' if r['meets_targets'] else 'NO')} |")
    if s7:
        lines += ["", f"S7 webhook dispatch: {s7['events']:,} events from 10 s of S4 at 16 connections, one subscription per merchant; "
                      f"{s7['delivered']:,} delivered to a local receiver in {s7['seconds']:.1f} s from the start of the load "
                      f"= {s7['deliveries_per_second']:,.0f} deliveries/s."]
    lines += ["", f"Peak RSS of the service (VmHWM, after the 64-connection runs): {rss_mib:.0f} MiB "
              f"({'within' if rss_mib <= 400 else 'OVER'} the 400 MiB target).", "",
              f"## Read latency, {args.small_orders:,} vs {args.orders:,} orders (16 connections)", "",
              "| scenario | p50 small | p50 full | p99 small | p99 full | p50 change | within 20 % |", "|---|---|---|---|---|---|---|"]
    for g in growth:
        lines.append(f"| {g['scenario']} | {g['p50_ms_small']:.2f} | {g['p50_ms_full']:.2f} | {g['p99_ms_small']:.2f} |"
                     f" {g['p99_ms_full']:.2f} | {g['change']:+.0%} | {'yes' if g['within_20_percent'] else 'NO'} |")
    with open(args.out + ".md", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

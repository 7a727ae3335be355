"""Reads one pgbench output file and prints its figures as one JSON object."""
import json
import re
import sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()


def number(pattern):
    match = re.search(pattern, text)
    return float(match.group(1)) if match else None


print(json.dumps({
    "tps": number(r"tps = ([0-9.]+) \(without initial connection time\)"),
    "latency_avg_ms": number(r"latency average = ([0-9.]+) ms"),
    "transactions": number(r"number of transactions actually processed: ([0-9]+)"),
    "failed": number(r"number of failed transactions: ([0-9]+)") or 0,
    "error": None if "tps =" in text else text.strip().splitlines()[-1] if text.strip() else "no output",
}))

#!/usr/bin/python3
"""Prints the results file of a harness run (bench/results.py rows) as the
Markdown table of bench/README.md: workload, size, borderflow and peer
medians, the ratio beside its DESIGN.md target, peak memory, agreement.

    bench/report.py RESULTS.jsonl
"""
import json
import sys


def fmt_s(x):
    if x is None:
        return "-"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_mb(x):
    return "-" if x is None else f"{x:,.0f}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    if not rows:
        sys.exit(f"{sys.argv[1]}: no results")
    cores = {r["cores"] for r in rows}
    print(f"Machine: {', '.join(map(str, sorted(cores)))} cores; runs {rows[0]['when']} to {rows[-1]['when']}.\n")
    print("| workload | size | peer | borderflow s | peer s | peer / borderflow | target | met | "
          "borderflow MB | peer MB | agree | runs | note |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = r["peer_s"] / r["bf_s"] if r["peer_s"] and r["bf_s"] else None
        target = r.get("target")
        met = "-" if target is None or ratio is None else ("yes" if ratio >= target else "**no**")
        print(f"| {r['workload']} | {r['size']} | {r['peer']} | {fmt_s(r['bf_s'])} | {fmt_s(r['peer_s'])} | "
              f"{'-' if ratio is None else f'{ratio:.2f}'} | {'-' if target is None else f'>= {target:g}'} | {met} | "
              f"{fmt_mb(r['bf_mb'])} | {fmt_mb(r['peer_mb'])} | {r['agree']} | {r['repeat']} | {r['note']} |")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Exact weighted betweenness: borderflow beside graph-tool and igraph, in one run.

Road-like graphs (a perturbed grid of streets running both ways, random lengths,
15 % of streets missing; seeded) of the sizes asked for are written as edge
lists; borderflow's bench/betweenness_bench, graph-tool (OpenMP, --threads) and
the igraph C library (bench/peers/igraph_betweenness.c, compiled here; one
thread, igraph has no parallel betweenness) each compute unnormalised directed
betweenness weighted by length. Before any time is printed, each peer's values
are checked against borderflow's on 50 evenly spaced nodes (relative 1e-9).

--sources K sweeps only the K evenly spaced sources i * n / K in all three
(graph-tool's `pivots`, igraph_betweenness_subset): the same work as 1/(n/K)
of the exact run, so the 100k-node graph can be compared in minutes instead of
the hour and a half the three exact runs take. Per-source cost is what every
tool's exact run multiplies by n.

    bench/betweenness_compare.py --exe build/bench/betweenness_bench --sizes 2500 10000
    bench/betweenness_compare.py --exe build/bench/betweenness_bench --sizes 100000 --sources 2000

Needs Debian's python3-graph-tool and libigraph-dev (apt-get install them).
"""
import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402


def road_graph(n_target, seed):
    side = int(math.sqrt(n_target))
    rng = random.Random(seed)
    edges = []
    node = lambda r, c: r * side + c
    for r in range(side):
        for c in range(side):
            for dr, dc in ((0, 1), (1, 0)):
                rr, cc = r + dr, c + dc
                if rr >= side or cc >= side or rng.random() < 0.15:
                    continue
                length = round(rng.uniform(100.0, 5000.0), 3)
                edges.append((node(r, c), node(rr, cc), length))
                edges.append((node(rr, cc), node(r, c), round(length * rng.uniform(0.9, 1.1), 3)))
    return side * side, edges


def write_edges(path, edges):
    with open(path, "w") as f:
        f.write("from,to,length\n")
        for a, b, l in edges:
            f.write(f"{a},{b},{l}\n")


def run_program(cmd):
    """Runs a benchmark program under /usr/bin/time: (seconds it reports, sampled values, peak KB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout)
    peak_kb = int(out.stderr.strip().splitlines()[-1])
    return result["seconds"], dict((v, b) for v, b in result["node_betweenness_sample"]), peak_kb, result


def build_igraph_peer(workdir):
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers", "igraph_betweenness.c")
    exe = os.path.join(workdir, "igraph_betweenness")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "igraph"], check=True, capture_output=True,
                           text=True).stdout.split()
    subprocess.run(["cc", "-O2", src, "-o", exe] + flags, check=True)
    return exe


def agree(ours, theirs):
    worst = 0.0
    for v, b in ours.items():
        worst = max(worst, abs(theirs[v] - b) / max(1.0, abs(b)))
    return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exe", required=True, help="path of bench/betweenness_bench")
    ap.add_argument("--sizes", type=int, nargs="+", default=[2500, 10000])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sources", type=int, default=0,
                    help="sweep only K evenly spaced sources in every tool (0: all, exact betweenness)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool; the median is printed")
    ap.add_argument("--results", default="", help="append rows to this results file (bench/results.py)")
    ap.add_argument("--workdir", default=os.path.expanduser("~/.cache/borderflow/bench"))
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    import statistics
    import graph_tool.all as gt
    import numpy as np

    ig_exe = build_igraph_peer(args.workdir)
    gt.openmp_set_num_threads(args.threads)
    print(f"machine: {os.cpu_count()} cores; threads for borderflow and graph-tool: {args.threads}; igraph: 1; "
          f"graph-tool {gt.__version__}; sources: {args.sources or 'all'}; median of {args.repeat}")
    print(f"{'nodes':>7} {'edges':>7} {'sources':>7} {'borderflow s':>12} {'graph-tool s':>12} {'igraph s':>9} "
          f"{'gt/bf':>6} {'ig/bf':>6} {'bf MB':>6} {'ig MB':>6} {'agree (max rel diff)'}")
    for size in args.sizes:
        n, edges = road_graph(size, seed=size)
        path = os.path.join(args.workdir, f"road_{size}.csv")
        write_edges(path, edges)
        k = args.sources if 0 < args.sources < n else n
        pivots = np.array([i * n // k for i in range(k)], dtype=np.int64)
        src_args = ["--sources", str(k)] if k < n else []
        runs = [run_program([args.exe, path, "--threads", str(args.threads), "--sample", "50"] + src_args)
                for _ in range(args.repeat)]
        bf_s = statistics.median(r[0] for r in runs)
        ours, bf_kb = runs[0][1], max(r[2] for r in runs)
        print(f"  {size}: borderflow {bf_s:.3f} s", file=sys.stderr, flush=True)

        g = gt.Graph(directed=True)
        g.add_vertex(n)
        w = g.new_edge_property("double")
        for a, b, l in edges:
            e = g.add_edge(a, b)
            w[e] = l
        gt_times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            vb, _ = gt.betweenness(g, pivots=pivots if k < n else None, weight=w, norm=False)
            gt_times.append(time.perf_counter() - t)
        gt_s = statistics.median(gt_times)
        gt_vals = {v: float(vb[v]) for v in ours}
        print(f"  {size}: graph-tool {gt_s:.3f} s, max rel diff {agree(ours, gt_vals):.1e}", file=sys.stderr, flush=True)

        ig_runs = [run_program([ig_exe, path, "--sample", "50"] + src_args) for _ in range(args.repeat)]
        ig_s = statistics.median(r[0] for r in ig_runs)
        ig_vals, ig_kb = ig_runs[0][1], max(r[2] for r in ig_runs)

        d_gt, d_ig = agree(ours, gt_vals), agree(ours, ig_vals)
        ok = "yes" if max(d_gt, d_ig) <= 1e-9 else "NO"
        print(f"{n:>7} {len(edges):>7} {k:>7} {bf_s:>12.3f} {gt_s:>12.3f} {ig_s:>9.3f} {gt_s / bf_s:>6.2f} "
              f"{ig_s / bf_s:>6.2f} {bf_kb / 1024:>6.0f} {ig_kb / 1024:>6.0f} {ok} "
              f"(graph-tool {d_gt:.1e}, igraph {d_ig:.1e}; igraph {ig_runs[0][3]['version']})")
        size_txt = f"{n:,} nodes, {len(edges):,} edges" + (f", {k:,} sources" if k < n else "")
        what = "exact" if k == n else f"same {k:,} evenly spaced sources in every tool"
        results.record(args.results, "betweenness", size_txt, f"graph-tool {gt.__version__.split()[0]} ({args.threads} threads)",
                       bf_s, gt_s, bf_kb / 1024, None, f"{'yes' if d_gt <= 1e-9 else 'NO'}, 50 nodes to {d_gt:.0e}",
                       args.repeat, args.threads, f"{what}; graph-tool runs in this script (its memory not separable)",
                       at_target_size=n >= 99856)
        results.record(args.results, "betweenness", size_txt, f"igraph {ig_runs[0][3]['version']} C (1 thread)", bf_s,
                       ig_s, bf_kb / 1024, ig_kb / 1024, f"{'yes' if d_ig <= 1e-9 else 'NO'}, 50 nodes to {d_ig:.0e}",
                       args.repeat, args.threads, what, at_target_size=n >= 99856)
        sys.stdout.flush()
    print(f"peak RSS of this script (graph-tool): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

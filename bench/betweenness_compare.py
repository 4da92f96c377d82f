#!/usr/bin/python3
"""Exact weighted betweenness: borderflow beside graph-tool and igraph, in one run.

Road-like graphs (a perturbed grid of streets running both ways, random lengths,
15 % of streets missing; seeded) of the sizes asked for are written as edge
lists; borderflow's bench/betweenness_bench, graph-tool (OpenMP, --threads) and
python-igraph each compute unnormalised directed betweenness weighted by length.
Before any time is printed, each peer's values are checked against borderflow's
on evenly spaced nodes (relative 1e-9).

    bench/betweenness_compare.py --exe build-bench/bench/betweenness_bench --sizes 2500 10000

Needs Debian's python3-graph-tool and python3-igraph (apt-get install them).
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


def run_borderflow(exe, path, threads):
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", exe, path, "--threads", str(threads), "--sample", "50"],
                         check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    result = json.loads(out.stdout)
    peak_kb = int(out.stderr.strip().splitlines()[-1])
    return result["seconds"], wall, dict((v, b) for v, b in result["node_betweenness_sample"]), peak_kb


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
    ap.add_argument("--workdir", default=os.path.expanduser("~/.cache/borderflow/bench"))
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    import graph_tool.all as gt
    import igraph

    gt.openmp_set_num_threads(args.threads)
    print(f"machine: {os.cpu_count()} cores; threads for borderflow and graph-tool: {args.threads}; igraph: 1")
    print(f"{'nodes':>7} {'edges':>7} {'borderflow s':>12} {'graph-tool s':>12} {'igraph s':>9} "
          f"{'gt/bf':>6} {'ig/bf':>6} {'bf MB':>6} {'agree (max rel diff)'}")
    for size in args.sizes:
        n, edges = road_graph(size, seed=size)
        path = os.path.join(args.workdir, f"road_{size}.csv")
        write_edges(path, edges)
        bf_s, _, ours, bf_kb = run_borderflow(args.exe, path, args.threads)
        print(f"  {size}: borderflow {bf_s:.3f} s", file=sys.stderr, flush=True)

        g = gt.Graph(directed=True)
        g.add_vertex(n)
        w = g.new_edge_property("double")
        for a, b, l in edges:
            e = g.add_edge(a, b)
            w[e] = l
        t = time.perf_counter()
        vb, _ = gt.betweenness(g, weight=w, norm=False)
        gt_s = time.perf_counter() - t
        gt_vals = {v: float(vb[v]) for v in ours}
        print(f"  {size}: graph-tool {gt_s:.3f} s, max rel diff {agree(ours, gt_vals):.1e}", file=sys.stderr, flush=True)

        ig = igraph.Graph(n=n, edges=[(a, b) for a, b, _ in edges], directed=True)
        t = time.perf_counter()
        ib = ig.betweenness(directed=True, weights=[l for _, _, l in edges])
        ig_s = time.perf_counter() - t
        ig_vals = {v: ib[v] for v in ours}

        d_gt, d_ig = agree(ours, gt_vals), agree(ours, ig_vals)
        ok = "yes" if max(d_gt, d_ig) <= 1e-9 else "NO"
        print(f"{n:>7} {len(edges):>7} {bf_s:>12.3f} {gt_s:>12.3f} {ig_s:>9.3f} {gt_s / bf_s:>6.2f} {ig_s / bf_s:>6.2f} "
              f"{bf_kb / 1024:>6.0f} {ok} (graph-tool {d_gt:.1e}, igraph {d_ig:.1e})")
        sys.stdout.flush()
    print(f"peak RSS of this script (graph-tool + igraph): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

"""Shared result rows of the benchmark scripts (one JSON object per line).

Each comparison script takes --results FILE and appends one row per workload,
size and peer; bench/report.py turns the file into the table of
bench/README.md. A row:

  workload   "crossings", "betweenness", "gi", "dbscan", "kde", "read"
  size       human-readable size ("100,000 routes")
  peer       the peer's name and version
  bf_s       borderflow's time (median of `repeat` runs), seconds
  peer_s     the peer's time, seconds (None: not run, see note)
  bf_mb      borderflow's peak memory, MB (None: not measured)
  peer_mb    the peer's peak memory, MB
  agree      how the answers were checked to agree, "yes ..." or "NO ..."
  target     the DESIGN.md target ratio peer_s / bf_s (None: no target, or
             not the size the target is set for: 100k routes, 100k nodes, 1M)
  repeat     runs per tool
  threads    borderflow's threads
  note       anything the reader needs (what is timed, what was skipped)
"""
import json
import os
import time

# DESIGN.md, "Performance targets": peer time / borderflow time.
TARGETS = {
    ("crossings", "GeoPandas"): 20.0,
    ("crossings", "PostGIS"): 5.0,
    ("betweenness", "graph-tool"): 1.5,
    ("betweenness", "igraph"): 10.0,
    ("gi", "libpysal"): 50.0,
    ("dbscan", "scikit-learn"): 10.0,
    ("kde", "GRASS"): 10.0,
}


def target_for(workload, peer):
    for (w, p), t in TARGETS.items():
        if w == workload and peer.startswith(p):
            return t
    return None


def record(path, workload, size, peer, bf_s, peer_s, bf_mb=None, peer_mb=None, agree="", repeat=1, threads=2,
           note="", at_target_size=True):
    """Appends one row to `path` (nothing when path is empty). The target is
    attached only at the size DESIGN.md sets it for (at_target_size)."""
    if not path:
        return
    row = {"workload": workload, "size": size, "peer": peer, "bf_s": bf_s, "peer_s": peer_s, "bf_mb": bf_mb,
           "peer_mb": peer_mb, "agree": agree,
           "target": target_for(workload, peer) if at_target_size else None, "repeat": repeat,
           "threads": threads, "note": note, "cores": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M")}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")

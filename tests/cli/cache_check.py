#!/usr/bin/python3
"""The frontier cache (pipeline/frontier_cache.hpp), from outside.

    cache_check.py BORDERFLOW_EXE SAMPLES_DIR

On the bundled sample, with `crossings` (which reads the borders and prepares
the frontier, sea routing included), each case in its own cache folder:

* outputs with the cache (a first run that stores, a second that hits) are
  byte for byte those of a run with --no-cache: the reference is the run
  that never touches a cache;
* a borders file changed by one byte misses both entries; a changed option
  (--snap) hits the borders entry and misses the frontier's;
* a truncated entry, one with a byte altered, and one copied from other
  inputs are each ignored with a warning naming the entry, and the run's
  outputs are still the reference's;
* two runs started at once on an empty cache both succeed with the
  reference's outputs, and leave entries that a third run uses;
* cache_max_mb 0 keeps only the newest entry.
"""
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def main():
    exe, samples = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="bf_cache_")
    borders = os.path.join(work, "countries.gpkg")
    shutil.copyfile(os.path.join(samples, "countries.gpkg"), borders)

    def run(name, cache, *extra, borders_file=borders, background=False):
        out = os.path.join(work, name)
        os.makedirs(out, exist_ok=True)
        cmd = [exe, "crossings", "--borders", borders_file + ":countries",
               "--routes", os.path.join(samples, "routes_illustrative.csv"),
               "--places", os.path.join(samples, "places.csv"), "--ports", os.path.join(samples, "ports.csv"),
               "-o", os.path.join(out, "out.gpkg"), "--format", "json", "-q"]
        cmd += ["--no-cache"] if cache is None else ["--cache-dir", cache]
        cmd += list(extra)
        if background:
            return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), out
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stderr)
            raise SystemExit(f"{name}: exit {p.returncode}")
        return json.loads(p.stdout), out

    def status(summary):
        return summary["inputs"].get("cache", {})

    def warnings(summary):
        return summary["inputs"]["warnings"]

    def same_outputs(out, ref, what):
        check(filecmp.cmp(os.path.join(out, "out.gpkg"), os.path.join(ref, "out.gpkg"), shallow=False),
              f"{what}: out.gpkg byte-identical to the --no-cache run")

    def entries(cache):
        d = os.path.join(cache, "frontier")
        return sorted(f for f in os.listdir(d) if f.endswith(".bfc")) if os.path.isdir(d) else []

    ref_summary, ref = run("ref", None)
    check(status(ref_summary) == {"borders": "off", "frontier": "off"}, f"--no-cache: cache off ({status(ref_summary)})")

    # Stored, then used; same outputs either way.
    c = os.path.join(work, "c1")
    s1, o1 = run("first", c)
    check(status(s1) == {"borders": "stored", "frontier": "stored"}, f"first run stores both entries ({status(s1)})")
    check(len(entries(c)) == 2, f"two entries written ({entries(c)})")
    s2, o2 = run("second", c)
    check(status(s2) == {"borders": "hit", "frontier": "hit"}, f"second run hits both ({status(s2)})")
    same_outputs(o1, ref, "first run")
    same_outputs(o2, ref, "second run")
    check(warnings(s2) == warnings(ref_summary), "the warnings of the read are given again on a hit")
    def bare(summary):
        s = json.loads(json.dumps(summary).replace(o2, "DIR").replace(ref, "DIR"))
        s["inputs"].pop("cache")
        return s
    check(bare(s2) == bare(ref_summary), "the summary is the --no-cache run's (beyond the cache's status)")

    # A changed option misses the frontier only.
    s3, _ = run("snap", c, "--snap", "6")
    check(status(s3) == {"borders": "hit", "frontier": "stored"}, f"--snap 6: borders hit, frontier missed ({status(s3)})")

    # One byte of the borders file changed: a GeoJSON copy whose first space
    # becomes a tab (the same features, other bytes).
    gj_dir = os.path.join(work, "gj")
    os.makedirs(gj_dir)
    gj = os.path.join(gj_dir, "countries.geojson")
    subprocess.run(["ogr2ogr", "-f", "GeoJSON", gj, borders, "countries"], check=True)
    s4a, o4a = run("gj_first", c, borders_file=gj)
    check(status(s4a) == {"borders": "stored", "frontier": "stored"}, f"GeoJSON copy: stored ({status(s4a)})")
    with open(gj, "rb") as f:
        data = f.read()
    i = data.index(b" ")
    with open(gj, "wb") as f:
        f.write(data[:i] + b"\t" + data[i + 1:])
    s4, o4 = run("gj_changed", c, borders_file=gj)
    check(status(s4) == {"borders": "stored", "frontier": "stored"},
          f"a borders file changed by one byte misses both entries ({status(s4)})")
    check(filecmp.cmp(os.path.join(o4, "out.gpkg"), os.path.join(o4a, "out.gpkg"), shallow=False),
          "the changed byte (white space) gives the same outputs")

    # Damaged entries: truncated, altered, foreign.
    def damaged(label, damage):
        d = os.path.join(work, "c_" + label)
        run(label + "_seed", d)
        names = entries(d)
        f_entry = [n for n in names if n.startswith("f-")][0]
        b_entry = [n for n in names if n.startswith("b-")][0]
        damage(os.path.join(d, "frontier", f_entry), os.path.join(d, "frontier", b_entry))
        s, o = run(label, d)
        hits = [w for w in warnings(s) if "cache entry ignored" in w]
        check(len(hits) >= 1 and f_entry in hits[0], f"{label} entry: ignored with a warning naming it ({hits[:1]})")
        check(status(s)["frontier"] == "stored", f"{label} entry: the frontier is built again ({status(s)})")
        same_outputs(o, ref, f"{label} entry")
        s, _ = run(label + "_after", d)
        check(status(s)["frontier"] == "hit" and not any("cache entry" in w for w in warnings(s)),
              f"{label} entry: replaced by a sound one ({status(s)})")

    def truncate(f_path, _b):
        size = os.path.getsize(f_path)
        with open(f_path, "r+b") as f:
            f.truncate(size // 2)

    def alter(f_path, _b):
        with open(f_path, "r+b") as f:
            f.seek(os.path.getsize(f_path) - 100)
            b = f.read(1)
            f.seek(-1, 1)
            f.write(bytes([b[0] ^ 0x40]))

    def foreign(f_path, b_path):
        shutil.copyfile(b_path, f_path)

    damaged("truncated", truncate)
    damaged("altered", alter)
    damaged("foreign", foreign)

    # Two runs at once on an empty cache.
    d = os.path.join(work, "c_concurrent")
    procs = [run(f"conc{i}", d, background=True) for i in range(2)]
    for i, (p, out) in enumerate(procs):
        stdout, stderr = p.communicate()
        check(p.returncode == 0, f"concurrent run {i} exits 0 ({stderr.strip()[-300:]})")
        if p.returncode == 0:
            same_outputs(out, ref, f"concurrent run {i}")
    leftovers = [f for f in os.listdir(os.path.join(d, "frontier")) if not f.endswith(".bfc")]
    check(not leftovers, f"no temporary files left in the cache ({leftovers})")
    s, _ = run("after_concurrent", d)
    check(status(s) == {"borders": "hit", "frontier": "hit"} and not any("cache" in w for w in warnings(s)),
          f"the entries the concurrent runs left are sound ({status(s)})")

    # Size bound.
    d = os.path.join(work, "c_small")
    run("small", d, "--cache-max-mb", "0")
    check(len(entries(d)) == 1 and entries(d)[0].startswith("f-"),
          f"cache_max_mb 0 keeps only the newest entry ({entries(d)})")

    shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all cache checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

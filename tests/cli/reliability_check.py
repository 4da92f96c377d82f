#!/usr/bin/python3
"""Reliability of `borderflow analyze` outputs on the bundled sample:

* killed while writing: an analysis writes over an existing output and is
  killed (SIGTERM or SIGKILL, alternately) at seeded random moments across
  its run; each time the old GeoPackage, raster and summary must be intact
  (same bytes, and the GeoPackage opens with all its layers). After SIGTERM
  no temporary file may be left; after a SIGKILL, the next complete run must
  clear what the killed one left.
* deterministic: --threads 1 and --threads 2 give the same GeoPackage and
  raster bytes, and the same summary but for the thread count and paths.
* no record-level personal field: no output of `borderflow demo` (the
  GeoPackage's tables, summary.json, map.html) has a column or key named
  after one (sex, age, age_group, exploitation, source, confidence, note), and
  none holds a value that only those fields of the sample carry.

    reliability_check.py BORDERFLOW_EXE SAMPLES_DIR
"""
import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from osgeo import ogr

ogr.UseExceptions()

PERSONAL_FIELDS = {"sex", "age", "age_group", "exploitation", "source", "confidence", "note"}
# Values that only the personal fields of routes_illustrative.csv hold.
PERSONAL_VALUES = ["domestic_servitude", "forced_labour", "forced_marriage", "case_file", "KII", "FGD"]
OUTPUTS = ("out.gpkg", "density.tif", "summary.json")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def analyze_cmd(exe, samples, out_dir, threads=2):
    return [exe, "analyze", "--config", os.path.join(samples, "bangladesh", "analysis.toml"), "-q",
            "--threads", str(threads), "-o", os.path.join(out_dir, "out.gpkg"),
            "--density", os.path.join(out_dir, "density.tif"), "--summary", os.path.join(out_dir, "summary.json")]


def check(cond, msg, failures):
    if not cond:
        failures.append(msg)
        print(f"  FAIL: {msg}")


def killed_while_writing(exe, samples, failures):
    d = tempfile.mkdtemp(prefix="bf_kill_")
    cmd = analyze_cmd(exe, samples, d)
    # summary.json says whether the frontier cache was used (inputs.cache):
    # a first run fills the cache, so that every run below says "hit".
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    duration = time.perf_counter() - t
    good = {name: sha(os.path.join(d, name)) for name in OUTPUTS}
    ds = ogr.Open(os.path.join(d, "out.gpkg"))  # kept: layers die with their dataset
    layers = sorted(ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount()))
    ds = None
    rng = random.Random(20261201)
    rounds = 12
    for i in range(rounds):
        sig = signal.SIGTERM if i % 2 == 0 else signal.SIGKILL
        delay = rng.uniform(0.02, duration * 1.1)
        before = set(os.listdir(d))  # what an earlier SIGKILL left stays until a run gets as far as writing
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(sig)
        p.wait()
        for name in OUTPUTS:
            check(sha(os.path.join(d, name)) == good[name],
                  f"round {i} ({sig.name} after {delay:.2f} s): {name} changed", failures)
        ds = ogr.Open(os.path.join(d, "out.gpkg"))
        got = sorted(ds.GetLayer(j).GetName() for j in range(ds.GetLayerCount()))
        ds = None
        check(got == layers, f"round {i}: the GeoPackage's layers are {got}", failures)
        left = sorted(set(os.listdir(d)) - set(OUTPUTS))
        if sig == signal.SIGTERM:
            new = sorted(set(left) - before)
            check(not new, f"round {i} (SIGTERM after {delay:.2f} s): left behind {new}", failures)
        print(f"  round {i}: {sig.name} after {delay:.2f} s of {duration:.2f} s (exit {p.returncode}): outputs intact"
              + (f"; left until the next run: {left}" if left else ""))
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    left = sorted(set(os.listdir(d)) - set(OUTPUTS))
    check(not left, f"after a complete run, still left behind: {left}", failures)
    for name in OUTPUTS:
        check(sha(os.path.join(d, name)) == good[name], f"the complete run changed {name}", failures)


def deterministic_across_threads(exe, samples, failures):
    dirs = []
    for threads in (1, 2):
        d = tempfile.mkdtemp(prefix=f"bf_threads{threads}_")
        subprocess.run(analyze_cmd(exe, samples, d, threads), check=True, stdout=subprocess.DEVNULL)
        dirs.append(d)
    for name in ("out.gpkg", "density.tif"):
        check(sha(os.path.join(dirs[0], name)) == sha(os.path.join(dirs[1], name)),
              f"{name} differs between --threads 1 and 2", failures)
    s1, s2 = (json.load(open(os.path.join(d, "summary.json"))) for d in dirs)

    def strip(s):
        s = json.loads(json.dumps(s).replace(dirs[0], "DIR").replace(dirs[1], "DIR"))
        s["parameters"]["output"].pop("threads")
        s["inputs"].pop("cache")  # the first run stores the frontier cache, the second uses it
        return s
    check(strip(s1) == strip(s2), "summary.json differs between --threads 1 and 2 (beyond threads and paths)",
          failures)
    print("  --threads 1 and --threads 2: same GeoPackage and raster bytes, same summary")


def no_personal_fields(exe, failures):
    d = tempfile.mkdtemp(prefix="bf_personal_")
    subprocess.run([exe, "demo", "-q", "-o", d], check=True, stdout=subprocess.DEVNULL)
    files = sorted(os.listdir(d))
    gpkg = os.path.join(d, "borderflow.gpkg")
    db = sqlite3.connect(gpkg)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in tables:
        cols = {r[1].lower() for r in db.execute(f'PRAGMA table_info("{t}")')}
        bad = cols & PERSONAL_FIELDS
        check(not bad, f"table {t} of the GeoPackage has personal columns {sorted(bad)}", failures)
    db.close()
    summary = json.load(open(os.path.join(d, "summary.json")))

    def keys(x, path=""):
        if isinstance(x, dict):
            for k, v in x.items():
                yield k, path
                yield from keys(v, f"{path}.{k}")
        elif isinstance(x, list):
            for v in x:
                yield from keys(v, path)
    for k, path in keys(summary):
        # .inputs.<role>.source is the input file; .parameters holds option names
        check(k.lower() not in PERSONAL_FIELDS or path.startswith((".parameters", ".inputs")),
              f"summary.json has a key '{k}' under {path or 'the top'}", failures)
    for name in files:
        if name.endswith((".png", ".tif")):
            continue  # pixels (the raster's metadata is borderflow's own, in analyze_check.py)
        with open(os.path.join(d, name), "rb") as f:
            data = f.read()
        for v in PERSONAL_VALUES:
            # As a word: base64 images in the HTML hold any short letter run.
            found = re.search(rb"(?<![A-Za-z0-9_+/])" + re.escape(v.encode()) + rb"(?![A-Za-z0-9_+/])", data)
            check(not found, f"{name} holds '{v}', a value of a personal field", failures)
        if name.endswith(".html"):
            for field in PERSONAL_FIELDS:
                check(f'"{field}":'.encode() not in data, f"{name} has a property '{field}'", failures)
    print(f"  demo outputs {files}: no personal column, key or value")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    exe, samples = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = []
    print("killed while writing:")
    killed_while_writing(exe, samples, failures)
    print("deterministic across threads:")
    deterministic_across_threads(exe, samples, failures)
    print("no record-level personal field:")
    no_personal_fields(exe, failures)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

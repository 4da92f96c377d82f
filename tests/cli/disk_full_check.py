#!/usr/bin/python3
"""`borderflow analyze` when the disk fills up while it writes.

Two ways to run out of room, each at several points of the write:

* a file-size limit (RLIMIT_FSIZE with SIGXFSZ ignored, so that a write past
  it fails with EFBIG as on a full disk): portable, needs no privilege;
* a real full file system: a tmpfs of a few hundred kilobytes to a few
  megabytes, when the test may mount one (root, outside a locked container);
  otherwise this half says it is skipped.

Every run that runs out of room must exit 6 (output error) with a message
that names the output file the user asked for (not a temporary one) and says
to check free space; the previous outputs must be byte-identical afterwards,
and no temporary or partial file may be left.

    disk_full_check.py BORDERFLOW_EXE SAMPLES_DIR
"""
import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile

OUTPUTS = ("out.gpkg", "density.tif", "summary.json")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def analyze(exe, samples, out_dir, fsize=None):
    cmd = [exe, "analyze", "--config", os.path.join(samples, "bangladesh", "analysis.toml"), "-q",
           "-o", os.path.join(out_dir, "out.gpkg"), "--density", os.path.join(out_dir, "density.tif"),
           "--summary", os.path.join(out_dir, "summary.json")]

    def limit():
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, preexec_fn=limit)


def check_failed_cleanly(r, out_dir, before, label, failures):
    def fail(msg):
        failures.append(f"{label}: {msg}")
        print(f"  FAIL: {msg}")

    err = r.stderr.strip().splitlines()
    message = next((l for l in err if l.startswith("borderflow: error:")), "")
    if r.returncode != 6:
        fail(f"exit {r.returncode}, expected 6 (output error); stderr: {r.stderr[-600:]}")
    if not any(os.path.join(out_dir, o) in message for o in OUTPUTS):
        fail(f"the message does not name an output file: {message!r}")
    if ".partial" in message or ".tmp" in message:
        fail(f"the message names a temporary file: {message!r}")
    if "space" not in r.stderr:
        fail(f"no hint about free space: {r.stderr[-400:]!r}")
    left = sorted(set(os.listdir(out_dir)) - set(before))
    if left:
        fail(f"files left behind: {left}")
    for name, digest in before.items():
        path = os.path.join(out_dir, name)
        if not os.path.exists(path) or sha(path) != digest:
            fail(f"the previous {name} was changed or removed")
    print(f"  {label}: exit {r.returncode}: {message[len('borderflow: error: '):][:150]}")


def file_size_limits(exe, samples, reference, failures):
    d = tempfile.mkdtemp(prefix="bf_fsize_")
    try:
        for o in OUTPUTS:  # the previous outputs, to be written over
            shutil.copy(os.path.join(reference, o), os.path.join(d, o))
        sizes = {o: os.path.getsize(os.path.join(d, o)) for o in OUTPUTS}
        print(f"file-size limit (outputs: {sizes})")
        before = {o: sha(os.path.join(d, o)) for o in OUTPUTS}
        # Below the summary, the raster and the GeoPackage in turn: each run
        # runs out of room in a different output.
        for limit in (4096, sizes["summary.json"] // 2, sizes["density.tif"] // 2, sizes["out.gpkg"] // 2):
            r = analyze(exe, samples, d, fsize=limit)
            check_failed_cleanly(r, d, before, f"limit {limit} B", failures)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def full_file_system(exe, samples, probe, failures):
    if os.geteuid() != 0:
        print("full file system: skipped (mounting a tmpfs needs root)")
        return
    mnt = tempfile.mkdtemp(prefix="bf_tmpfs_")
    try:
        total = sum(os.path.getsize(os.path.join(probe, o)) for o in OUTPUTS)
        # A file system that holds the previous outputs plus a share of the new.
        cases = [(False, 0.3), (False, 0.95), (True, 1.2), (True, 1.9)]
        mounted_once = False
        print(f"full file system (outputs: {total} bytes in all)")
        for with_old, share in cases:
            size = int(total * share) // 4096 * 4096
            m = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mnt], capture_output=True,
                               text=True)
            if m.returncode != 0:
                print(f"full file system: skipped (cannot mount a tmpfs: {m.stderr.strip()})")
                return
            mounted_once = True
            try:
                before = {}
                if with_old:
                    for o in OUTPUTS:
                        shutil.copy(os.path.join(probe, o), os.path.join(mnt, o))
                    before = {o: sha(os.path.join(mnt, o)) for o in OUTPUTS}
                r = analyze(exe, samples, mnt)
                label = f"tmpfs of {size} B" + (" over the previous outputs" if with_old else ", empty")
                check_failed_cleanly(r, mnt, before, label, failures)
            finally:
                subprocess.run(["umount", mnt], check=True)
        assert mounted_once
    finally:
        os.rmdir(mnt)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    exe, samples = sys.argv[1], sys.argv[2]
    failures = []
    # One complete run: the outputs' sizes, and the previous outputs of the tests.
    reference = tempfile.mkdtemp(prefix="bf_reference_")
    try:
        r = analyze(exe, samples, reference)
        if r.returncode != 0:
            sys.exit(f"the run without a limit failed: {r.stderr[-600:]}")
        file_size_limits(exe, samples, reference, failures)
        full_file_system(exe, samples, reference, failures)
    finally:
        shutil.rmtree(reference, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("disk full: every run failed cleanly and left the previous outputs intact")


if __name__ == "__main__":
    main()

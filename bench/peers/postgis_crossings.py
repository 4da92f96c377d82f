#!/usr/bin/python3
"""PostGIS peer of `borderflow crossings`: land-border crossings of routes, in SQL.

    /usr/bin/python3 bench/peers/postgis_crossings.py --routes routes.gpkg \
        [--gpkg ~/.cache/borderflow/bench/south_asia_10m.gpkg] [--snap 5] [--repeat 3] \
        [--port 54329] [--keep-cluster]

Does the same job as the GeoPandas peer of bench/crossings_bench.py
(peer_derive + peer_count), in PostgreSQL 15 + PostGIS 3 (Debian packages
postgresql, postgresql-15-postgis-3; ogr2ogr from gdal-bin):

* cluster: a throw-away cluster is created with initdb in a temporary folder
  (owned by the `postgres` user when run as root: the server refuses to run as
  root), started with pg_ctl on 127.0.0.1:--port (socket in the same folder),
  tuned for a benchmark (fsync off, 1 GB shared_buffers, 256 MB work_mem,
  2 parallel workers per gather, jit off), and always stopped and deleted at the
  end, also on an error, Ctrl-C or SIGTERM (unless --keep-cluster). Not timed.
* load_s: `ogr2ogr -f PostgreSQL` of the countries layer (--gpkg, layer
  `countries`) and of the routes (--routes, layer `routes`), EPSG:4326 as
  stored (load_countries_s + load_routes_s).
* derive_s: four SQL steps (derive_steps_s: repair, project, borders,
  pieces) that (1) repair each country like the peer
  (ST_MakeValid only where ST_IsValid is false, keeps the polygonal parts with
  ST_CollectionExtract(.., 3), merges the rows of one A3), project it to UTM 46N
  (EPSG:32646); (2) for each pair (a, b), a < b by A3 code, whose envelopes meet
  within 2 * snap, clip both to the pair's common envelope + 1 km and take the
  land border as the LineStrings of
  ST_Intersection(ST_Boundary(A), ST_Buffer(B, snap)) -- the same construction
  and the same buffer (16 segments per quarter circle, shapely's default) as
  the GeoPandas peer; (3) ST_Subdivide the border lines into pieces of <= 64
  vertices, GiST index, ANALYZE. Making India valid takes ~40 s in GEOS on
  an idle core (the repair step: 55-70 s here beside a C++ build).
* count_s (median of --repeat runs): project the routes to UTM 46N into a new
  table, join routes x pieces with ST_Intersects (GiST), ST_Intersection, and
  count per route the distinct intersection points, a point being rounded to
  1 mm as the peer does (x, y rounded to 3 decimals; a collinear overlap counts
  by its first point, as the peer's coords[0]).
* total_s = load_s + derive_s + count_s.
* peak_rss_mb: peak of the summed proportional set size (Pss, from
  /proc/PID/smaps_rollup, so that shared_buffers pages are counted once) of the
  postmaster and all its children (backends, parallel workers, background
  processes), sampled every 0.1 s while loading, deriving and counting.
  hwm_sum_mb: the sum of VmHWM of the server processes alive at the end (counts
  shared memory once per process, and misses the backends that have exited; it
  is printed only as a coarse check).

Output: one JSON object on stdout, progress on stderr; exit status non-zero
(and no JSON) on failure. Keys: load_s, load_countries_s, load_routes_s,
derive_s, derive_steps_s, count_s, count_runs_s, total_s, crossings (total),
routes (routes loaded), routes_with_crossings, per_route {route_id: n},
pieces (border pieces after ST_Subdivide), border_lengths_utm_m {pair: m},
peak_rss_mb, hwm_sum_mb, parallel_plan (whether the counting join's plan has a
Gather, i.e. uses parallel workers), postgis_version (postgis_full_version()),
and with --keep-cluster, cluster {dir, conninfo}. per_route lists only the
routes with at least one crossing (as the GeoPandas peer does): compare with
.get(route_id, 0).

Needs: postgresql (15), postgresql-15-postgis-3, gdal-bin; as root, the
`postgres` user that the postgresql package creates (runuser is used).
"""
import argparse
import json
import os
import pwd
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

CACHE = os.environ.get("BORDERFLOW_CACHE", os.path.expanduser("~/.cache/borderflow"))
DEFAULT_GPKG = os.path.join(CACHE, "bench", "south_asia_10m.gpkg")
PG_BIN = "/usr/lib/postgresql/15/bin"
UTM_SRID = 32646
PIECE_VERTICES = 64
DB, USER = "bench", "bench"

# Benchmark tuning: durability off (a throw-away cluster), memory for the
# polygon work, parallel query allowed (2 cores), JIT off (it only adds compile
# time to these few expensive-function queries).
SERVER_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "1GB",
    "work_mem": "256MB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "4GB",
    "max_parallel_workers_per_gather": "2",
    "max_parallel_workers": "2",
    "jit": "off",
    "logging_collector": "off",
}


def log(msg):
    print(f"postgis_crossings: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------- cluster
class Cluster:
    """A throw-away PostgreSQL cluster in a temporary folder, on 127.0.0.1:port."""

    def __init__(self, port):
        self.port = port
        self.started = False
        # postgres refuses to run as root: run the server tools as `postgres`
        self.as_user, owner = [], None
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no `postgres` user "
                                   "(apt-get install postgresql creates it)")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.dir = tempfile.mkdtemp(prefix="bf_postgis_")
        if owner is not None:
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
        self.data = os.path.join(self.dir, "data")
        self.logfile = os.path.join(self.dir, "server.log")

    def tool(self, name, *args, **kw):
        return subprocess.run(self.as_user + [os.path.join(PG_BIN, name)] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)

    def start(self):
        with socket.socket() as s:  # fail early and clearly if the port is taken
            if s.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"127.0.0.1:{self.port} is in use: pass another --port")
        p = self.tool("initdb", "-D", self.data, "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C")
        if p.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{p.stdout}")
        opts = [f"-p {self.port}", f"-k {self.dir}", "-c listen_addresses=127.0.0.1"]
        opts += [f"-c {k}={v}" for k, v in SERVER_SETTINGS.items()]
        p = self.tool("pg_ctl", "start", "-w", "-t", "60", "-D", self.data, "-l", self.logfile, "-o", " ".join(opts))
        self.started = True  # even on failure: stop() then cleans up whatever did start
        if p.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed:\n{p.stdout}\n{self.server_log()}")

    def server_log(self):
        try:
            with open(self.logfile) as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None

    def server_pids(self):
        """The postmaster and its children (backends, workers, background processes)."""
        pm = self.postmaster_pid()
        if pm is None:
            return []
        pids = [pm]
        try:
            with open(f"/proc/{pm}/task/{pm}/children") as f:
                pids += [int(x) for x in f.read().split()]
        except OSError:
            pass
        return pids

    def stop(self, mode="fast"):
        """Stops the server (mode fast, or immediate: after an interrupt a backend
        may sit in a long GEOS call that a fast shutdown would wait for) and
        deletes the folder."""
        if self.started:
            p = self.tool("pg_ctl", "stop", "-w", "-t", "30", "-m", mode, "-D", self.data)
            if p.returncode != 0 and mode != "immediate":
                log(f"pg_ctl stop -m {mode} failed ({p.stdout.strip()}); trying -m immediate")
                p = self.tool("pg_ctl", "stop", "-w", "-t", "30", "-m", "immediate", "-D", self.data)
            if p.returncode != 0:
                pm = self.postmaster_pid()
                log(f"pg_ctl stop failed ({p.stdout.strip()}); killing postmaster {pm} and its children")
                for pid in self.server_pids():  # our own cluster's processes only
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                time.sleep(1)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)

    def conninfo(self):
        return f"host=127.0.0.1 port={self.port} dbname={DB} user={USER}"


def proc_kb(pid, path, key):
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class PssSampler(threading.Thread):
    """Peak of the summed Pss of the server processes, sampled every `every` s."""

    def __init__(self, cluster, every=0.1):
        super().__init__(daemon=True)
        self.cluster, self.every = cluster, every
        self.peak_kb = 0
        self.stop_event = threading.Event()

    def sample(self):
        kb = sum(proc_kb(pid, "smaps_rollup", "Pss") for pid in self.cluster.server_pids())
        self.peak_kb = max(self.peak_kb, kb)

    def run(self):
        while not self.stop_event.is_set():
            self.sample()
            self.stop_event.wait(self.every)

    def stop(self):
        self.stop_event.set()
        self.join()
        self.sample()


# -------------------------------------------------------------------------- SQL
def psql(cluster, sql, db=DB):
    """Runs `sql` in one psql session (one transaction per statement); returns stdout rows."""
    cmd = [os.path.join(PG_BIN, "psql"), "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1",
           "-h", "127.0.0.1", "-p", str(cluster.port), "-U", USER, "-d", db]
    p = subprocess.run(cmd, input="SET client_min_messages = warning;\n" + sql,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"psql failed ({p.returncode}):\n{p.stderr[-4000:]}\nSQL:\n{sql[:2000]}")
    return [line.split("\t") for line in p.stdout.splitlines() if line]


def ogr2ogr(cluster, src, layer, table):
    cmd = ["ogr2ogr", "-f", "PostgreSQL", f"PG:{cluster.conninfo()}", src, layer, "-nln", table,
           "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid", "-lco", "SPATIAL_INDEX=NONE",
           "--config", "PG_USE_COPY", "YES"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"ogr2ogr failed: {' '.join(cmd)}\n{p.stdout[-4000:]}")


def derive_steps(snap):
    """Land border pieces, as peer_derive() in bench/crossings_bench.py: [(step, SQL)].

    Each expensive intermediate is a table (or a MATERIALIZED CTE) so that it
    is computed once: PostgreSQL inlines a CTE referenced once and then
    evaluates a column expression at every place it is used."""
    return [
        # (1) polygonal, valid country per A3, then projected to UTM 46N (the
        #     peer repairs each row, merges the rows of one A3, then projects)
        ("repair", """
DROP TABLE IF EXISTS fixed, units, borders, pieces;
CREATE UNLOGGED TABLE fixed AS
SELECT a3, CASE WHEN GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON') THEN g
                ELSE ST_UnaryUnion(ST_CollectionExtract(g, 3)) END AS geom
FROM (SELECT a3, CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_MakeValid(geom) END AS g
      FROM countries OFFSET 0) AS v;   -- OFFSET 0: evaluate g once per row
"""),
        ("project", f"""
CREATE UNLOGGED TABLE units AS
SELECT a3, ST_Transform(geom, {UTM_SRID}) AS geom
FROM fixed WHERE a3 IN (SELECT a3 FROM fixed GROUP BY a3 HAVING count(*) = 1)
UNION ALL  -- (the WHERE, not a HAVING, keeps ST_Union from running on every country)
SELECT a3, ST_Transform(ST_Union(geom), {UTM_SRID}) FROM fixed
WHERE a3 IN (SELECT a3 FROM fixed GROUP BY a3 HAVING count(*) > 1) GROUP BY a3;
"""),
        # (2) the land border of each pair a < b: A's boundary within snap of
        #     B, both clipped first to the pair's common envelope + 1 km (B to
        #     that + 1 km more)
        ("borders", f"""
CREATE UNLOGGED TABLE borders AS
WITH q AS MATERIALIZED (
  SELECT a, b, ga, gb, ST_MakeEnvelope(x0 - 1000, y0 - 1000, x1 + 1000, y1 + 1000, {UTM_SRID}) AS region
  FROM (SELECT a.a3 AS a, b.a3 AS b, a.geom AS ga, b.geom AS gb,
               greatest(ST_XMin(a.geom), ST_XMin(b.geom)) AS x0, greatest(ST_YMin(a.geom), ST_YMin(b.geom)) AS y0,
               least(ST_XMax(a.geom), ST_XMax(b.geom)) AS x1, least(ST_YMax(a.geom), ST_YMax(b.geom)) AS y1
        FROM units a JOIN units b ON a.a3 COLLATE "C" < b.a3 COLLATE "C") AS p
  WHERE NOT (x0 > x1 + 2 * {snap} OR y0 > y1 + 2 * {snap})
), r AS MATERIALIZED (
  SELECT a, b, ST_Intersection(ST_Boundary(ga), region) AS a_line,
         ST_Intersection(gb, ST_Buffer(region, 1000, 'join=mitre')) AS b_near
  FROM q
), s AS MATERIALIZED (
  SELECT a, b, ST_Intersection(a_line, ST_Buffer(b_near, {snap}, 'quad_segs=16')) AS shared
  FROM r WHERE NOT ST_IsEmpty(a_line) AND NOT ST_IsEmpty(b_near)
), d AS MATERIALIZED (
  SELECT a || '-' || b AS pair, (ST_Dump(shared)).geom AS geom FROM s
)
SELECT pair, geom FROM d WHERE GeometryType(geom) = 'LINESTRING';
"""),
        # (3) pieces of <= PIECE_VERTICES vertices, indexed
        ("pieces", f"""
CREATE UNLOGGED TABLE pieces AS
SELECT pair, ST_Subdivide(geom, {PIECE_VERTICES}) AS geom FROM borders;
CREATE INDEX pieces_gix ON pieces USING gist (geom);
ANALYZE pieces;
"""),
    ]


COUNT_SQL = f"""
DROP TABLE IF EXISTS routes_utm;
CREATE UNLOGGED TABLE routes_utm AS SELECT route_id, ST_Transform(geom, {UTM_SRID}) AS geom FROM routes;
ANALYZE routes_utm;
WITH parts AS (           -- every part of every route x piece intersection
  SELECT r.route_id, (ST_Dump(ST_Intersection(r.geom, p.geom))).geom AS g
  FROM routes_utm r JOIN pieces p ON ST_Intersects(r.geom, p.geom)
), pts AS (               -- a Point, or the first point of a collinear overlap
  SELECT route_id, CASE WHEN GeometryType(g) = 'POINT' THEN g ELSE ST_PointN(g, 1) END AS g
  FROM parts WHERE NOT ST_IsEmpty(g)
), d AS (                 -- distinct points, to 1 mm
  SELECT DISTINCT route_id, round(ST_X(g)::numeric, 3) AS x, round(ST_Y(g)::numeric, 3) AS y FROM pts
)
SELECT route_id, count(*) FROM d GROUP BY route_id ORDER BY route_id;
"""


# ------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gpkg", default=DEFAULT_GPKG, help="countries GeoPackage (layer `countries`, field A3)")
    ap.add_argument("--routes", required=True, help="routes GeoPackage (layer `routes`, field route_id)")
    ap.add_argument("--snap", type=float, default=5.0, help="metres: B is buffered by this much")
    ap.add_argument("--repeat", type=int, default=3, help="counting runs (count_s is their median)")
    ap.add_argument("--port", type=int, default=54329)
    ap.add_argument("--keep-cluster", action="store_true",
                    help="leave the cluster running (its folder and port are printed on stderr)")
    a = ap.parse_args()
    for path in (a.gpkg, a.routes):
        if not os.path.exists(path):
            sys.exit(f"postgis_crossings: {path} is missing (bench/data.sh, bench/gen_routes.py)")
    if not os.path.exists(os.path.join(PG_BIN, "postgres")):
        sys.exit(f"postgis_crossings: {PG_BIN}/postgres is missing (apt-get install postgresql postgresql-15-postgis-3)")

    # SIGTERM (a harness's timeout) takes the same cleanup path as Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    cluster = Cluster(a.port)
    sampler = None
    clean_exit = False
    try:
        t = time.perf_counter()
        cluster.start()
        psql(cluster, f"CREATE DATABASE {DB};", db="postgres")
        psql(cluster, "CREATE EXTENSION postgis;")
        version = psql(cluster, "SELECT postgis_full_version();")[0][0]
        log(f"cluster up in {time.perf_counter() - t:.1f} s at {cluster.dir} (127.0.0.1:{a.port}); {version}")
        sampler = PssSampler(cluster)
        sampler.start()

        t = time.perf_counter()
        ogr2ogr(cluster, a.gpkg, "countries", "countries")
        load_countries = time.perf_counter() - t
        t = time.perf_counter()
        ogr2ogr(cluster, a.routes, "routes", "routes")
        load_routes = time.perf_counter() - t
        log(f"loaded countries in {load_countries:.2f} s, routes in {load_routes:.2f} s")

        steps = {}
        for step, sql in derive_steps(a.snap):
            t = time.perf_counter()
            psql(cluster, sql)
            steps[step] = time.perf_counter() - t
            log(f"derive: {step} {steps[step]:.1f} s")
        derive = sum(steps.values())
        lengths = {pair: float(length) for pair, length in
                   psql(cluster, "SELECT pair, sum(ST_Length(geom)) FROM borders GROUP BY pair ORDER BY pair;")}
        pieces = int(psql(cluster, "SELECT count(*) FROM pieces;")[0][0])
        log(f"derived {pieces} border pieces in {derive:.1f} s; border lengths (m) "
            + ", ".join(f"{k} {v:.0f}" for k, v in lengths.items()))

        counts, per_route = [], {}
        for i in range(a.repeat):
            t = time.perf_counter()
            rows = psql(cluster, COUNT_SQL)
            counts.append(time.perf_counter() - t)
            per_route = {rid: int(n) for rid, n in rows}
            log(f"count run {i + 1}: {counts[-1]:.2f} s, {sum(per_route.values())} crossings")
        n_routes = int(psql(cluster, "SELECT count(*) FROM routes;")[0][0])
        plan = psql(cluster, "EXPLAIN " + COUNT_SQL.split("ANALYZE routes_utm;")[1])

        sampler.stop()
        hwm_kb = sum(proc_kb(pid, "status", "VmHWM") for pid in cluster.server_pids())
        load = load_countries + load_routes
        count = statistics.median(counts)
        result = {
            "load_s": load, "load_countries_s": load_countries, "load_routes_s": load_routes,
            "derive_s": derive, "derive_steps_s": steps, "count_s": count, "count_runs_s": counts,
            "total_s": load + derive + count,
            "crossings": sum(per_route.values()), "routes": n_routes,
            "routes_with_crossings": len(per_route), "per_route": per_route,
            "pieces": pieces, "border_lengths_utm_m": lengths,
            "peak_rss_mb": sampler.peak_kb / 1024.0, "hwm_sum_mb": hwm_kb / 1024.0,
            "parallel_plan": any("Gather" in r[0] for r in plan),
            "postgis_version": version,
        }
        if a.keep_cluster:
            result["cluster"] = {"dir": cluster.dir, "conninfo": cluster.conninfo()}
        print(json.dumps(result))
        clean_exit = True
    finally:
        if sampler is not None and sampler.is_alive():
            sampler.stop()
        if a.keep_cluster and cluster.started:
            log(f"cluster kept: {cluster.dir}, psql 'host=127.0.0.1 port={a.port} dbname={DB} user={USER}'; "
                f"stop with: {' '.join(cluster.as_user)} {PG_BIN}/pg_ctl stop -D {cluster.data} && rm -rf {cluster.dir}")
        else:
            cluster.stop("fast" if clean_exit else "immediate")
            log("cluster stopped and removed")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the cluster is already stopped and removed (finally)
        sys.exit("postgis_crossings: interrupted")
    except RuntimeError as e:  # a failed step (message has its output)
        sys.exit(f"postgis_crossings: {e}")

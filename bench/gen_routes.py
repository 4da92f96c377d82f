#!/usr/bin/python3
"""Deterministic synthetic land routes across the Bangladesh-India border.

    /usr/bin/python3 bench/gen_routes.py --n 10000 --out routes.gpkg [--seed 1]

Each route is a LineString (EPSG:4326) of 2..200 vertices: a correlated random
walk with step lengths of 0.5-20 km (log-normal, median 2 km) that starts within
a few km of a real town on the Bangladesh-India border. Most routes (80 %) are
biased towards a town on the other side of the border (and beyond it), so that
they tend to cross; the rest wander freely. Fields: route_id (R000001, ...),
weight (integer 1..20), mode ('land'). Layer name: routes.

The output depends only on (--n, --seed): numpy's PCG64 Generator seeded with
--seed draws every random number.
"""
import argparse
import os
import struct
import sys

import numpy as np
from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

# Towns on or near the Bangladesh-India border: (name, country, lon, lat).
TOWNS = [
    ("Benapole", "BGD", 88.895, 23.043),
    ("Petrapole", "IND", 88.872, 23.040),
    ("Bhomra", "BGD", 88.965, 22.728),
    ("Satkhira", "BGD", 89.072, 22.718),
    ("Hili", "BGD", 89.013, 25.280),
    ("Sonamasjid", "BGD", 88.138, 24.848),
    ("Burimari", "BGD", 89.000, 26.415),  # approximate
    ("Tamabil", "BGD", 92.017, 25.173),
    ("Dawki", "IND", 92.024, 25.185),
    ("Akhaura", "BGD", 91.209, 23.871),
    ("Agartala", "IND", 91.286, 23.831),
    ("Chapai Nawabganj", "BGD", 88.277, 24.597),
    ("Malda", "IND", 88.141, 25.011),
    ("Bongaon", "IND", 88.820, 23.050),
    ("Basirhat", "IND", 88.867, 22.657),
    ("Jashore", "BGD", 89.208, 23.166),
    ("Sylhet", "BGD", 91.869, 24.895),
]

MAX_VERTICES = 200
M_PER_DEG_LAT = 111_320.0


def bearing_targets():
    """For each town, the indices of the two nearest towns across the border."""
    lon = np.array([t[2] for t in TOWNS])
    lat = np.array([t[3] for t in TOWNS])
    cc = np.array([t[1] for t in TOWNS])
    out = []
    for i in range(len(TOWNS)):
        other = np.flatnonzero(cc != cc[i])
        dx = (lon[other] - lon[i]) * np.cos(np.radians(lat[i]))
        dy = lat[other] - lat[i]
        out.append(other[np.argsort(np.hypot(dx, dy))[:2]])
    return lon, lat, out


def generate(n, seed=1):
    """Returns (list of (k_i, 2) float arrays lon/lat, weights int array)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    lon_t, lat_t, targets = bearing_targets()

    town = rng.integers(0, len(TOWNS), size=n)
    # start within a few km of the town (sigma 1.5 km)
    lat0 = lat_t[town] + rng.normal(0.0, 1500.0, n) / M_PER_DEG_LAT
    lon0 = lon_t[town] + rng.normal(0.0, 1500.0, n) / (M_PER_DEG_LAT * np.cos(np.radians(lat0)))

    # vertex counts 2..200: 90 % short (exponential, mean 20 extra), 10 % uniform
    short = 2 + np.floor(rng.exponential(20.0, n)).astype(np.int64)
    long_ = rng.integers(2, MAX_VERTICES + 1, n)
    nv = np.where(rng.random(n) < 0.9, short, long_)
    nv = np.clip(nv, 2, MAX_VERTICES)

    # destination: beyond a town on the other side of the border
    pick = rng.integers(0, 2, n)
    tgt = np.array([targets[t][p] for t, p in zip(town, pick)])
    beyond = rng.uniform(1.2, 3.0, n)
    dest_lon = lon0 + (lon_t[tgt] - lon0) * beyond
    dest_lat = lat0 + (lat_t[tgt] - lat0) * beyond
    biased = rng.random(n) < 0.8
    kappa = np.where(biased, rng.uniform(0.15, 0.5, n), 0.0)

    steps = np.clip(rng.lognormal(np.log(2000.0), 0.8, (n, MAX_VERTICES - 1)), 500.0, 20_000.0)
    turn = rng.normal(0.0, 0.6, (n, MAX_VERTICES - 1))
    weight = rng.integers(1, 21, n)

    lon = np.empty((n, MAX_VERTICES))
    lat = np.empty((n, MAX_VERTICES))
    lon[:, 0], lat[:, 0] = lon0, lat0

    def bearing_to_dest(x, y):  # math angle (east = 0, north = pi/2)
        return np.arctan2((dest_lat - y) * M_PER_DEG_LAT,
                          (dest_lon - x) * M_PER_DEG_LAT * np.cos(np.radians(y)))

    heading = bearing_to_dest(lon0, lat0)
    heading = np.where(biased, heading, rng.uniform(-np.pi, np.pi, n))
    for k in range(1, MAX_VERTICES):
        x, y = lon[:, k - 1], lat[:, k - 1]
        want = bearing_to_dest(x, y)
        diff = np.angle(np.exp(1j * (want - heading)))  # wrapped to (-pi, pi]
        heading = heading + turn[:, k - 1] + kappa * diff
        d = steps[:, k - 1]
        lat[:, k] = y + d * np.sin(heading) / M_PER_DEG_LAT
        lon[:, k] = x + d * np.cos(heading) / (M_PER_DEG_LAT * np.cos(np.radians(y)))

    lines = [np.column_stack((lon[i, :nv[i]], lat[i, :nv[i]])) for i in range(n)]
    return lines, weight


def linestring_wkb(xy):
    return struct.pack("<BII", 1, 2, len(xy)) + np.ascontiguousarray(xy, dtype="<f8").tobytes()


def write_gpkg(path, lines, weights):
    tmp = path + ".tmp.gpkg"
    if os.path.exists(tmp):
        os.remove(tmp)
    drv = ogr.GetDriverByName("GPKG")
    ds = drv.CreateDataSource(tmp)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lyr = ds.CreateLayer("routes", srs, ogr.wkbLineString)
    lyr.CreateField(ogr.FieldDefn("route_id", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("weight", ogr.OFTInteger))
    lyr.CreateField(ogr.FieldDefn("mode", ogr.OFTString))
    defn = lyr.GetLayerDefn()
    lyr.StartTransaction()
    for i, (xy, w) in enumerate(zip(lines, weights)):
        f = ogr.Feature(defn)
        f.SetField("route_id", f"R{i + 1:06d}")
        f.SetField("weight", int(w))
        f.SetField("mode", "land")
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(linestring_wkb(xy)))
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    ds = None
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, required=True, help="number of routes")
    ap.add_argument("--out", required=True, help="output GeoPackage (layer 'routes')")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    if a.n < 1:
        ap.error("--n must be >= 1")
    lines, weights = generate(a.n, a.seed)
    write_gpkg(a.out, lines, weights)
    nv = np.array([len(l) for l in lines])
    print(f"gen_routes: {a.n} routes, seed {a.seed}, vertices {nv.min()}..{nv.max()} "
          f"(mean {nv.mean():.1f}) -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Independent reference for borderflow's sea routing: shortest paths over water.

Run with Debian's interpreter (needs numpy, scipy, shapely, fiona, pyproj, osgeo.gdal):

    /usr/bin/python3 tests/sea_reference/make_reference.py            # 0.5 km main + 1 km / 2 km checks
    /usr/bin/python3 tests/sea_reference/make_reference.py --cell 2000 --no-checks --out /tmp/x.json

It reads geodata/samples/bangladesh/countries.gpkg (layer `countries`) and writes
tests/data/sea/reference_paths.json.  See tests/sea_reference/README.md.

This file is written from scratch; it does not use or read the C++ sea code.

Method, in short
----------------
1. Countries are clipped (in lon/lat) to a generous box and projected to the
   metric CRS LAEA(lat_0=15, lon_0=95, WGS84).  The raster covers the projected
   bounding rectangle of a working box: main run 0.5 km cells on
   ROUTE_BOX lon 88..101.5, lat 4.5..22.5; convergence checks 1 km and 2 km
   on WIDE_BOX lon 78..105, lat -2..25 (Bay of Bengal, Andaman Sea, Malacca).
2. Land is rasterized with GDAL ALL_TOUCHED=TRUE: a cell is LAND if any part of
   its square touches a polygon; a cell is WATER only if its whole square lies
   outside every polygon (conservative: no water cell overlaps land).  Only the
   connected sea component (the largest 4-connected water region) is kept, so
   enclosed slivers/lakes between polygons are not used.
3. Graph: nodes = water cells, 16-neighbourhood (orthogonal, diagonal, knight
   moves).  An edge exists only if every cell the straight centre-to-centre
   segment touches (supercover, including cells touched only at a corner) is
   water.  Weight = Euclidean length in metres.  scipy.sparse.csgraph.dijkstra.
4. Line-of-sight smoothing ("string pulling"): from the current anchor vertex,
   jump to the FARTHEST later vertex of the grid path whose straight segment
   touches only water cells (same supercover test), repeat to the end.
5. Ports (on land or at the coast) are linked to the nearest sea cell centre by
   a straight segment; that link is reported separately and is not checked
   against land.
6. Lengths: projected (planar LAEA metres) of the smoothed polyline; geodesic
   length (pyproj.Geod, WGS84 ellipsoid) of the same polyline after densifying
   every projected segment at <= 1 km and inverse-projecting; great-circle
   (WGS84 geodesic via pyproj.Geod.inv, and spherical haversine R=6371.0088 km)
   between the two ports.
   Also a "polygon-taut" variant: the same string pulling over the grid path
   but with visibility tested against the exact projected polygons (shapely);
   it shows how much the raster's conservatism costs within the same route.
7. Sanity: the densified path (without end links) must not intersect any
   country polygon in EPSG:4326 (shapely), and neither must the stored,
   simplified lon/lat polyline taken as straight lon/lat segments.  Gaps
   narrower than 1.5 km between polygon parts within 20 km of a path are
   listed (channels a raster may close).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import fiona
import pyproj
import scipy
import scipy.sparse
import scipy.sparse.csgraph
import scipy.ndimage
import shapely
from shapely.geometry import shape, mapping, box, LineString, Point
from shapely.ops import transform as shp_transform, unary_union, nearest_points
from shapely.prepared import prep
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
GPKG = os.path.join(ROOT, "geodata", "samples", "bangladesh", "countries.gpkg")
OUT_JSON = os.path.join(ROOT, "tests", "data", "sea", "reference_paths.json")

CRS_LAEA = "+proj=laea +lat_0=15 +lon_0=95 +datum=WGS84 +units=m +no_defs"
# lon_min, lat_min, lon_max, lat_max.  WIDE_BOX covers the Bay of Bengal, the
# Andaman Sea and the Malacca Strait; the main (finest) run uses ROUTE_BOX, a
# smaller box that still contains all four routes with >= 100 km to spare, to
# keep memory down (0.5 km cells on WIDE_BOX would need ~16 GB).
WIDE_BOX = (78.0, -2.0, 105.0, 25.0)
ROUTE_BOX = (88.0, 4.5, 101.5, 22.5)
CLIP_BOX = (60.0, -20.0, 125.0, 40.0)        # generous box for the polygons

PORTS = {
    "Teknaf": (92.3058, 20.8624),
    "Langkawi": (99.8450, 6.3200),
    "Ranong": (98.6348, 9.9658),
    "Shah Porir Dwip": (92.3333, 20.7667),
    "Cox's Bazar": (91.9794, 21.4272),
    "Penang George Town": (100.3354, 5.4141),
}
PAIRS = [
    ("Teknaf", "Langkawi"),
    ("Teknaf", "Ranong"),
    ("Shah Porir Dwip", "Langkawi"),
    ("Cox's Bazar", "Penang George Town"),
]

# 16-neighbourhood: half of the offsets (the other half by symmetry), (drow, dcol)
HALF_OFFSETS = [(0, 1), (1, 0), (1, 1), (1, -1),
                (1, 2), (2, 1), (1, -2), (2, -1)]

# convergence checks: (cell size m, work box); 0.5 km only on a box around the routes
CHECKS = [(1000.0, WIDE_BOX), (2000.0, WIDE_BOX)]
# gaps between polygon parts narrower than this, and this close to a main path,
# are listed (a closed narrow channel could hide a shorter route)
GAP_LIST_WIDTH_M = 1500.0
GAP_LIST_NEAR_M = 20000.0

MAX_STORED_VERTICES = 200
GEOD = pyproj.Geod(ellps="WGS84")
R_MEAN = 6371008.8


def log(*a):
    print(*a, flush=True)


# ----------------------------------------------------------------------------
# geometry input
# ----------------------------------------------------------------------------

def load_countries():
    """Return list of (iso_a3, name, shapely geometry in EPSG:4326)."""
    out = []
    with fiona.open(GPKG, layer="countries") as src:
        assert str(src.crs).upper().endswith("4326"), src.crs
        for f in src:
            g = shape(f["geometry"])
            if not g.is_valid:
                g = g.buffer(0)
            out.append((f["properties"]["iso_a3"], f["properties"]["name"], g))
    return out


def project_land(countries):
    """Clip to CLIP_BOX in lon/lat and project to LAEA. Returns list of geoms."""
    to_laea = pyproj.Transformer.from_crs("EPSG:4326", CRS_LAEA, always_xy=True)
    clip = box(*CLIP_BOX)
    out = []
    for iso, name, g in countries:
        c = g.intersection(clip)
        if c.is_empty:
            continue
        p = shp_transform(to_laea.transform, c)
        if not p.is_valid:
            p = p.buffer(0)
        out.append(p)
    return out


def raster_extent(cell, work_box):
    """Projected bounding rectangle of work_box (edges densified), snapped to cell."""
    to_laea = pyproj.Transformer.from_crs("EPSG:4326", CRS_LAEA, always_xy=True)
    lo0, la0, lo1, la1 = work_box
    n = 200
    lons = np.concatenate([np.linspace(lo0, lo1, n), np.full(n, lo1),
                           np.linspace(lo1, lo0, n), np.full(n, lo0)])
    lats = np.concatenate([np.full(n, la0), np.linspace(la0, la1, n),
                           np.full(n, la1), np.linspace(la1, la0, n)])
    x, y = to_laea.transform(lons, lats)
    xmin = math.floor(min(x) / cell) * cell
    xmax = math.ceil(max(x) / cell) * cell
    ymin = math.floor(min(y) / cell) * cell
    ymax = math.ceil(max(y) / cell) * cell
    return xmin, ymin, xmax, ymax


def rasterize_land(land_geoms, extent, cell):
    """uint8 array (rows top->bottom), 1 = land, using GDAL ALL_TOUCHED."""
    xmin, ymin, xmax, ymax = extent
    ncol = int(round((xmax - xmin) / cell))
    nrow = int(round((ymax - ymin) / cell))
    drv = gdal.GetDriverByName("MEM")
    ds = drv.Create("", ncol, nrow, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((xmin, cell, 0.0, ymax, 0.0, -cell))
    srs = osr.SpatialReference()
    srs.ImportFromProj4(CRS_LAEA)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).Fill(0)
    # in-memory OGR layer holding the projected land polygons
    mds = ogr.GetDriverByName("Memory").CreateDataSource("land")
    lyr = mds.CreateLayer("land", srs, ogr.wkbMultiPolygon)
    for g in land_geoms:
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetGeometry(ogr.CreateGeometryFromWkb(g.wkb))
        lyr.CreateFeature(feat)
    gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
    land = ds.GetRasterBand(1).ReadAsArray().astype(np.uint8)
    return land


# ----------------------------------------------------------------------------
# supercover: cells touched by a segment (grid coords: u = col, v = row,
# cell (r, c) is the unit square u in [c, c+1), v in [r, r+1))
# ----------------------------------------------------------------------------

EPS = 1e-9


def segment_cells(u0, v0, u1, v1):
    """Rows, cols of every cell the closed segment touches (incl. corner touches)."""
    du, dv = u1 - u0, v1 - v0
    ts = [np.array([0.0, 1.0])]
    if abs(du) > 0:
        ks = np.arange(math.floor(min(u0, u1)) + 1, math.ceil(max(u0, u1)))
        ts.append((ks - u0) / du)
    if abs(dv) > 0:
        ks = np.arange(math.floor(min(v0, v1)) + 1, math.ceil(max(v0, v1)))
        ts.append((ks - v0) / dv)
    t = np.unique(np.clip(np.concatenate(ts), 0.0, 1.0))
    # interior of each piece -> one cell
    tm = 0.5 * (t[:-1] + t[1:])
    us = [u0 + tm * du]
    vs = [v0 + tm * dv]
    # every crossing / end point: all cells around it (+-eps both axes), which
    # catches segments passing exactly through a grid corner
    pu = u0 + t * du
    pv = v0 + t * dv
    for su in (-EPS, EPS):
        for sv in (-EPS, EPS):
            us.append(pu + su)
            vs.append(pv + sv)
    uu = np.floor(np.concatenate(us)).astype(np.int64)
    vv = np.floor(np.concatenate(vs)).astype(np.int64)
    return vv, uu


def offset_footprint(dr, dc):
    """Cells (relative to start cell) touched by the centre-to-centre segment."""
    rr, cc = segment_cells(0.5, 0.5, 0.5 + dc, 0.5 + dr)
    s = sorted(set(zip(rr.tolist(), cc.tolist())))
    return s


class Grid:
    def __init__(self, water, extent, cell):
        self.water = water                      # bool (nrow, ncol), sea component
        self.extent = extent
        self.cell = cell
        self.nrow, self.ncol = water.shape

    def rc_to_xy(self, r, c):
        xmin, ymin, xmax, ymax = self.extent
        return xmin + (np.asarray(c) + 0.5) * self.cell, ymax - (np.asarray(r) + 0.5) * self.cell

    def xy_to_uv(self, x, y):
        xmin, ymin, xmax, ymax = self.extent
        return (np.asarray(x) - xmin) / self.cell, (ymax - np.asarray(y)) / self.cell

    def visible(self, r0, c0, r1, c1):
        """Segment between two cell centres touches only water cells."""
        rr, cc = segment_cells(c0 + 0.5, r0 + 0.5, c1 + 0.5, r1 + 0.5)
        if rr.min() < 0 or cc.min() < 0 or rr.max() >= self.nrow or cc.max() >= self.ncol:
            return False
        return bool(self.water[rr, cc].all())


def build_graph(grid):
    """CSR adjacency over water cells with 16-neighbour, footprint-checked edges."""
    water = grid.water
    nrow, ncol = water.shape
    idx = np.full(water.shape, -1, dtype=np.int64)
    n = int(water.sum())
    idx[water] = np.arange(n)
    rows_all, cols_all, w_all = [], [], []
    for dr, dc in HALF_OFFSETS:
        fp = offset_footprint(dr, dc)
        # ok[r, c] = all footprint cells (r+fr, c+fc) are water (inside the grid)
        ok = np.ones(water.shape, dtype=bool)
        for fr, fc in fp:
            sh = np.zeros(water.shape, dtype=bool)
            r_lo, r_hi = max(0, -fr), min(nrow, nrow - fr)
            c_lo, c_hi = max(0, -fc), min(ncol, ncol - fc)
            sh[r_lo:r_hi, c_lo:c_hi] = water[r_lo + fr:r_hi + fr, c_lo + fc:c_hi + fc]
            ok &= sh
        r, c = np.nonzero(ok)
        a = idx[r, c]
        b = idx[r + dr, c + dc]
        assert (a >= 0).all() and (b >= 0).all()
        wgt = grid.cell * math.hypot(dr, dc)
        rows_all += [a, b]
        cols_all += [b, a]
        w_all.append(np.full(2 * len(a), wgt))
        log(f"    offset ({dr:+d},{dc:+d}): footprint {len(fp)} cells, {len(a)} edges")
    rows = np.concatenate(rows_all).astype(np.int32)
    cols = np.concatenate(cols_all).astype(np.int32)
    w = np.concatenate(w_all)
    g = scipy.sparse.csr_matrix((w, (rows, cols)), shape=(n, n))
    return g, idx


def nearest_water_cell(grid, x, y):
    """Nearest sea cell centre to projected point (x, y); brute force on a window."""
    u, v = grid.xy_to_uv(x, y)
    c0, r0 = int(math.floor(u)), int(math.floor(v))
    rad = 8
    while True:
        rlo, rhi = max(0, r0 - rad), min(grid.nrow, r0 + rad + 1)
        clo, chi = max(0, c0 - rad), min(grid.ncol, c0 + rad + 1)
        rr, cc = np.nonzero(grid.water[rlo:rhi, clo:chi])
        if len(rr):
            rr += rlo
            cc += clo
            d2 = (cc + 0.5 - u) ** 2 + (rr + 0.5 - v) ** 2
            k = int(np.argmin(d2))
            # a closer cell could exist outside the window only if d > rad
            if math.sqrt(d2[k]) <= rad - 1:
                return int(rr[k]), int(cc[k]), math.sqrt(d2[k]) * grid.cell
        rad *= 2


def string_pull(grid, path_rc):
    """Farthest-visible-vertex smoothing of a grid path (list of (r, c))."""
    out = [0]
    i = 0
    n = len(path_rc)
    while i < n - 1:
        j_best = i + 1
        for j in range(n - 1, i, -1):
            if j == i + 1 or grid.visible(*path_rc[i], *path_rc[j]):
                j_best = j
                break
        out.append(j_best)
        i = j_best
    return [path_rc[k] for k in out]


def string_pull_polygons(pts, land_prep):
    """Same farthest-visible smoothing, but visibility tested against the exact
    projected polygons instead of the water cells (removes the raster's
    conservatism while keeping the grid path's route around islands)."""
    out = [0]
    i = 0
    n = len(pts)
    while i < n - 1:
        j_best = i + 1
        for j in range(n - 1, i, -1):
            if j == i + 1 or not land_prep.intersects(LineString([pts[i], pts[j]])):
                j_best = j
                break
        out.append(j_best)
        i = j_best
    return [pts[k] for k in out]


def densify_xy(xs, ys, step):
    """Insert points along each projected segment so spacing <= step (metres)."""
    ox, oy = [xs[0]], [ys[0]]
    for k in range(1, len(xs)):
        L = math.hypot(xs[k] - xs[k - 1], ys[k] - ys[k - 1])
        m = max(1, int(math.ceil(L / step)))
        t = np.arange(1, m + 1) / m
        ox.extend((xs[k - 1] + t * (xs[k] - xs[k - 1])).tolist())
        oy.extend((ys[k - 1] + t * (ys[k] - ys[k - 1])).tolist())
    return np.array(ox), np.array(oy)


def haversine(lon0, lat0, lon1, lat1):
    p0, p1 = math.radians(lat0), math.radians(lat1)
    dp, dl = p1 - p0, math.radians(lon1 - lon0)
    a = math.sin(dp / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(dl / 2) ** 2
    return 2 * R_MEAN * math.asin(math.sqrt(a))


def stored_vertices(xs, ys, to_ll, land_ll_prep, max_v):
    """Lon/lat vertices to store: the smoothed turn points, plus points inserted
    along long projected segments (so straight lon/lat chords follow the LAEA
    line closely), within max_v in total."""
    L = np.hypot(np.diff(xs), np.diff(ys))
    total = L.sum()
    budget = max_v - len(xs)
    if budget < 0:
        raise RuntimeError("too many turn points to store; simplify first")
    step = total / max(1, budget) if budget > 0 else float("inf")
    step = max(step, 5000.0)
    while True:
        dx, dy = densify_xy(xs, ys, step)
        if len(dx) <= max_v:
            break
        step *= 1.1
    lon, lat = to_ll.transform(dx, dy)
    return np.asarray(lon), np.asarray(lat)


def narrow_gaps(countries, work_box, paths_ll):
    """Gaps narrower than GAP_LIST_WIDTH_M between any two polygon parts (same or
    different country) inside work_box that lie within GAP_LIST_NEAR_M of a
    path.  A raster closes channels narrower than ~2-3 cells, so these are the
    places where a finer grid or an exact method could find another route."""
    to_laea = pyproj.Transformer.from_crs("EPSG:4326", CRS_LAEA, always_xy=True)
    to_ll = pyproj.Transformer.from_crs(CRS_LAEA, "EPSG:4326", always_xy=True)
    b = box(*work_box)
    parts = []
    for iso, name, g in countries:
        c = g.intersection(b)
        for q in getattr(c, "geoms", [c]):
            if q.geom_type == "Polygon" and not q.is_empty:
                parts.append((iso, shp_transform(to_laea.transform, q)))
    lines = [LineString(list(zip(*to_laea.transform([v[0] for v in pl], [v[1] for v in pl]))))
             for pl in paths_ll]
    out = []
    for i in range(len(parts)):
        gi = parts[i][1]
        env = gi.buffer(GAP_LIST_WIDTH_M, resolution=2)
        for j in range(i + 1, len(parts)):
            gj = parts[j][1]
            if not env.intersects(gj):
                continue
            d = gi.distance(gj)
            if d <= 0.0 or d >= GAP_LIST_WIDTH_M:
                continue           # shared land border, or wide enough
            a, bb = nearest_points(gi, gj)
            near = min(ln.distance(a) for ln in lines)
            if near > GAP_LIST_NEAR_M:
                continue
            lon, lat = to_ll.transform((a.x + bb.x) / 2, (a.y + bb.y) / 2)
            out.append({"width_m": round(d, 0), "between": [parts[i][0], parts[j][0]],
                        "part_areas_km2": [round(gi.area / 1e6, 1), round(gj.area / 1e6, 1)],
                        "lonlat": [round(lon, 4), round(lat, 4)],
                        "distance_to_nearest_path_m": round(near, 0)})
    out.sort(key=lambda g: g["distance_to_nearest_path_m"])
    return out


# ----------------------------------------------------------------------------

def run(cell, countries, land_ll, land_ll_prep, pairs, work_box):
    t0 = time.time()
    log(f"== cell {cell:.0f} m, box {work_box}")
    to_laea = pyproj.Transformer.from_crs("EPSG:4326", CRS_LAEA, always_xy=True)
    to_ll = pyproj.Transformer.from_crs(CRS_LAEA, "EPSG:4326", always_xy=True)
    land_p = project_land(countries)
    extent = raster_extent(cell, work_box)
    land_p_prep = prep(unary_union(land_p))
    land = rasterize_land(land_p, extent, cell)
    log(f"  raster {land.shape[1]} x {land.shape[0]} cells, extent {extent}, "
        f"land fraction {land.mean():.3f}  ({time.time() - t0:.1f}s)")
    # keep the largest 4-connected water component (the open sea)
    lab, nlab = scipy.ndimage.label(land == 0)
    sizes = np.bincount(lab.ravel())
    sizes[0] = 0
    sea_label = int(np.argmax(sizes))
    water = lab == sea_label
    log(f"  {nlab} water components; sea component {sizes[sea_label]} cells, "
        f"dropped {int(sizes.sum() - sizes[sea_label])} cells in others")
    del lab
    grid = Grid(water, extent, cell)
    g, idx = build_graph(grid)
    log(f"  graph: {g.shape[0]} nodes, {g.nnz} directed edges ({time.time() - t0:.1f}s)")

    # endpoints -> nearest sea cell
    snap = {}
    for name in sorted({p for pr in pairs for p in pr}):
        lon, lat = PORTS[name]
        x, y = to_laea.transform(lon, lat)
        r, c, d = nearest_water_cell(grid, x, y)
        on_land = any(geom.contains(Point(lon, lat)) for _, _, geom in countries)
        snap[name] = dict(x=x, y=y, r=r, c=c, link_m=d, node=int(idx[r, c]),
                          port_inside_polygon=on_land)
        log(f"  {name}: inside a polygon={on_land}, link to sea cell {d:.0f} m")

    sources = sorted({a for a, b in pairs})
    src_nodes = [snap[s]["node"] for s in sources]
    t1 = time.time()
    dist, pred = scipy.sparse.csgraph.dijkstra(g, directed=True, indices=src_nodes,
                                               return_predecessors=True)
    log(f"  dijkstra from {len(src_nodes)} sources: {time.time() - t1:.1f}s")
    node_r, node_c = np.nonzero(water)  # node k -> (node_r[k], node_c[k]) (row-major order)

    results = []
    for a, b in pairs:
        si = sources.index(a)
        tgt = snap[b]["node"]
        if not np.isfinite(dist[si, tgt]):
            raise RuntimeError(f"no water path {a} -> {b}")
        nodes = [tgt]
        while nodes[-1] != snap[a]["node"]:
            nodes.append(int(pred[si, nodes[-1]]))
        nodes.reverse()
        path_rc = [(int(node_r[k]), int(node_c[k])) for k in nodes]
        grid_len = float(dist[si, tgt])
        t2 = time.time()
        sm = string_pull(grid, path_rc)
        xs, ys = grid.rc_to_xy([p[0] for p in sm], [p[1] for p in sm])
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        sm_len = float(np.hypot(np.diff(xs), np.diff(ys)).sum())
        # geodesic length of the same (projected-straight) polyline
        dx, dy = densify_xy(xs, ys, 1000.0)
        dlon, dlat = to_ll.transform(dx, dy)
        geo_len = float(GEOD.line_length(dlon, dlat))
        # sanity: densified path vs unprojected polygons
        line_ll = LineString(list(zip(dlon, dlat)))
        crosses = [name for iso, name, geom in countries if line_ll.intersects(geom)]
        # stored vertices (<= 200), and the same check on them as lon/lat chords
        slon, slat = stored_vertices(xs, ys, to_ll, land_ll_prep, MAX_STORED_VERTICES)
        slon[0], slat[0] = dlon[0], dlat[0]
        st_line = LineString(list(zip(slon, slat)))
        crosses_stored = [name for iso, name, geom in countries if st_line.intersects(geom)]
        # geodesic length of the stored polyline (geodesic between stored vertices)
        geo_len_stored = float(GEOD.line_length(slon, slat))
        la, lb = snap[a]["link_m"], snap[b]["link_m"]
        # polygon-exact taut variant (lower estimate of the conservatism)
        px, py = grid.rc_to_xy([p[0] for p in path_rc], [p[1] for p in path_rc])
        tp = string_pull_polygons(list(zip(np.asarray(px, float), np.asarray(py, float))), land_p_prep)
        tx, ty = np.array([q[0] for q in tp]), np.array([q[1] for q in tp])
        taut_len = float(np.hypot(np.diff(tx), np.diff(ty)).sum())
        tdx, tdy = densify_xy(tx, ty, 1000.0)
        tlon, tlat = to_ll.transform(tdx, tdy)
        taut_geo = float(GEOD.line_length(tlon, tlat))
        taut_line = LineString(list(zip(tlon, tlat)))
        crosses_taut = [name for iso, name, geom in countries if taut_line.intersects(geom)]
        # geodesic lengths of the end links
        (sx, sy), (ex, ey) = grid.rc_to_xy(*path_rc[0]), grid.rc_to_xy(*path_rc[-1])
        slon0, slat0 = to_ll.transform(float(sx), float(sy))
        elon0, elat0 = to_ll.transform(float(ex), float(ey))
        la_geo = GEOD.inv(*PORTS[a], slon0, slat0)[2]
        lb_geo = GEOD.inv(*PORTS[b], elon0, elat0)[2]
        gc = GEOD.inv(*PORTS[a], *PORTS[b])[2]
        hv = haversine(*PORTS[a], *PORTS[b])
        res = dict(
            cell_m=cell,
            grid_path_cells=len(path_rc),
            grid_length_m=grid_len,
            smoothed_vertices=len(sm),
            taut_polygon_length_m_water=taut_len, taut_polygon_geodesic_m_water=taut_geo,
            taut_polygon_vertices=len(tp), taut_crosses_polygons=crosses_taut,
            length_m_water=sm_len,
            link_start_m=la, link_end_m=lb,
            length_m_total=sm_len + la + lb,
            geodesic_length_m_water=geo_len,
            geodesic_length_m_total=geo_len + la_geo + lb_geo,
            geodesic_link_start_m=la_geo, geodesic_link_end_m=lb_geo,
            geodesic_length_m_stored_polyline=geo_len_stored,
            great_circle_m=gc, haversine_m=hv,
            crosses_polygons=crosses, stored_polyline_crosses_polygons=crosses_stored,
            port_start_inside_polygon=snap[a]["port_inside_polygon"],
            port_end_inside_polygon=snap[b]["port_inside_polygon"],
            water_start_lonlat=[slon0, slat0], water_end_lonlat=[elon0, elat0],
            smoothed_vertices_lonlat=[list(p) for p in zip(*to_ll.transform(xs, ys))],
            stored_lon=slon, stored_lat=slat,
        )
        log(f"  {a} -> {b}: grid {grid_len / 1e3:.1f} km ({len(path_rc)} cells), "
            f"smoothed {sm_len / 1e3:.2f} km ({len(sm)} vertices, {time.time() - t2:.1f}s), "
            f"+links {la / 1e3:.2f}+{lb / 1e3:.2f} km = {(sm_len + la + lb) / 1e3:.2f} km; "
            f"geodesic {geo_len / 1e3:.2f} km; great circle {gc / 1e3:.2f} km; "
            f"crosses {crosses or 'nothing'}; stored crosses {crosses_stored or 'nothing'}; "
            f"polygon-taut variant {taut_len / 1e3:.2f} km ({len(tp)} vertices, crosses {crosses_taut or 'nothing'})")
        results.append(res)
    elapsed = time.time() - t0
    log(f"  cell {cell:.0f} m done in {elapsed:.1f}s")
    return results, dict(raster_cols=int(water.shape[1]), raster_rows=int(water.shape[0]),
                         raster_extent_m=list(extent), sea_cells=int(water.sum()),
                         graph_directed_edges=int(g.nnz), seconds=round(elapsed, 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--cell", type=float, default=500.0, help="main cell size, metres")
    ap.add_argument("--wide", action="store_true",
                    help="main run on WIDE_BOX instead of ROUTE_BOX (mind memory)")
    ap.add_argument("--no-checks", action="store_true",
                    help="skip the convergence checks (2 km full box, 0.5 km reduced box)")
    ap.add_argument("--out", default=OUT_JSON)
    args = ap.parse_args()
    t0 = time.time()
    log(f"python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"shapely {shapely.__version__}, pyproj {pyproj.__version__}, gdal {gdal.__version__}")
    countries = load_countries()
    land_ll = unary_union([g for _, _, g in countries])
    land_ll_prep = prep(land_ll)

    main_box = WIDE_BOX if args.wide else ROUTE_BOX
    main_res, main_info = run(args.cell, countries, land_ll, land_ll_prep, PAIRS, main_box)
    main_info["work_box_lonlat"] = list(main_box)
    checks = []
    if not args.no_checks:
        for cell, wbox in CHECKS:
            res, info = run(cell, countries, land_ll, land_ll_prep, PAIRS, wbox)
            info["work_box_lonlat"] = list(wbox)
            checks.append((cell, wbox, res, info))

    t_g = time.time()
    gaps = narrow_gaps(countries, main_box, [r["smoothed_vertices_lonlat"] for r in main_res])
    log(f"narrow gaps (< {GAP_LIST_WIDTH_M:.0f} m) within {GAP_LIST_NEAR_M / 1e3:.0f} km of a path "
        f"({time.time() - t_g:.1f}s):")
    for g in gaps:
        log(f"   {g}")
    pairs_out = []
    for k, (a, b) in enumerate(PAIRS):
        r = main_res[k]
        item = {
            "from": a, "to": b,
            "from_lonlat": list(PORTS[a]), "to_lonlat": list(PORTS[b]),
            "crs": CRS_LAEA,
            "cell_m": r["cell_m"],
            "length_m_water": round(r["length_m_water"], 1),
            "link_start_m": round(r["link_start_m"], 1),
            "link_end_m": round(r["link_end_m"], 1),
            "length_m_total": round(r["length_m_total"], 1),
            "geodesic_length_m_water": round(r["geodesic_length_m_water"], 1),
            "geodesic_length_m_total": round(r["geodesic_length_m_total"], 1),
            "great_circle_m": round(r["great_circle_m"], 1),
            "haversine_m": round(r["haversine_m"], 1),
            "ratio_water_total_to_great_circle": round(r["geodesic_length_m_total"] / r["great_circle_m"], 4),
            "grid_length_m_before_smoothing": round(r["grid_length_m"], 1),
            "port_from_inside_polygon": r["port_start_inside_polygon"],
            "port_to_inside_polygon": r["port_end_inside_polygon"],
            "water_start_lonlat": [round(v, 6) for v in r["water_start_lonlat"]],
            "water_end_lonlat": [round(v, 6) for v in r["water_end_lonlat"]],
            "crosses_polygons": r["crosses_polygons"],
            "stored_path_crosses_polygons": r["stored_polyline_crosses_polygons"],
            "smoothed_turn_points_lonlat": [[round(x, 6), round(y, 6)] for x, y in r["smoothed_vertices_lonlat"]],
            "path_lonlat": [[round(float(x), 6), round(float(y), 6)]
                            for x, y in zip(r["stored_lon"], r["stored_lat"])],
            "path_lonlat_note": "smoothed water path (no end links), turn points plus points inserted along the "
                                "projected straight segments; straight LAEA segments between turn points",
        }
        item["taut_polygon_length_m_water"] = round(r["taut_polygon_length_m_water"], 1)
        item["taut_polygon_length_m_total"] = round(r["taut_polygon_length_m_water"] + r["link_start_m"] + r["link_end_m"], 1)
        item["taut_polygon_crosses_polygons"] = r["taut_crosses_polygons"]
        item["convergence_checks"] = []
        for cell, wbox, res, info in checks:
            c = res[k]
            item["convergence_checks"].append({
                "cell_m": c["cell_m"], "work_box_lonlat": list(wbox),
                "link_start_m": round(c["link_start_m"], 1), "link_end_m": round(c["link_end_m"], 1),
                "taut_polygon_length_m_water": round(c["taut_polygon_length_m_water"], 1),
                "crosses_polygons": c["crosses_polygons"],
                "smoothed_turn_points_lonlat": [[round(x, 6), round(y, 6)] for x, y in c["smoothed_vertices_lonlat"]],
                "length_m_water": round(c["length_m_water"], 1),
                "length_m_total": round(c["length_m_total"], 1),
                "geodesic_length_m_total": round(c["geodesic_length_m_total"], 1),
                "rel_diff_total_vs_main": round(c["length_m_total"] / r["length_m_total"] - 1, 5),
            })
        pairs_out.append(item)

    doc = {
        "description": "Reference shortest water paths (independent Python raster/Dijkstra implementation) "
                       "for borderflow's sea routing over geodata/samples/bangladesh/countries.gpkg. "
                       "Generated by tests/sea_reference/make_reference.py; see tests/sea_reference/README.md.",
        "source": "geodata/samples/bangladesh/countries.gpkg layer countries (Natural Earth 1:10m, EPSG:4326)",
        "method": {
            "crs": CRS_LAEA,
            "work_box_lonlat": list(main_box),
            "polygon_clip_box_lonlat": list(CLIP_BOX),
            "cell_m": args.cell,
            "land_rule": "GDAL rasterize ALL_TOUCHED=TRUE on the projected polygons: a cell is land if any part "
                         "of its square touches a polygon; water = whole cell outside all polygons; only the "
                         "largest 4-connected water component (the sea) is used",
            "graph": "16-neighbour (orthogonal, diagonal, knight) over water cells; edge only if every cell "
                     "touched by the centre-to-centre segment (supercover incl. corner touches) is water; "
                     "weight = planar length; scipy.sparse.csgraph.dijkstra",
            "smoothing": "string pulling: from the anchor jump to the farthest later grid-path vertex whose "
                         "segment touches only water cells (same supercover test)",
            "end_links": "straight segment from port to the nearest sea cell centre (planar); not checked "
                         "against land; included only in *_total",
            "length_m": "planar length in the LAEA CRS (metres)",
            "geodesic_length_m": "pyproj.Geod(ellps=WGS84).line_length of the path with every projected segment "
                                 "densified to <= 1 km and inverse-projected; *_total adds the geodesic lengths "
                                 "of the two end links",
            "great_circle_m": "pyproj.Geod(ellps=WGS84).inv between the two ports (ellipsoidal geodesic)",
            "haversine_m": "spherical great circle, R = 6371008.8 m",
            "expected_error": "see README: about +-1 % (dominated by the coastline generalisation/cell "
                              "conservatism near the ends, not by the grid)",
        },
        "run": {"main": main_info, "convergence_checks": [c[3] for c in checks],
                "total_seconds": round(time.time() - t0, 1),
                "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                             "scipy": scipy.__version__, "shapely": shapely.__version__,
                             "pyproj": pyproj.__version__, "gdal": gdal.__version__}},
        "narrow_gaps_near_paths": {
            "note": f"gaps < {GAP_LIST_WIDTH_M:.0f} m between polygon parts within "
                    f"{GAP_LIST_NEAR_M / 1e3:.0f} km of a main-run path",
            "gaps": gaps},
        "pairs": pairs_out,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    log(f"wrote {args.out}  (total {time.time() - t0:.1f}s)")
    bad = [p for p in pairs_out if p["crosses_polygons"] or p["stored_path_crosses_polygons"]
           or p["taut_polygon_crosses_polygons"] or any(c["crosses_polygons"] for c in p["convergence_checks"])]
    if bad:
        log("SANITY FAILURE: a path crosses a polygon")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

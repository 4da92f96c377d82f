#!/usr/bin/python3
"""The maps of `borderflow demo`, checked from outside:

* map.html opened in headless Chromium without a network (a proxy that
  refuses every connection): the page raised no script error, and the number
  of features drawn of each layer equals what the GeoPackage holds (read with
  GDAL's Python bindings; hot spot cells: those with a value or a non-zero
  bin), with the density overlay drawn once. A screenshot is saved.
* map.png: its size is the one asked for, and it is not blank: around the
  hottest cell of summary.json the pixels differ from the background colour
  of the map; the SVG and PDF are well-formed.

    map_check.py BORDERFLOW_EXE OUTPUT_DIR
"""
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.dom.minidom

from osgeo import gdal, ogr

gdal.UseExceptions()
ogr.UseExceptions()


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def expected_counts(gpkg):
    ds = ogr.Open(gpkg)
    out = {}
    for name in ("borders", "hotspot_cells", "border_segments", "route_edges", "corridors", "crossing_clusters",
                 "crossings", "chokepoints"):
        lyr = ds.GetLayerByName(name)
        if name == "hotspot_cells":
            n = sum(1 for f in lyr if (f.GetField("value") or 0) > 0 or (f.GetField("gi_bin") not in (None, 0)))
        else:
            n = lyr.GetFeatureCount()
        out[name] = min(n, 5000)  # the map's cap per layer (the demo is under it)
    return out


def chromium():
    for c in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(c):
            return c
    raise AssertionError("chromium is not installed (scripts/bootstrap.sh installs it)")


def merc(lon, lat):
    r = 6378137.0
    return math.radians(lon) * r, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * r


def main():
    exe, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        demo = os.path.join(tmp, "demo")
        p = subprocess.run([exe, "demo", "-q", "-o", demo], capture_output=True, text=True)
        check(p.returncode == 0, f"demo failed:\n{p.stdout}\n{p.stderr}")
        html = os.path.join(demo, "map.html")
        check(os.path.getsize(html) < 5 * 1024 * 1024, "the HTML map stays under 5 MiB")
        page = open(html, encoding="utf-8").read()
        check("Leaflet 1.9.4, a JS library for interactive maps" in page, "Leaflet's own code is inlined")
        check(not re.search(r'<(script|link)[^>]+(src|href)="https?:', page), "no external script or stylesheet")
        # Headless Chromium, no network.
        profile = os.path.join(tmp, "profile")
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--disable-background-networking",
               f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", "file://" + html]
        dom = subprocess.run(cmd, capture_output=True, text=True, timeout=300).stdout
        m = re.search(r'<pre id="bf-report">([^<]*)</pre>', dom)
        check(m and m.group(1), "the page wrote its report (did the script run?)")
        report = json.loads(m.group(1).replace("&quot;", '"'))
        check(report["errors"] == [], f"script errors: {report['errors']}")
        want = expected_counts(os.path.join(demo, "borderflow.gpkg"))
        for name, n in want.items():
            check(report["drawn"].get(name) == n, f"{name}: drew {report['drawn'].get(name)}, the GeoPackage has {n}")
        check(report["drawn"].get("density") == 1, "density overlay drawn")
        shot = os.path.join(out_dir, "map_html.png")
        subprocess.run(cmd[:-2] + ["--window-size=1400,1000", f"--screenshot={shot}", "file://" + html],
                       capture_output=True, timeout=300)
        check(os.path.exists(shot) and os.path.getsize(shot) > 10000, "screenshot of the HTML map")
        # The static maps: explicit size and box, so that pixels can be located.
        bbox = (87.0, 19.0, 94.0, 27.0)
        png, svg, pdf = (os.path.join(tmp, "m." + e) for e in ("png", "svg", "pdf"))
        p = subprocess.run([exe, "map", os.path.join(demo, "borderflow.gpkg"), "--png", png, "--svg", svg, "--pdf", pdf,
                            "--width", "1000", "--height", "800", "--dpi", "96", "--bbox", ",".join(map(str, bbox))],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"map failed:\n{p.stdout}\n{p.stderr}")
        shutil.copy(png, os.path.join(out_dir, "map_static.png"))
        with open(png, "rb") as fh:
            head = fh.read(24)
        check(head[:8] == b"\x89PNG\r\n\x1a\n", "a PNG")
        w, h = struct.unpack(">II", head[16:24])
        check((w, h) == (1000, 800), f"PNG size {w}x{h}")
        img = gdal.Open(png)
        bands = [img.GetRasterBand(i + 1).ReadAsArray() for i in range(3)]
        # Mapnik's zoom_to_box widens the box to the image's aspect ratio.
        x0, y0 = merc(bbox[0], bbox[1])
        x1, y1 = merc(bbox[2], bbox[3])
        cx, cy, bw, bh = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
        if bw / bh > w / h:
            bh = bw * h / w
        else:
            bw = bh * w / h
        summary = json.load(open(os.path.join(demo, "summary.json")))
        top = summary["hotspots"]["top_cells"][0]
        px, py = merc(top["lon"], top["lat"])
        col, row = int((px - (cx - bw / 2)) / bw * w), int(((cy + bh / 2) - py) / bh * h)
        check(0 <= col < w and 0 <= row < h, f"the hottest cell ({top['near']}) is on the map")
        background = (0xdd, 0xe7, 0xef)
        def differs(r, c):
            return any(abs(int(bands[k][r][c]) - background[k]) > 12 for k in range(3))
        near = [(r, c) for r in range(max(0, row - 12), min(h, row + 13)) for c in range(max(0, col - 12), min(w, col + 13))]
        share = sum(differs(r, c) for r, c in near) / len(near)
        check(share > 0.5, f"around the hottest cell only {share:.0%} of the pixels differ from the background")
        # The hot spot fill itself: Gi* bin 3 (214, 47, 39) at 80 % over the map
        # comes out near (210, 40, 40); the density's dark red alone is near
        # (192, 23, 58) and a blank map (221, 231, 239): neither passes.
        def hot(r, c):
            return abs(int(bands[0][r][c]) - 212) <= 12 and 30 <= int(bands[1][r][c]) <= 65 and 25 <= int(bands[2][r][c]) <= 60
        hot_share = sum(hot(r, c) for r, c in near) / len(near)
        check(hot_share > 0.15, f"around the hottest cell only {hot_share:.0%} of the pixels have the hot spot colour")
        import statistics
        lum = [sum(int(bands[k][r][c]) for k in range(3)) for r in range(0, h, 7) for c in range(0, w, 7)]
        check(statistics.pstdev(lum) > 20, "the map is not blank")
        xml.dom.minidom.parse(svg)
        check(open(pdf, "rb").read(5) == b"%PDF-", "a PDF")
    print(f"maps: HTML drew {sum(report['drawn'].values())} features with no script error offline; PNG {w}x{h} "
          f"shows the hot spot near {top['near']} ({hot_share:.0%} of the pixels around it in the 99 % hot spot colour); SVG and PDF well-formed")


if __name__ == "__main__":
    main()

// Sea navigation on the bundled sample: build time, graph size, throughput of
// 10,000 legs between random coastal places of the Bay of Bengal and the
// Andaman Sea, and the Teknaf -> Langkawi leg (checked against the land with
// GEOS). Prints figures; asserts nothing.
//
//   sea_bench [countries.gpkg] [threads] [--legs N] [--out FILE] [--build-only]
//
//   countries.gpkg  land polygons, lon/lat (default: the bundled sample)
//   threads         threads for the build and the legs (default: 0 = all cores
//                   for the build, 2 for the legs)
//   --legs N        number of random legs (default 10000)
//   --out FILE      write the legs as JSON: the CRS, and per leg the two places
//                   (lon/lat), borderflow's planar length (m) and its path
//                   (lon/lat, inverse-projected from the working CRS), so that
//                   a peer can be run on the same pairs (bench/sea/sea_compare.py)
//   --build-only    read and build only (bench/sea/sea_compare.py --osm)
//
// Built by bench/CMakeLists.txt (target sea_bench, -DBORDERFLOW_BUILD_BENCHMARKS=ON);
// it reads the file with GDAL itself, which the engine never links.
// Working CRS: +proj=laea +lat_0=15 +lon_0=95 (metres).
// Places: 300 land vertices of the region (79..100.5E, 5..23N) moved by up to
// 5 km, kept when a separate navigator finds navigable water within reach
// (so that choosing them does not warm the timed one); legs: N random
// pairs of them, run twice (cold: the lazy graph is built as the legs need
// it; warm: it is all there).
#include <gdal/ogrsf_frmts.h>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/geometry/detail/geos_handle.hpp"
#include "engine/geometry/projection.hpp"
#include "engine/geometry/validity.hpp"
#include "engine/sea/navigation.hpp"

using namespace borderflow;
using geometry::Coord;

namespace {

geometry::Ring ring_of(const OGRLinearRing* r) {
  geometry::Ring out;
  for (int i = 0; i < r->getNumPoints(); ++i) out.push_back({r->getX(i), r->getY(i)});
  return out;
}

void add_polygon(const OGRPolygon* p, geometry::MultiPolygon& out) {
  geometry::Polygon poly;
  poly.shell = ring_of(p->getExteriorRing());
  for (int i = 0; i < p->getNumInteriorRings(); ++i) poly.holes.push_back(ring_of(p->getInteriorRing(i)));
  out.push_back(std::move(poly));
}

// CPU seconds of the process so far (all threads): the machine may be shared.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int over_land(const std::vector<geometry::MultiPolygon>& land, const sea::SeaPath& p) {
  namespace gd = geometry::detail;
  GEOSContextHandle_t ctx = gd::geos_context();
  const std::size_t first = p.start_link_over_land ? 1 : 0;
  const std::size_t last = p.path.size() - 1 - (p.end_link_over_land ? 1 : 0);
  int hits = 0;
  for (const auto& unit : land) {
    gd::GeomPtr g = gd::to_geos(geometry::repair_polygonal(unit).area);
    for (std::size_t i = first; i < last; ++i) {
      gd::GeomPtr seg = gd::to_geos(geometry::LineString{p.path[i], p.path[i + 1]});
      if (GEOSIntersects_r(ctx, g.get(), seg.get()) == 1) ++hits;
    }
  }
  return hits;
}

}  // namespace

int main(int argc, char** argv) {
  std::string file = "geodata/samples/bangladesh/countries.gpkg";
  int threads = 0;
  std::size_t n_legs = 10000;
  std::string out_file;
  bool build_only = false;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--legs" && i + 1 < argc) n_legs = static_cast<std::size_t>(std::atol(argv[++i]));
    else if (a == "--out" && i + 1 < argc) out_file = argv[++i];
    else if (a == "--build-only") build_only = true;
    else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "sea_bench: unknown option %s (see the header of bench/sea/sea_bench.cpp)\n", a.c_str());
      return 2;
    } else if (positional++ == 0) file = a;
    else threads = std::atoi(a.c_str());
  }
  const auto read_t0 = std::chrono::steady_clock::now();
  GDALAllRegister();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  if (!ds) {
    std::fprintf(stderr, "cannot open %s\n", file.c_str());
    return 3;
  }
  const geometry::Projection proj("+proj=laea +lat_0=15 +lon_0=95 +datum=WGS84 +units=m +no_defs");
  std::vector<geometry::MultiPolygon> land;
  std::vector<Coord> coast_lonlat;  // land vertices around the Bay of Bengal and the Andaman Sea
  OGRLayer* layer = ds->GetLayer(0);
  for (auto& f : *layer) {
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    geometry::MultiPolygon mp;
    if (wkbFlatten(g->getGeometryType()) == wkbPolygon) add_polygon(g->toPolygon(), mp);
    else if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon)
      for (const OGRPolygon* p : *g->toMultiPolygon()) add_polygon(p, mp);
    for (auto& p : mp) {
      for (const Coord& c : p.shell)
        if (c.x > 79 && c.x < 100.5 && c.y > 5 && c.y < 23) coast_lonlat.push_back(c);
      proj.forward_in_place(p.shell);
      for (auto& h : p.holes) proj.forward_in_place(h);
    }
    land.push_back(std::move(mp));
  }
  GDALClose(ds);
  std::size_t vertices = 0;
  for (const auto& u : land) vertices += geometry::vertex_count(u);
  std::printf("read %s: %.3f s (GDAL read + projection): units %zu, land vertices %zu\n", file.c_str(),
              seconds_since(read_t0), land.size(), vertices);

  sea::NavigationOptions opt;
  opt.threads = threads;
  const double build_cpu0 = cpu_seconds();
  const sea::Navigator nav(land, opt);
  const double build_cpu = cpu_seconds() - build_cpu0;
  std::printf("build %.3f s wall, %.3f s CPU (threads %d): nodes %zu, obstacle polygons %zu, obstacle vertices %zu\n",
              nav.build_seconds(), build_cpu, threads, nav.node_count(), nav.obstacles().size(),
              geometry::vertex_count(nav.obstacles()));
  if (build_only) return 0;

  // Teknaf -> Langkawi.
  {
    const auto t0 = std::chrono::steady_clock::now();
    const auto p = nav.route(proj.forward({92.3058, 20.8624}), proj.forward({99.8450, 6.3200}));
    const double s = seconds_since(t0);
    if (!p) {
      std::printf("Teknaf -> Langkawi: no water path\n");
    } else {
      const Coord a = proj.forward({92.3058, 20.8624}), b = proj.forward({99.8450, 6.3200});
      std::printf("Teknaf -> Langkawi: %.1f km (straight %.1f km), %zu vertices, links %.2f km%s / %.2f km%s, "
                  "segments over land (GEOS): %d, first query %.3f s\n",
                  p->length_m / 1000, std::hypot(b.x - a.x, b.y - a.y) / 1000, p->path.size(), p->start_link_m / 1000,
                  p->start_link_over_land ? " (over land)" : "", p->end_link_m / 1000,
                  p->end_link_over_land ? " (over land)" : "", over_land(land, *p), s);
      for (Coord c : p->path) {
        const Coord ll = proj.inverse(c);
        std::printf("  %.4f %.4f\n", ll.x, ll.y);
      }
    }
  }

  // Against the independent raster reference (tests/sea_reference,
  // tests/data/sea/reference_paths.json: 0.5 km cells, 16-neighbour Dijkstra,
  // string pulling; length_m_total, links included).
  {
    struct Ref {
      const char* name;
      Coord a, b;
      double ref_m;
    };
    const Ref refs[] = {
        {"Teknaf -> Langkawi", {92.3058, 20.8624}, {99.845, 6.32}, 1826772.9},
        {"Teknaf -> Ranong", {92.3058, 20.8624}, {98.6348, 9.9658}, 1401182.8},
        {"Shah Porir Dwip -> Langkawi", {92.3333, 20.7667}, {99.845, 6.32}, 1815697.9},
        {"Cox's Bazar -> Penang George Town", {91.9794, 21.4272}, {100.3354, 5.4141}, 2004026.1},
    };
    for (const Ref& r : refs) {
      const auto p = nav.route(proj.forward(r.a), proj.forward(r.b));
      if (!p) std::printf("%s: no water path (reference %.1f km)\n", r.name, r.ref_m / 1000);
      else
        std::printf("%s: %.1f km, reference %.1f km (%+.2f %%), links %.2f%s / %.2f%s km, over land: %d\n", r.name,
                    p->length_m / 1000, r.ref_m / 1000, 100 * (p->length_m / r.ref_m - 1), p->start_link_m / 1000,
                    p->start_link_over_land ? " (land)" : "", p->end_link_m / 1000,
                    p->end_link_over_land ? " (land)" : "", over_land(land, *p));
    }
  }

  // Straits and channels that must stay open: each leg crosses one; a path
  // close to the straight line says the channel is open.
  {
    struct Leg {
      const char* name;
      Coord a, b;
    };
    const Leg legs[] = {
        {"Preparis Channel (14.5N)", {92.8, 14.5}, {94.2, 14.5}},
        {"Coco Channel (13.85N)", {92.5, 13.85}, {93.9, 13.85}},
        {"Ten Degree Channel (10N)", {91.8, 10.0}, {93.2, 10.0}},
        {"Malacca Strait: Penang -> Port Dickson", {100.33, 5.42}, {101.80, 2.52}},
        {"Malacca Strait: Belawan -> Port Klang", {98.70, 3.80}, {101.39, 3.00}},
    };
    for (const Leg& l : legs) {
      const Coord a = proj.forward(l.a), b = proj.forward(l.b);
      const auto p = nav.route(a, b);
      const double straight = std::hypot(b.x - a.x, b.y - a.y);
      if (!p) std::printf("%s: no water path\n", l.name);
      else
        std::printf("%s: %.1f km, straight %.1f km (x%.3f), links %.1f / %.1f km, over land: %d\n", l.name,
                    p->length_m / 1000, straight / 1000, p->length_m / straight, p->start_link_m / 1000,
                    p->end_link_m / 1000, over_land(land, *p));
    }
  }

  // 300 random coastal places (a land vertex of the region moved up to 5 km,
  // kept when it is within reach of navigable water), 10,000 legs.
  std::mt19937 rng(2026);
  std::uniform_int_distribution<std::size_t> pick(0, coast_lonlat.size() - 1);
  std::uniform_real_distribution<double> off(-5000, 5000);
  std::vector<Coord> places;
  const sea::Navigator chooser(land, opt);  // a second navigator, so that choosing does not warm `nav`
  while (places.size() < 300) {
    Coord c = proj.forward(coast_lonlat[pick(rng)]);
    c.x += off(rng);
    c.y += off(rng);
    if (chooser.route(c, c)) places.push_back(c);
  }
  std::uniform_int_distribution<std::size_t> which(0, places.size() - 1);
  std::vector<std::pair<std::size_t, std::size_t>> legs;
  while (legs.size() < n_legs) {
    const std::size_t a = which(rng), b = which(rng);
    if (a != b) legs.push_back({a, b});
  }
  const int nt = threads > 0 ? threads : 2;
  std::vector<std::optional<sea::SeaPath>> paths(legs.size());
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> length(legs.size(), -1);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
#pragma omp parallel for num_threads(nt) schedule(dynamic, 16)
    for (std::size_t i = 0; i < legs.size(); ++i) {
      auto p = nav.route(places[legs[i].first], places[legs[i].second]);
      if (p) length[i] = p->length_m;
      if (pass == 1) paths[i] = std::move(p);  // kept outside the timed work: a move
    }
    const double s = seconds_since(t0), cpu = cpu_seconds() - c0;
    std::size_t ok = 0;
    double total = 0;
    for (double l : length)
      if (l >= 0) ++ok, total += l;
    std::printf("%s pass: %zu legs in %.3f s wall, %.3f s CPU (%d threads), %.1f us per leg: %zu routed, "
                "mean %.1f km, visibility edges %zu\n",
                pass == 0 ? "first" : "second", legs.size(), s, cpu, nt,
                1e6 * s / static_cast<double>(std::max<std::size_t>(legs.size(), 1)), ok, total / static_cast<double>(std::max<std::size_t>(ok, 1)) / 1000,
                nav.edge_count());
  }
  if (!out_file.empty()) {
    std::FILE* f = std::fopen(out_file.c_str(), "w");
    if (!f) {
      std::fprintf(stderr, "sea_bench: cannot write %s\n", out_file.c_str());
      return 3;
    }
    std::fprintf(f, "{\"crs\": \"%s\", \"file\": \"%s\", \"legs\": [\n", proj.target().c_str(), file.c_str());
    for (std::size_t i = 0; i < legs.size(); ++i) {
      const Coord a = proj.inverse(places[legs[i].first]), b = proj.inverse(places[legs[i].second]);
      std::fprintf(f, "%s{\"from\": [%.7f, %.7f], \"to\": [%.7f, %.7f], ", i ? ",\n" : "", a.x, a.y, b.x, b.y);
      const auto& p = paths[i];
      if (!p) {
        std::fprintf(f, "\"length_m\": null, \"path\": null}");
        continue;
      }
      std::fprintf(f, "\"length_m\": %.1f, \"start_link_m\": %.1f, \"end_link_m\": %.1f, \"path\": [", p->length_m,
                   p->start_link_m, p->end_link_m);
      for (std::size_t k = 0; k < p->path.size(); ++k) {
        const Coord ll = proj.inverse(p->path[k]);
        std::fprintf(f, "%s[%.7f, %.7f]", k ? ", " : "", ll.x, ll.y);
      }
      std::fprintf(f, "]}");
    }
    std::fprintf(f, "\n]}\n");
    if (std::fclose(f) != 0) {
      std::fprintf(stderr, "sea_bench: cannot write %s\n", out_file.c_str());
      return 3;
    }
    std::printf("legs written to %s\n", out_file.c_str());
  }
  // Over-land check on a sample of the legs.
  int bad = 0, checked = 0;
  for (std::size_t i = 0; i < legs.size(); i += 100) {
    const auto p = nav.route(places[legs[i].first], places[legs[i].second]);
    if (!p) continue;
    ++checked;
    if (over_land(land, *p) > 0) ++bad;
  }
  std::printf("over-land check (GEOS) on %d legs: %d with a segment over land\n", checked, bad);
  return 0;
}

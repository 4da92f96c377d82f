// libFuzzer target: the readers of route, place, port, incident and border
// layers — CSV (itinerary tables, WKT columns, lon/lat columns), GeoJSON and
// GPX, through GDAL as the CLI reads them. Borders must come out valid.
//
// The bytes are written to a file in a private temporary folder (the readers
// open paths, as the CLI does); a leading '{' makes it .geojson, '<' .gpx,
// anything else .csv. Itinerary tables resolve against the sample's gazetteer.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "engine/core/diagnostics.hpp"
#include "engine/geometry/validity.hpp"
#include "fuzz_support.hpp"
#include "geodata/gdal_env.hpp"
#include "geodata/readers.hpp"

using namespace borderflow;

namespace {

struct Workspace {
  std::string dir;
  routes::Gazetteer places;
  Workspace() {
    geodata::ensure_gdal();
    std::string pattern = (std::getenv("TMPDIR") ? std::string(std::getenv("TMPDIR")) : std::string("/tmp")) +
                          "/borderflow-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) fuzz::fail("cannot create a temporary folder in " + pattern);
    dir = pattern;
    places = geodata::read_places(std::string(BORDERFLOW_SAMPLES_DIR) + "/bangladesh/places.csv", {});
  }
  ~Workspace() {
    for (const char* ext : {"csv", "geojson", "gpx"}) std::remove((dir + "/input." + ext).c_str());
    rmdir(dir.c_str());
  }
};

std::string write_input(const Workspace& ws, std::string_view bytes) {
  const std::size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const char lead = first == std::string_view::npos ? ' ' : bytes[first];
  const std::string path = ws.dir + "/input." + (lead == '{' ? "geojson" : lead == '<' ? "gpx" : "csv");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) fuzz::fail("cannot write " + path);
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) fuzz::fail("short write");
  std::fclose(f);
  return path;
}

void check_lonlat(const geometry::Coord& c, const char* what) {
  FUZZ_CHECK(std::isfinite(c.x) && std::isfinite(c.y), std::string(what) + " with a non-finite coordinate");
  FUZZ_CHECK(c.x >= -180.0 && c.x <= 180.0 && c.y >= -90.0 && c.y <= 90.0,
             std::string(what) + " outside lon/lat range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Workspace ws;
  const std::string path = write_input(ws, {reinterpret_cast<const char*>(data), size});

  geodata::ReadOptions options;
  options.assume_crs = "EPSG:4326";
  Diagnostics diagnostics;
  geodata::RouteRead read;
  if (fuzz::clean([&] { read = geodata::read_routes(path, options, &ws.places, diagnostics); })) {
    FUZZ_CHECK(!read.routes.empty(), "a read without routes");
    FUZZ_CHECK(read.form == "lines" || read.form == "itinerary", "unknown form " + read.form);
    std::set<std::string> ids;
    std::size_t legs = 0;
    for (const routes::Route& r : read.routes) {
      FUZZ_CHECK(!r.legs.empty(), "route '" + r.attributes.route_id + "' without legs");
      FUZZ_CHECK(std::isfinite(r.attributes.weight) && r.attributes.weight > 0, "weight not positive and finite");
      if (r.attributes.confidence)
        FUZZ_CHECK(*r.attributes.confidence >= 0 && *r.attributes.confidence <= 1, "confidence outside 0..1");
      FUZZ_CHECK(ids.insert(r.attributes.route_id).second, "route id '" + r.attributes.route_id + "' twice");
      for (const routes::Leg& leg : r.legs) {
        FUZZ_CHECK(leg.path.size() >= 2, "a leg of fewer than two vertices");
        for (const auto& c : leg.path) check_lonlat(c, "a route vertex");
      }
      legs += r.legs.size();
    }
    FUZZ_CHECK(legs == read.legs, "leg count differs from the legs read");
    if (fuzz::verbose()) std::fprintf(stderr, "  %zu routes (%s)\n", read.routes.size(), read.form.c_str());
  }
  routes::Gazetteer places;
  if (fuzz::clean([&] { places = geodata::read_places(path, options); }))
    for (const routes::Place& p : places.places()) {
      check_lonlat(p.lonlat, "a place");
      FUZZ_CHECK(places.find(p.name).has_value(), "place '" + p.name + "' not found by its own name");
    }
  std::vector<frontier::Port> ports;
  if (fuzz::clean([&] { ports = geodata::read_ports(path, options); }))
    for (const frontier::Port& p : ports) check_lonlat(p.lonlat, "a port");
  geodata::BorderReadOptions border_options;
  border_options.assume_crs = "EPSG:4326";
  geodata::BorderRead borders;
  if (fuzz::clean([&] { borders = geodata::read_borders(path, border_options, diagnostics); })) {
    FUZZ_CHECK(!borders.input.units.empty() || !borders.input.lines.empty(), "borders read without units or lines");
    std::set<std::string> unit_ids;
    for (const frontier::BorderUnit& u : borders.input.units) {
      FUZZ_CHECK(!u.id.empty() && unit_ids.insert(u.id).second, "a unit id empty or repeated: '" + u.id + "'");
      FUZZ_CHECK(!u.area.empty(), "unit '" + u.id + "' without area");
      for (const auto& p : u.area)
        for (const auto& c : p.shell) check_lonlat(c, "a border vertex");
      // What the engine gets is valid: repaired (GEOS MakeValid), and merged.
      const std::string reason = geometry::validity_reason(u.area);
      FUZZ_CHECK(reason == "Valid Geometry", "unit '" + u.id + "' is invalid after the reader's repair: " + reason);
    }
  }
  geodata::IncidentRead incidents;
  if (fuzz::clean([&] { incidents = geodata::read_incidents(path, options, "", ""); })) {
    FUZZ_CHECK(incidents.weight.size() == incidents.lonlat.size(), "one weight per incident");
    for (std::size_t i = 0; i < incidents.lonlat.size(); ++i) {
      check_lonlat(incidents.lonlat[i], "an incident");
      FUZZ_CHECK(std::isfinite(incidents.weight[i]), "a non-finite incident weight");
    }
  }
  return 0;
}

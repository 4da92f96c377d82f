// Runs the real `borderflow` binary and checks exit codes and messages.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/test_support.hpp"

using borderflow::test::data;
using borderflow::test::sample;
using borderflow::test::TempDir;

namespace {

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
};

Result run(const std::string& args) {
  const std::string cmd = std::string(BORDERFLOW_EXE) + " " + args + " 2>&1";
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) r.out += buf.data();
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string q(const std::string& s) { return "'" + s + "'"; }

std::string sample_inputs() {
  return "--borders " + q(sample("countries.gpkg") + ":countries") + " --places " + q(sample("places.csv")) +
         " --ports " + q(sample("ports.csv"));
}

}  // namespace

TEST(Cli, InfoOnTheSampleGivesDriverLayersAndValidity) {
  const Result r = run("info " + q(sample("countries.gpkg")));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("driver: GPKG"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("layer countries"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("crs: EPSG:4326"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("iso_a3 (String)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("polygons checked"), std::string::npos) << r.out;
}

TEST(Cli, InfoJsonParses) {
  const Result r = run("info --format json " + q(data("units.geojson")) + " 2>/dev/null");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["layers"][0]["feature_count"], 3);
  EXPECT_EQ(j[0]["layers"][0]["validity"]["invalid"], 1);
}

TEST(Cli, MissingFileExitsWithInputCode) {
  const Result r = run("info /no/such/file.gpkg");
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.out.find("/no/such/file.gpkg: no such file or directory"), std::string::npos) << r.out;
}

TEST(Cli, BadUsageExitsWithUsageCode) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("info").code, 2);
  EXPECT_EQ(run("frobnicate").code, 2);
}

TEST(Cli, ValidateTheSampleReportsCountsAndCrs) {
  const Result r = run("validate " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("read as itinerary"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("working CRS: +proj=laea"), std::string::npos) << r.out;
}

TEST(Cli, NoCrsIsACrsErrorUnlessAssumed) {
  const std::string base = "validate --borders " + q(data("units.geojson")) + " --routes " + q(data("routes_no_crs.csv"));
  Result r = run(base);
  EXPECT_EQ(r.code, 5) << r.out;
  EXPECT_NE(r.out.find("has no coordinate reference system"), std::string::npos) << r.out;
  r = run(base + " --assume-crs EPSG:4326");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("working CRS: EPSG:32645"), std::string::npos) << r.out;  // 88.5..89.5 E -> UTM 45N
}

TEST(Cli, UnknownPlaceNamesFileLineAndSuggestions) {
  const Result r = run("validate --borders " + q(data("units.geojson")) + " --places " + q(data("places_small.csv")) +
                       " --routes " + q(data("itinerary_unknown_place.csv")));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("itinerary_unknown_place.csv, line 2: unknown place 'Benapol'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("closest known names: 'Benapole'"), std::string::npos) << r.out;
}

TEST(Cli, BadWeightNamesLineAndField) {
  const Result r = run("validate --borders " + q(data("units.geojson")) + " --places " + q(data("places_small.csv")) +
                       " --routes " + q(data("itinerary_bad_weight.csv")));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("line 3: field 'weight' has 'abc', which is not a number"), std::string::npos) << r.out;
}

TEST(Cli, InvalidPolygonIsRepairedAndReported) {
  const Result r = run("validate --borders " + q(data("units.geojson")) + " --routes " + q(data("legs.csv")));
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("1 repaired"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("invalid polygon of 'CCC' repaired"), std::string::npos) << r.out;
}

TEST(Cli, NanCoordinateIsAGeometryError) {
  TempDir tmp;
  const std::string path = tmp / "nan.csv";
  std::ofstream(path) << "route_id,wkt\nN1,\"LINESTRING (88 22, 89 nan)\"\n";
  std::ofstream(tmp / "nan.prj") << "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
                                    "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]";
  const Result r = run("validate --borders " + q(data("units.geojson")) + " --routes " + q(path));
  EXPECT_EQ(r.code, 4) << r.out;
  EXPECT_NE(r.out.find("nan.csv, line 2"), std::string::npos) << r.out;
}

TEST(Cli, UnknownFieldInWhereListsTheFields) {
  const Result r = run("validate --borders " + q(data("units.geojson")) + " --routes " + q(data("legs.csv")) +
                       " --where \"gender = 'f'\"");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("fields are: route_id, leg, mode, weight"), std::string::npos) << r.out;
}

TEST(Cli, DemoRunsOnTheBundledSample) {
  TempDir tmp;
  const Result r = run("demo -o " + q(tmp / "demo"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("illustrative"), std::string::npos);
  const auto report = nlohmann::json::parse(std::ifstream(tmp / "demo/summary.json"));
  EXPECT_GE(report["inputs"]["routes"]["routes"].get<int>(), 60);
  EXPECT_TRUE(report["inputs"]["warnings"].is_array());
  EXPECT_GT(report["crossings"]["crossings"].get<int>(), 0);
  EXPECT_GT(report["corridors"]["corridors"].get<int>(), 0);
  EXPECT_TRUE(std::filesystem::exists(tmp / "demo/borderflow.gpkg"));
  EXPECT_TRUE(std::filesystem::exists(tmp / "demo/density.tif"));
  EXPECT_GT(report["hotspots"]["cells"]["count"].get<int>(), 0);
}

TEST(Cli, HotspotsWritesItsLayersAndPrintsTheTopHotSpots) {
  TempDir tmp;
  const std::string out = tmp / "hot.gpkg";
  const Result r = run("hotspots " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                       " -o " + q(out) + " --cell-size 25 --segment-km 5 --by crime");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Hot spot cells:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("of 25 km"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hot spot, 99 %"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("By group:"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(tmp / "density.tif"));
  const Result info = run("info --format json --no-validity " + q(out) + " 2>/dev/null");
  ASSERT_EQ(info.code, 0) << info.out;
  std::set<std::string> layers;
  const auto j = nlohmann::json::parse(info.out);
  for (const auto& l : j[0]["layers"]) layers.insert(l["name"].get<std::string>());
  // The sample's routes have years 2015-2024: the emerging hot spots come by default.
  EXPECT_EQ(layers, (std::set<std::string>{"borders", "crossings", "hotspot_cells", "border_segments",
                                           "crossing_clusters", "emerging_hotspots"}));
  EXPECT_NE(r.out.find("Emerging hot spots: `year` by year, 10 steps (2015 to 2024)"), std::string::npos) << r.out;
  // --time none: no trend layer.
  const Result off = run("hotspots " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                         " -o " + q(tmp / "off.gpkg") + " --cell-size 25 --time none");
  ASSERT_EQ(off.code, 0) << off.out;
  EXPECT_EQ(off.out.find("Emerging hot spots"), std::string::npos) << off.out;
  EXPECT_EQ(off.out.find("emerging_hotspots"), std::string::npos) << off.out;
}

TEST(Cli, HotspotsOfIncidentsByQuarterWriteEmergingHotSpots) {
  TempDir tmp;
  // Incidents at Teknaf in every quarter of 2021-2022, more each quarter, and
  // a few at Benapole; dates in two forms.
  {
    std::ofstream f(tmp / "incidents.csv");
    f << "lon,lat,date\n";
    for (int q = 0; q < 8; ++q)
      for (int k = 0; k <= q; ++k)
        f << 92.30 + 0.01 * k << ",20.86," << 2021 + q / 4 << "-" << (q % 4) * 3 + 1 << (q % 2 ? "-15" : "") << "\n";
    f << "88.90,23.04,2021-05-02\n88.91,23.05,\n";
  }
  // Months 1, 4, 7, 10 written without a leading zero are not ISO dates: refused, naming the line.
  const Result bad = run("hotspots " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                         " -o " + q(tmp / "bad.gpkg") + " --value incidents --incidents " + q(tmp / "incidents.csv") +
                         " --time date --time-step quarter");
  EXPECT_EQ(bad.code, 3) << bad.out;
  EXPECT_NE(bad.out.find("is not a year or a date"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("incidents.csv"), std::string::npos) << bad.out;
  {
    std::ofstream f(tmp / "incidents.csv");
    f << "lon,lat,date\n";
    for (int q = 0; q < 8; ++q)
      for (int k = 0; k <= q; ++k)
        f << 92.30 + 0.01 * k << ",20.86," << 2021 + q / 4 << "-" << ((q % 4) * 3 + 1 < 10 ? "0" : "")
          << (q % 4) * 3 + 1 << (q % 2 ? "-15" : "") << "\n";
    f << "88.90,23.04,2021-05-02\n88.91,23.05,\n";
  }
  const std::string out = tmp / "inc.gpkg";
  const Result r = run("hotspots " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                       " -o " + q(out) + " --value incidents --incidents " + q(tmp / "incidents.csv") +
                       " --time date --time-step quarter --min-count 0 --format json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
  const auto& e = j["emerging"];
  EXPECT_EQ(e["time_field"], "date");
  EXPECT_EQ(e["time_step"], "quarter");
  EXPECT_EQ(e["steps"], (nlohmann::json{"2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q2", "2022Q3", "2022Q4"}));
  // 1 + 2 + ... + 8 at Teknaf, one at Benapole in 2021Q2; one incident without a date.
  EXPECT_EQ(e["records_without_step"], 1);
  std::vector<double> per_step;
  for (const auto& s : e["per_step"]) per_step.push_back(s["value"].get<double>());
  EXPECT_EQ(per_step, (std::vector<double>{1, 3, 3, 4, 5, 6, 7, 8}));
}

TEST(Cli, HotspotsIncidentsNeedsAnIncidentLayer) {
  TempDir tmp;
  const Result r = run("hotspots " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                       " -o " + q(tmp / "x.gpkg") + " --value incidents");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--incidents"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(tmp / "x.gpkg"));
}

TEST(Cli, AnalyzeFlagsOverrideTheConfigFile) {
  TempDir tmp;
  const std::string out = tmp / "a.gpkg";
  const Result r = run("analyze -q --config " + q(sample("analysis.toml")) + " -o " + q(out) +
                       " --cell-size 50 --port-radius 2500 --no-density");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto s = nlohmann::json::parse(std::ifstream(tmp / "summary.json"));
  EXPECT_EQ(s["parameters"]["hotspots"]["cell_size_km"].get<double>(), 50.0);
  EXPECT_EQ(s["parameters"]["chosen"]["cell_size_m"].get<double>(), 50000.0);
  EXPECT_EQ(s["parameters"]["crossings"]["port_radius_m"].get<double>(), 2500.0);
  EXPECT_EQ(s["parameters"]["crossings"]["coast_gap_m"].get<double>(), 5000.0);  // from the file
  EXPECT_FALSE(s["parameters"]["density"]["enabled"].get<bool>());
  EXPECT_FALSE(std::filesystem::exists(tmp / "density.tif"));
  EXPECT_EQ(r.out.find("[100%]"), std::string::npos) << "-q: no progress";
}

TEST(Cli, ConfigErrorsNameTheFileLineAndTheClosestKey) {
  TempDir tmp;
  const std::string cfg = tmp / "bad.toml";
  std::ofstream(cfg) << "[hotspots]\ncell_size_km = 20\ncel_size = 3\n";
  Result r = run("analyze --config " + q(cfg) + " -o " + q(tmp / "o.gpkg"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("bad.toml, line 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did you mean 'cell_size_km'"), std::string::npos) << r.out;
  std::ofstream(cfg) << "[hotspot]\n";
  r = run("analyze --config " + q(cfg) + " -o " + q(tmp / "o.gpkg"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("did you mean [hotspots]"), std::string::npos) << r.out;
  std::ofstream(cfg) << "[crossings]\nport_radius_m = \"far\"\n";
  r = run("analyze --config " + q(cfg) + " -o " + q(tmp / "o.gpkg"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("must be a number"), std::string::npos) << r.out;
  std::ofstream(cfg) << "[inputs\nborders = 1\n";
  r = run("analyze --config " + q(cfg) + " -o " + q(tmp / "o.gpkg"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("not valid TOML"), std::string::npos) << r.out;
  r = run("analyze --config " + q(tmp / "missing.toml") + " -o " + q(tmp / "o.gpkg"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_FALSE(std::filesystem::exists(tmp / "o.gpkg"));
}

TEST(Cli, AnalyzeRefusesOutOfRangeOptionsAsUsageErrors) {
  TempDir tmp;
  for (const char* bad : {"--cell-size 0.001", "--eps-m inf", "--segment-km 1e-300", "--summary " /* same as -o */}) {
    std::string args = "analyze -q --config " + q(sample("analysis.toml")) + " -o " + q(tmp / "o.gpkg") + " " + bad;
    if (std::string(bad) == "--summary ") args += q(tmp / "o.gpkg");
    const Result r = run(args);
    EXPECT_EQ(r.code, 2) << bad << "\n" << r.out;
    EXPECT_EQ(r.out.find("internal error"), std::string::npos) << r.out;
  }
  EXPECT_FALSE(std::filesystem::exists(tmp / "o.gpkg"));
}

TEST(Cli, AnalyzeWithOneCrossingWarnsThatThereIsNoDensity) {
  TempDir tmp;
  std::ofstream(tmp / "one.csv") << "route_id,itinerary,modes\nR1,Benapole > Petrapole > Bongaon,land\n";
  const Result r = run("analyze -q " + sample_inputs() + " --routes " + q(tmp / "one.csv") + " -o " + q(tmp / "o.gpkg"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("no density raster"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("only 1 crossings"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(tmp / "density.tif"));
}

TEST(Cli, FlagsTurnConfigBooleansBothWays) {
  TempDir tmp;
  std::ofstream(tmp / "c.toml") << "[hotspots]\nfdr = false\n[density]\nenabled = false\n";
  const Result r = run("analyze -q --config " + q(tmp / "c.toml") + " " + sample_inputs() + " --routes " +
                       q(sample("routes_illustrative.csv")) + " -o " + q(tmp / "o.gpkg") + " --fdr --with-density");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto s = nlohmann::json::parse(std::ifstream(tmp / "summary.json"));
  EXPECT_TRUE(s["parameters"]["hotspots"]["fdr"].get<bool>());
  EXPECT_TRUE(s["parameters"]["density"]["enabled"].get<bool>());
  EXPECT_TRUE(std::filesystem::exists(tmp / "density.tif"));
}

TEST(Cli, AnalyzeLeavesNothingBehindWhenAnInputIsBad) {
  TempDir tmp;
  TempDir in;
  std::ofstream(in / "bad.csv") << "route_id,itinerary,weight\nR1,Jashore > Benapole > Petrapole,-3\n";
  const Result r = run("analyze " + sample_inputs() + " --routes " + q(in / "bad.csv") + " -o " + q(tmp / "o.gpkg"));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("bad.csv, line 2"), std::string::npos) << r.out;
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 0u) << r.out;
}

TEST(Cli, CrossingsWritesBordersAndCrossingsAndPrintsTheTable) {
  TempDir tmp;
  const std::string out = tmp / "cross.gpkg";
  const Result r = run("crossings " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                       " -o " + q(out));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("BGD    IND    land"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("written to " + out), std::string::npos) << r.out;
  const Result info = run("info --format json " + q(out) + " 2>/dev/null");
  ASSERT_EQ(info.code, 0) << info.out;
  const auto j = nlohmann::json::parse(info.out);
  std::set<std::string> layers;
  for (const auto& l : j[0]["layers"]) layers.insert(l["name"].get<std::string>());
  EXPECT_EQ(layers, (std::set<std::string>{"borders", "crossings"}));
}

TEST(Cli, CrossingsRefusesToOverwriteAnInput) {
  TempDir tmp;
  const std::string copy = tmp / "routes.csv";
  std::filesystem::copy_file(sample("routes_illustrative.csv"), copy);
  const Result r = run("crossings " + sample_inputs() + " --routes " + q(copy) + " -o " + q(copy));
  EXPECT_EQ(r.code, 6) << r.out;
  EXPECT_NE(r.out.find("would overwrite the input"), std::string::npos) << r.out;
}

TEST(Cli, GdalStyleOfSelectsTheDriver) {
  TempDir tmp;
  const std::string out = tmp / "cross.fgb";
  const Result r = run("crossings " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                       " -o " + q(out) + " -of FlatGeobuf");
  // FlatGeobuf holds one layer per file: the second layer cannot be created, and
  // nothing is left behind.
  EXPECT_EQ(r.code, 6) << r.out;
  EXPECT_NE(r.out.find("one layer per file"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, CorridorsWritesTheGraphLayers) {
  TempDir tmp;
  const std::string out = tmp / "cor.gpkg";
  const Result r = run("corridors " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) +
                       " -o " + q(out) + " --checkpoints 5");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("top corridors"), std::string::npos) << r.out;
  // The first checkpoint intercepts the 506 persons of the sea routes off the
  // Rakhine coast: 506 of the sample's 1488 = 34.0 %.
  EXPECT_NE(r.out.find("  1.   506.0   34.0%"), std::string::npos) << r.out;
  const Result info = run("info --format json " + q(out) + " 2>/dev/null");
  ASSERT_EQ(info.code, 0) << info.out;
  std::set<std::string> layers;
  const auto j = nlohmann::json::parse(info.out);
  for (const auto& l : j[0]["layers"]) layers.insert(l["name"].get<std::string>());
  EXPECT_EQ(layers, (std::set<std::string>{"route_edges", "route_nodes", "corridors", "chokepoints"}));
}

TEST(Cli, PathPrintsPathsAndBordersAndExplainsUnknownPlaces) {
  const std::string base = "path " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv"));
  Result r = run(base + " --from Jashore --to Kolkata --k 2");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("crosses: land BGD>IND"), std::string::npos) << r.out;
  r = run(base + " --from Jashore --to Kolkata --format geojson 2>/dev/null");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto fc = nlohmann::json::parse(r.out);
  EXPECT_EQ(fc["type"], "FeatureCollection");
  EXPECT_EQ(fc["features"][0]["geometry"]["type"], "LineString");
  r = run(base + " --from Jashor --to Kolkata");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("closest known names: 'Jashore'"), std::string::npos) << r.out;
}

TEST(Cli, PathWithinListsReachablePlaces) {
  const std::string base = "path " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv"));
  // Benapole -> Petrapole -> Bongaon: 2.4 km and 5.4 km further (geodesic legs of
  // the gazetteer coordinates), both well inside 20 km.
  Result r = run(base + " --from Benapole --within-km 20");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Petrapole"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Bongaon"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Kolkata"), std::string::npos) << r.out;  // about 75 km away
  r = run(base + " --from Benapole");
  EXPECT_EQ(r.code, 2) << r.out;
}

namespace {

// Every number under a weight-like key of `j` is null or at least `k`.
void expect_no_weight_below(const nlohmann::json& j, double k, const std::string& where) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if ((it.key() == "weight" || it.key() == "flow" || it.key() == "value") && it->is_number()) {
        const double v = it->get<double>();
        EXPECT_FALSE(v > 0.0 && v < k) << where << "." << it.key() << " = " << v;
      }
      expect_no_weight_below(*it, k, where + "." + it.key());
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) expect_no_weight_below(j[i], k, where + "[" + std::to_string(i) + "]");
  }
}

}  // namespace

TEST(Cli, JsonSummariesFollowMinCount) {
  // K = 200 withholds most pairs of the sample (its largest weights are a few hundred):
  // the printed JSON publishes no weight, flow or value below it, and says how many it withheld.
  TempDir tmp;
  for (const std::string cmd : {"crossings", "corridors", "hotspots"}) {
    const Result r = run(cmd + " " + sample_inputs() + " --routes " + q(sample("routes_illustrative.csv")) + " -o " +
                         q(tmp / (cmd + ".gpkg")) + " --min-count 200 --format json -q 2>/dev/null");
    ASSERT_EQ(r.code, 0) << r.out;
    const auto j = nlohmann::json::parse(r.out);
    expect_no_weight_below(j, 200.0, cmd);
    EXPECT_EQ(j["protection"]["min_count"], 200.0);
    EXPECT_GT(j["protection"]["suppressed_summary_values"].get<std::size_t>(), 0u) << cmd;
  }
}

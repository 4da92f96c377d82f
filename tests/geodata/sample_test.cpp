// The bundled Bangladesh sample loads completely: every itinerary resolves,
// every place lies where its country says, and the counts match the files.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include "engine/geometry/validity.hpp"
#include "geodata/load.hpp"
#include "support/test_support.hpp"

using namespace borderflow;
using borderflow::test::sample;

namespace {

std::size_t data_rows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line))
    if (!line.empty()) ++n;
  return n - 1;  // header
}

geodata::LoadOptions sample_options() {
  geodata::LoadOptions o;
  o.borders = sample("countries.gpkg") + ":countries";
  o.places = sample("places.csv");
  o.routes = sample("routes_illustrative.csv");
  o.ports = sample("ports.csv");
  return o;
}

}  // namespace

TEST(BangladeshSample, LoadsEveryRouteAndPlace) {
  const geodata::LoadedInputs in = geodata::load_inputs(sample_options());
  EXPECT_EQ(in.routes.routes.size(), data_rows(sample("routes_illustrative.csv")));
  EXPECT_GE(in.routes.routes.size(), 60u);
  EXPECT_EQ(in.places.size(), data_rows(sample("places.csv")));
  EXPECT_EQ(in.ports.size(), data_rows(sample("ports.csv")));
  std::set<std::string> ids;
  for (const auto& u : in.borders.input.units) ids.insert(u.id);
  for (const char* iso : {"BGD", "IND", "MMR", "NPL", "BTN", "THA", "MYS", "IDN", "LKA"})
    EXPECT_TRUE(ids.count(iso)) << iso;
  EXPECT_EQ(in.borders.id_field, "iso_a3");
  // The routes run from India (about 72 E) to Indonesia: too wide for one UTM zone.
  EXPECT_NE(in.working_crs.definition.find("+proj=laea"), std::string::npos);
}

TEST(BangladeshSample, WhereFilterSelectsTraffickingSince2020) {
  geodata::LoadOptions o = sample_options();
  o.where = "crime = 'TIP' AND CAST(year AS INTEGER) >= 2020";
  const geodata::LoadedInputs in = geodata::load_inputs(o);
  ASSERT_FALSE(in.routes.routes.empty());
  for (const auto& r : in.routes.routes) {
    EXPECT_EQ(r.attributes.crime, routes::Crime::tip);
    EXPECT_GE(*r.attributes.year, 2020);
  }
  EXPECT_LT(in.routes.routes.size(), data_rows(sample("routes_illustrative.csv")));
}

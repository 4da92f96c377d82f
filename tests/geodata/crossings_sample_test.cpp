// Crossings on the bundled Bangladesh sample (Natural Earth 1:10m borders).
#include <gtest/gtest.h>

#include "engine/crossings/analysis.hpp"
#include "engine/routes/itinerary.hpp"
#include "geodata/load.hpp"
#include "support/test_support.hpp"

using namespace borderflow;
using borderflow::test::sample;

namespace {

struct Sample {
  geodata::LoadedInputs in;
  Sample() {
    geodata::LoadOptions o;
    o.borders = sample("countries.gpkg") + ":countries";
    o.places = sample("places.csv");
    o.routes = sample("routes_illustrative.csv");
    o.ports = sample("ports.csv");
    in = geodata::load_inputs(o);
  }
  // Crossings of one itinerary, as "FROM>TO kind@port".
  std::vector<std::string> cross(const std::string& itinerary, const std::string& modes) {
    routes::Route r = routes::resolve_itinerary(itinerary, modes, {}, in.places, InputLocation("test"));
    Diagnostics d;
    const auto a = crossings::analyze_crossings(in.borders.input, {r}, in.ports, in.working_crs.definition,
                                                std::nullopt, std::nullopt, {}, d);
    std::vector<std::string> out;
    for (const auto& c : a.result.crossings) {
      std::string s = (c.from_unit ? a.frontier.units()[*c.from_unit].id : "sea") + ">" +
                      (c.to_unit ? a.frontier.units()[*c.to_unit].id : "sea") + " " +
                      std::string(crossings::to_string(c.kind));
      if (c.port) s += "@" + in.ports[*c.port].name;
      out.push_back(s);
    }
    return out;
  }
};

Sample& bangladesh() {
  static Sample s;
  return s;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST(SampleCrossings, BenapolePetrapoleCrossesOnceIntoIndiaFormallyAtBenapole) {
  // At 1:10m the border lies about 3 km west of the real one, beyond Petrapole,
  // so the crossing falls on the way on to Bongaon, 4.8 km from Benapole Land Port.
  EXPECT_EQ(bangladesh().cross("Benapole > Petrapole > Bongaon", "land"), Ids{"BGD>IND land@Benapole Land Port"});
}

TEST(SampleCrossings, TeknafToRanongBySeaLeavesOneCoastAndReachesAnother) {
  EXPECT_EQ(bangladesh().cross("Teknaf > Bay of Bengal (off Teknaf) > Bay of Bengal (off Rakhine coast) > "
                               "Bay of Bengal (west of Cape Negrais) > Andaman Sea (Preparis Channel) > "
                               "Andaman Sea (central) > Andaman Sea (west of Ranong) > Ranong",
                               "sea"),
            (Ids{"BGD>sea coast_out", "sea>THA coast_in"}));
}

TEST(SampleCrossings, AirLegDhakaKualaLumpurCrossesNothing) {
  EXPECT_TRUE(bangladesh().cross("Dhaka > Kuala Lumpur", "air").empty());
}

TEST(SampleCrossings, WholeSampleIsDeterministicAndCountsEveryRoute) {
  Sample& s = bangladesh();
  Diagnostics d1, d2;
  crossings::CrossingAnalysisOptions one;
  one.crossing.threads = 1;
  const auto a = crossings::analyze_crossings(s.in.borders.input, s.in.routes.routes, s.in.ports,
                                              s.in.working_crs.definition, std::nullopt, std::nullopt, one, d1);
  const auto b = crossings::analyze_crossings(s.in.borders.input, s.in.routes.routes, s.in.ports,
                                              s.in.working_crs.definition, std::nullopt, std::nullopt, {}, d2);
  ASSERT_EQ(a.result.crossings.size(), b.result.crossings.size());
  for (std::size_t i = 0; i < a.result.crossings.size(); ++i) EXPECT_EQ(a.result.crossings[i].lonlat, b.result.crossings[i].lonlat);
  EXPECT_EQ(a.result.legs, s.in.routes.legs);
  // Every Bangladesh-India land border pair comes out once.
  std::size_t bgd_ind = 0;
  for (const auto& line : a.borders) bgd_ind += (line.unit_a == "BGD" && line.unit_b == "IND");
  EXPECT_EQ(bgd_ind, 1u);
}

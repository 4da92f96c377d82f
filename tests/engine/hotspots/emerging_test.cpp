// Emerging hot spots: the categories on hand-made series (each expected
// category worked out from ArcGIS's rules as the README writes them), the
// Mann-Kendall test on hand calculations, the space-time Gi* on a cube small
// enough to sum by hand, and the time steps of field values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/hotspots/emerging.hpp"

using namespace borderflow::hotspots;

namespace {

EmergingCategory cat(std::vector<std::int8_t> bins, double z = 0.0, double p = 1.0) {
  return classify_emerging(bins, z, p, 0.05);
}

Neighbours line_of_three() {
  Neighbours nb;
  nb.offsets = {0, 1, 3, 4};
  nb.index = {1, 0, 2, 1};
  return nb;
}

}  // namespace

TEST(Emerging, HotCategoriesByHand) {
  // Hot only in the final step, never before.
  EXPECT_EQ(cat({0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), EmergingCategory::new_hot);
  // Cold before but never hot before: "never been a hot spot before" still holds.
  EXPECT_EQ(cat({-1, 0, 0, 0, 0, 0, 0, 0, 0, 1}), EmergingCategory::new_hot);
  // One run of three at the end, nothing hot before it, 3 of 10 < 90 %.
  EXPECT_EQ(cat({0, 0, 0, 0, 0, 0, 0, 1, 1, 1}), EmergingCategory::consecutive_hot);
  EXPECT_EQ(cat({0, -1, 0, 0, 0, 0, 0, 0, 1, 1}), EmergingCategory::consecutive_hot);
  // Five steps: a final run of four is 80 % < 90 %, so consecutive.
  EXPECT_EQ(cat({0, 1, 1, 1, 1}), EmergingCategory::consecutive_hot);
  // 9 of 10 hot (90 %) including the final step, rising z, significant.
  EXPECT_EQ(cat({0, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 2.5, 0.012), EmergingCategory::intensifying_hot);
  EXPECT_EQ(cat({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 2.5, 0.012), EmergingCategory::intensifying_hot);
  // The same with no significant trend: persistent; with a falling one: diminishing.
  EXPECT_EQ(cat({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1.2, 0.23), EmergingCategory::persistent_hot);
  EXPECT_EQ(cat({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, -2.5, 0.012), EmergingCategory::diminishing_hot);
  // p exactly alpha is not significant.
  EXPECT_EQ(cat({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1.96, 0.05), EmergingCategory::persistent_hot);
  // Persistent is checked before historical: 90 % hot, final not hot, no trend.
  EXPECT_EQ(cat({1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, 0.3, 0.7), EmergingCategory::persistent_hot);
  // ... and with a significant trend it is historical.
  EXPECT_EQ(cat({1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, -3.0, 0.003), EmergingCategory::historical_hot);
  // On and off, hot in the final step, never cold: sporadic; cold once: oscillating.
  EXPECT_EQ(cat({1, 0, 1, 0, 0, 1, 0, 0, 0, 1}), EmergingCategory::sporadic_hot);
  EXPECT_EQ(cat({0, 0, 0, 0, 0, 0, 0, 1, 0, 1}), EmergingCategory::sporadic_hot);
  EXPECT_EQ(cat({1, 0, -1, 0, 0, 1, 0, 0, 0, 1}), EmergingCategory::oscillating_hot);
  // 8 of 10 hot, final not hot: no pattern.
  EXPECT_EQ(cat({0, 1, 1, 1, 1, 1, 1, 1, 1, 0}, 3.0, 0.003), EmergingCategory::none);
  EXPECT_EQ(cat({0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), EmergingCategory::none);
  EXPECT_EQ(cat({}), EmergingCategory::none);
}

TEST(Emerging, ColdCategoriesMirrorHot) {
  EXPECT_EQ(cat({0, 0, 0, 0, 0, 0, 0, 0, 0, -1}), EmergingCategory::new_cold);
  EXPECT_EQ(cat({0, 0, 0, 0, 0, 0, 0, -1, -1, -1}), EmergingCategory::consecutive_cold);
  // Intensifying cold: clustering of low values growing stronger, z falling.
  EXPECT_EQ(cat({-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, -2.5, 0.012), EmergingCategory::intensifying_cold);
  EXPECT_EQ(cat({-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, 0.5, 0.6), EmergingCategory::persistent_cold);
  EXPECT_EQ(cat({-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, 2.5, 0.012), EmergingCategory::diminishing_cold);
  EXPECT_EQ(cat({-1, 0, -1, 0, 0, 0, 0, 0, 0, -1}), EmergingCategory::sporadic_cold);
  EXPECT_EQ(cat({-1, 0, 1, 0, 0, 0, 0, 0, 0, -1}), EmergingCategory::oscillating_cold);
  EXPECT_EQ(cat({-1, -1, -1, -1, -1, -1, -1, -1, -1, 0}, 3.0, 0.003), EmergingCategory::historical_cold);
  EXPECT_EQ(to_string(EmergingCategory::intensifying_cold), "intensifying cold spot");
  EXPECT_EQ(to_string(EmergingCategory::none), "no pattern detected");
}

TEST(Emerging, MannKendallByHand) {
  // 1..5: every pair rises, S = 10, var S = 5*4*15/18.
  const std::vector<double> rising{1, 2, 3, 4, 5};
  const MannKendall a = mann_kendall(rising);
  EXPECT_EQ(a.s, 10.0);
  EXPECT_DOUBLE_EQ(a.var_s, 300.0 / 18.0);
  EXPECT_NEAR(a.z, 2.449489742783178, 1e-12);
  EXPECT_NEAR(a.p, 0.014305878435429655, 1e-12);
  // 1, 2, 2, 3: S = 5 (the tied pair counts 0); var S = (4*3*13 - 2*1*9) / 18.
  const std::vector<double> tied{1, 2, 2, 3};
  const MannKendall b = mann_kendall(tied);
  EXPECT_EQ(b.s, 5.0);
  EXPECT_DOUBLE_EQ(b.var_s, 138.0 / 18.0);
  EXPECT_NEAR(b.z, 1.8057877962865378, 1e-12);
  EXPECT_NEAR(b.p, 0.07095149242730567, 1e-12);
  // Falling gives the negative z.
  const std::vector<double> falling{5, 4, 3, 2, 1};
  EXPECT_NEAR(mann_kendall(falling).z, -2.449489742783178, 1e-12);
  // Nothing to test: z 0, p 1.
  const std::vector<double> flat{2, 2, 2};
  EXPECT_EQ(mann_kendall(flat).z, 0.0);
  EXPECT_EQ(mann_kendall(flat).p, 1.0);
  EXPECT_EQ(mann_kendall(std::vector<double>{1.0}).p, 1.0);
}

TEST(Emerging, SpaceTimeGiStarByHand) {
  // Locations 0 - 1 - 2 in a line, two steps, window 1. Values
  // (location-major): 0: [1, 3], 1: [2, 6], 2: [0, 0]. n = 6, mean 2,
  // S = sqrt(26 / 6).
  const std::vector<double> v{1, 3, 2, 6, 0, 0};
  EmergingOptions o;
  o.fdr = false;
  const EmergingResult r = emerging_hotspots(v, 2, line_of_three(), o);
  EXPECT_DOUBLE_EQ(r.mean, 2.0);
  EXPECT_DOUBLE_EQ(r.std_dev, std::sqrt(26.0 / 6.0));
  // (0, 0): bins 0 and 1 of step 0: W = 2, sum 3, var (6*2 - 4)/5.
  EXPECT_NEAR(r.z[0], -0.37977726265637496, 1e-12);
  // (0, 1): locations 0, 1 at steps 0 and 1: W = 4, sum 12, var (24 - 16)/5.
  EXPECT_NEAR(r.z[1], 1.5191090506254998, 1e-12);
  // (1, 1): every bin of the cube (W = n): no z, as Gi* with every location a neighbour.
  EXPECT_TRUE(std::isnan(r.z[3]));
  // (2, 1): locations 1, 2 at steps 0, 1: sum 8 = mean * W.
  EXPECT_NEAR(r.z[5], 0.0, 1e-12);
  // Window 0: only the same step.
  o.window = 0;
  const EmergingResult w0 = emerging_hotspots(v, 2, line_of_three(), o);
  EXPECT_NEAR(w0.z[0], r.z[0], 1e-12);  // step 0 has nothing before it
  // (0, 1) with window 0: locations 0, 1 at step 1: W = 2, sum 9.
  EXPECT_NEAR(w0.z[1], (9.0 - 4.0) / (std::sqrt(26.0 / 6.0) * std::sqrt(1.6)), 1e-12);
}

TEST(Emerging, RejectsBadInput) {
  const std::vector<double> v{1, 2, 3};
  EXPECT_THROW(emerging_hotspots(v, 2, line_of_three()), std::invalid_argument);
  EXPECT_THROW(emerging_hotspots(v, 0, line_of_three()), std::invalid_argument);
  const std::vector<double> bad{1, 2, NAN, 1, 1, 1};
  EXPECT_THROW(emerging_hotspots(bad, 2, line_of_three()), std::invalid_argument);
}

TEST(Emerging, TimeStepsOfFieldValues) {
  EXPECT_EQ(time_step_key("2021", TimeStep::year), 2021);
  EXPECT_EQ(time_step_key(" 2021.0 ", TimeStep::year), 2021);
  EXPECT_EQ(time_step_key("2021-03-15", TimeStep::year), 2021);
  EXPECT_EQ(time_step_key("2021-03-15T10:00:00Z", TimeStep::quarter), 2021 * 4 + 0);
  EXPECT_EQ(time_step_key("2021-04", TimeStep::quarter), 2021 * 4 + 1);
  EXPECT_EQ(time_step_key("2021-12-31", TimeStep::month), 2021 * 12 + 11);
  EXPECT_FALSE(time_step_key("2021", TimeStep::month));  // a bare year has no month
  EXPECT_FALSE(time_step_key("", TimeStep::year));
  EXPECT_FALSE(time_step_key("spring 2021", TimeStep::year));
  EXPECT_FALSE(time_step_key("2021-13", TimeStep::month));
  EXPECT_FALSE(time_step_key("2021/03/15", TimeStep::month));
  EXPECT_EQ(time_step_label(2021 * 4 + 3, TimeStep::quarter), "2021Q4");
  EXPECT_EQ(time_step_label(2021 * 12 + 2, TimeStep::month), "2021-03");
  EXPECT_EQ(time_step_label(2021, TimeStep::year), "2021");
}

// The cube of reference/make_emerging_reference.py (numpy + scipy, written
// apart from the engine): a lattice with clusters planted for each hot
// pattern, Gi* z per bin, bins, the Mann-Kendall z and the categories.
TEST(Emerging, AgreesWithAnIndependentNumpyImplementation) {
  std::ifstream in(std::string(BORDERFLOW_TEST_SOURCE_DIR) + "/engine/hotspots/reference/emerging_reference.json");
  ASSERT_TRUE(in) << "emerging_reference.json missing";
  const nlohmann::json ref = nlohmann::json::parse(in);
  Neighbours nb;
  nb.offsets = ref["offsets"].get<std::vector<std::uint64_t>>();
  nb.index = ref["index"].get<std::vector<std::uint32_t>>();
  const auto values = ref["values"].get<std::vector<double>>();
  const std::size_t T = ref["steps"].get<std::size_t>();
  EmergingOptions o;
  o.window = ref["window"].get<std::size_t>();
  o.trend_alpha = ref["trend_alpha"].get<double>();
  const EmergingResult r = emerging_hotspots(values, T, nb, o);
  for (int l = 0; l < 3; ++l) EXPECT_NEAR(r.p_threshold[l], ref["p_thresholds"][l].get<double>(), 1e-15) << l;
  std::size_t defined = 0;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (ref["z"][k].is_null()) {
      EXPECT_TRUE(std::isnan(r.z[k])) << k;
      continue;
    }
    ++defined;
    const double z = ref["z"][k].get<double>();
    EXPECT_NEAR(r.z[k], z, 1e-9 * std::max(1.0, std::abs(z))) << k;
    EXPECT_NEAR(r.p[k], ref["p"][k].get<double>(), 1e-9) << k;
    EXPECT_EQ(r.bin[k], ref["bins"][k].get<int>()) << k;
  }
  EXPECT_EQ(defined, values.size());
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < r.locations; ++i) {
    EXPECT_EQ(r.trend[i].s, ref["mk_s"][i].get<double>()) << i;
    EXPECT_NEAR(r.trend[i].var_s, ref["mk_var"][i].get<double>(), 1e-9) << i;
    EXPECT_NEAR(r.trend[i].z, ref["mk_z"][i].get<double>(), 1e-9) << i;
    EXPECT_NEAR(r.trend[i].p, ref["mk_p"][i].get<double>(), 1e-9) << i;
    EXPECT_EQ(to_string(r.category[i]), ref["categories"][i].get<std::string>()) << i;
    ++seen[std::string(to_string(r.category[i]))];
  }
  // The planted clusters give every hot pattern.
  for (const char* c : {"new hot spot", "consecutive hot spot", "intensifying hot spot", "persistent hot spot",
                        "diminishing hot spot", "sporadic hot spot", "oscillating hot spot", "historical hot spot"})
    EXPECT_GT(seen[c], 0) << c;
  // Any thread count gives the same bits.
  EmergingOptions one = o;
  one.threads = 1;
  const EmergingResult r1 = emerging_hotspots(values, T, nb, one);
  for (std::size_t k = 0; k < values.size(); ++k) EXPECT_EQ(std::memcmp(&r1.z[k], &r.z[k], sizeof(double)), 0) << k;
}

TEST(Emerging, BinsNextToSmallCountsAreWithheld) {
  // Line 0 - 1 - 2, two steps, window 1, K = 5: location 2 holds 3 persons
  // at step 0. Withheld: every bin whose neighbourhood holds (2, 0) -
  // (1, 0), (2, 0), (1, 1), (2, 1) - and not location 0 (not a neighbour of 2).
  const std::vector<double> persons{10, 10, 10, 10, 3, 0};
  const auto w = bins_next_to_small_counts(persons, 2, line_of_three(), 1, 5.0);
  EXPECT_EQ(w, (std::vector<char>{0, 0, 1, 1, 1, 1}));
  // Window 0: the step-1 bins no longer see step 0.
  EXPECT_EQ(bins_next_to_small_counts(persons, 2, line_of_three(), 0, 5.0), (std::vector<char>{0, 0, 1, 0, 1, 0}));
  // K <= 1 withholds nothing.
  EXPECT_EQ(bins_next_to_small_counts(persons, 2, line_of_three(), 1, 0.0), (std::vector<char>(6, 0)));
}

// The disclosure rules on small hand-made tables. Every expected row was
// worked out by hand from the rules in engine/protection/disclosure.hpp,
// with K = 11 unless a test says otherwise.
#include "engine/protection/disclosure.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace borderflow::protection {
namespace {

Measure values(std::vector<std::optional<double>> v) {
  Measure m;
  m.value = std::move(v);
  return m;
}

using Flags = std::vector<char>;

TEST(Disclosure, PrimaryWithholdsPositiveValuesBelowK) {
  // 3 < 11 withheld; 0 is not a count of anyone; 11 is published (the rule is "below K").
  Table t;
  t.rows = 5;
  t.measures = {values({3.0, 20.0, 0.0, 11.0, std::nullopt})};
  const Withheld w = withhold(t, 11.0);
  EXPECT_EQ(w.measure[0], (Flags{1, 0, 0, 0, 0}));
  EXPECT_EQ(w.row, (Flags{1, 0, 0, 0, 0}));
  EXPECT_TRUE(w.near.empty());
}

TEST(Disclosure, NothingWithheldWhenKIsOneOrLess) {
  Table t;
  t.rows = 2;
  t.measures = {values({3.0, 0.5})};
  for (double k : {0.0, 1.0}) {
    const Withheld w = withhold(t, k);
    EXPECT_EQ(w.measure[0], (Flags{0, 0}));
    EXPECT_EQ(w.row, (Flags{0, 0}));
  }
}

TEST(Disclosure, OneHiddenValueInAGroupTakesTheSmallestOtherWithIt) {
  //  row  pair     weight
  //   0   BGD-IND     3   primary
  //   1   BGD-IND    20
  //   2   BGD-IND    15   complement: the smallest other of BGD-IND (the pair's total is published)
  //   3   BGD-MMR    30
  //   4   BGD-MMR    40   (no hidden value in this group: untouched)
  Measure m = values({3.0, 20.0, 15.0, 30.0, 40.0});
  m.group_keys = {{"BGD-IND", "BGD-IND", "BGD-IND", "BGD-MMR", "BGD-MMR"}};
  Table t;
  t.rows = 5;
  t.measures = {m};
  EXPECT_EQ(withhold(t, 11.0).measure[0], (Flags{1, 0, 1, 0, 0}));
}

TEST(Disclosure, TwoHiddenValuesInAGroupNeedNoComplement) {
  // 3 and 5 are both withheld: the published total 28 gives only their sum.
  Measure m = values({3.0, 5.0, 20.0});
  m.group_keys = {{"a", "a", "a"}};
  Table t;
  t.rows = 3;
  t.measures = {m};
  EXPECT_EQ(withhold(t, 11.0).measure[0], (Flags{1, 1, 0}));
}

TEST(Disclosure, AGroupWithOneValueOnlyKeepsItHidden) {
  // A group of one: its total is the value itself, which is withheld; there
  // is no other value to complement with (the total must be withheld by the
  // table that publishes it, as the summary does).
  Measure m = values({4.0, 30.0, 50.0});
  m.group_keys = {{"x", "y", "y"}};
  Table t;
  t.rows = 3;
  t.measures = {m};
  EXPECT_EQ(withhold(t, 11.0).measure[0], (Flags{1, 0, 0}));
}

TEST(Disclosure, RowSumNeverShowsExactlyOneHiddenPart) {
  // flow = flow_tip + flow_som + flow_unknown, in one row:
  //   row 0: 30 = 25 + 5 + 0   -> som (5) primary; the other positive part, tip (25), too; the total stays
  //   row 1: 40 = 4 + 36 + 0   -> tip (4) primary; som (36) complement
  //   row 2: 8 = 8 + 0 + 0     -> total and tip primary: nothing more
  //   row 3: 20 = 0 + 0 + 20   -> nothing below K
  Table t;
  t.rows = 4;
  t.measures = {values({30.0, 40.0, 8.0, 20.0}), values({25.0, 4.0, 8.0, 0.0}), values({5.0, 36.0, 0.0, 0.0}),
                values({0.0, 0.0, 0.0, 20.0})};
  t.row_sums = {{0, 1, 2, 3}};
  const Withheld w = withhold(t, 11.0);
  EXPECT_EQ(w.measure[0], (Flags{0, 0, 1, 0}));  // flow
  EXPECT_EQ(w.measure[1], (Flags{1, 1, 1, 0}));  // flow_tip
  EXPECT_EQ(w.measure[2], (Flags{1, 1, 0, 0}));  // flow_som
  EXPECT_EQ(w.measure[3], (Flags{0, 0, 0, 0}));  // flow_unknown
  EXPECT_EQ(w.row, (Flags{1, 1, 1, 0}));
}

TEST(Disclosure, ARowSumWithNoOtherPartHidesTheTotal) {
  // flow 15 with tip 4 and no other positive part (the rest of the flow has
  // no crime recorded in these parts): tip is withheld, and with no other
  // part to complement with, the total is withheld too.
  Table t;
  t.rows = 1;
  t.measures = {values({15.0}), values({4.0}), values({0.0}), values({0.0})};
  t.row_sums = {{0, 1, 2, 3}};
  const Withheld w = withhold(t, 11.0);
  EXPECT_EQ(w.measure[0], (Flags{1}));
  EXPECT_EQ(w.measure[1], (Flags{1}));
}

TEST(Disclosure, ComplementsCascadeAcrossGroupsAndRowSums) {
  // Two rows of one group (their totals published), each with parts:
  //   row 0: flow 12 = tip 12 + som 0;  row 1: flow 30 = tip 3 + som 27
  // Rule 1: tip row 1 (3). Rule 3 on row 1: som (27) too.
  // Rule 2 on tip (group g): rows 0 and 1 both positive, one hidden -> row 0's tip (12) too.
  // Rule 3 on row 0: tip hidden, no other positive part -> row 0's flow (12) too.
  // Rule 2 on flow: row 0 hidden, row 1 shown -> row 1's flow (30) too.
  Measure flow = values({12.0, 30.0}), tip = values({12.0, 3.0}), som = values({0.0, 27.0});
  flow.group_keys = tip.group_keys = som.group_keys = {{"g", "g"}};
  Table t;
  t.rows = 2;
  t.measures = {flow, tip, som};
  t.row_sums = {{0, 1, 2}};
  const Withheld w = withhold(t, 11.0);
  EXPECT_EQ(w.measure[0], (Flags{1, 1}));
  EXPECT_EQ(w.measure[1], (Flags{1, 1}));
  EXPECT_EQ(w.measure[2], (Flags{0, 1}));
}

TEST(Disclosure, PersonsBehindAValueDecideForIt) {
  // A route length (persons x km) of 500 behind 4 persons is withheld; 6 behind 30 persons is not.
  Measure m = values({500.0, 6.0});
  m.persons = {4.0, 30.0};
  Table t;
  t.rows = 2;
  t.measures = {m};
  EXPECT_EQ(withhold(t, 11.0).measure[0], (Flags{1, 0}));
}

TEST(Disclosure, AlsoHideFollowsAnotherTable) {
  Measure m = values({50.0, 60.0, 0.0});
  m.also_hide = {0, 1, 1};  // row 2 has no value: nothing to hide
  Table t;
  t.rows = 3;
  t.measures = {m};
  EXPECT_EQ(withhold(t, 11.0).measure[0], (Flags{0, 1, 0}));
}

TEST(Disclosure, NeighboursOfAHiddenRowLoseTheirStatistic) {
  // Cells in a row 0 - 1 - 2   3 (alone); cell 1 is withheld (value 2).
  // Gi* of 0 and 2 sums cell 1; cell 3's does not. Lists are each row's own.
  Table t;
  t.rows = 4;
  t.measures = {values({40.0, 2.0, 50.0, 60.0})};
  t.neighbours = {{1}, {0, 2}, {1}, {}};
  const Withheld w = withhold(t, 11.0);
  EXPECT_EQ(w.row, (Flags{0, 1, 0, 0}));
  EXPECT_EQ(w.near, (Flags{1, 1, 1, 0}));
}

TEST(Disclosure, NeighbourListsNeedNotBeSymmetric) {
  // k-nearest: row 0 lists row 1 (withheld), row 1 does not list row 2, row 2 lists nobody.
  Table t;
  t.rows = 3;
  t.measures = {values({40.0, 2.0, 50.0})};
  t.neighbours = {{1}, {0}, {}};
  EXPECT_EQ(withhold(t, 11.0).near, (Flags{1, 1, 0}));
}

TEST(Disclosure, MalformedTablesAreRejected) {
  Table t;
  t.rows = 2;
  t.measures = {values({1.0})};
  EXPECT_THROW(withhold(t, 11.0), std::invalid_argument);
  t.measures = {values({1.0, 2.0})};
  t.row_sums = {{0, 5, 6}};
  EXPECT_THROW(withhold(t, 11.0), std::invalid_argument);
  t.row_sums.clear();
  t.neighbours = {{1}};
  EXPECT_THROW(withhold(t, 11.0), std::invalid_argument);
}

}  // namespace
}  // namespace borderflow::protection

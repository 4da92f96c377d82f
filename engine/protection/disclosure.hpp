#pragma once
// Disclosure control of published tables (--min-count K; DESIGN.md, Data
// protection): which values are withheld. One pure function over plain rows,
// so that every writer (layers, summary, maps) applies the same rules and the
// rules can be tested on small hand-made tables.
//
// The rules, in order:
//  1. Primary: a measure's value v > 0 is withheld when the persons behind it
//     are 0 < persons < K (persons = v unless given), or when `also_hide` says
//     so for its row (a value derived from one withheld elsewhere).
//  2. Complementary, by groups: rows whose total is published elsewhere (same
//     key in a grouping, e.g. the crossings of one country pair) never have
//     exactly one withheld value among their non-zero ones; where they would,
//     the smallest other value is withheld too.
//  3. Complementary, by row sums: a total and the parts that add up to it in
//     the same row ({flow, flow_tip, flow_som, flow_unknown}): while the total
//     is shown, never exactly one part is withheld (the smallest other part
//     is, or the total when there is no other).
//     Rules 2 and 3 repeat until nothing changes.
//  4. Neighbours: a row whose neighbour list (its own, e.g. the Gi* band)
//     holds a withheld row loses the values computed from its neighbours
//     (Gi* z and p), since with them the withheld value could be solved for.
// K <= 1 withholds nothing.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace borderflow::protection {

struct Measure {
  std::vector<std::optional<double>> value;  // per row; nullopt: no value (never withheld)
  std::vector<double> persons;               // per row; empty: the value is the count
  std::vector<char> also_hide;               // per row; empty: none
  // Groupings whose totals are published (rule 2): per grouping, per row, the row's key.
  std::vector<std::vector<std::string>> group_keys;
};

struct Table {
  std::size_t rows = 0;
  std::vector<Measure> measures;
  std::vector<std::vector<std::size_t>> row_sums;  // measure indices, the total first (rule 3)
  std::vector<std::vector<std::uint32_t>> neighbours;  // per row (rule 4); empty: no such rule
};

struct Withheld {
  std::vector<std::vector<char>> measure;  // per measure, per row: withheld
  std::vector<char> row;                   // per row: any measure withheld (the row's `suppressed` flag)
  std::vector<char> near;                  // per row: the row or a neighbour withheld (empty without rule 4)
};

// Throws std::invalid_argument when a per-row vector has the wrong length or
// a row sum names an unknown measure.
Withheld withhold(const Table& table, double k);

}  // namespace borderflow::protection

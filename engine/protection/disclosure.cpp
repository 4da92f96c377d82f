#include "engine/protection/disclosure.hpp"

#include <map>
#include <stdexcept>

namespace borderflow::protection {

Withheld withhold(const Table& t, double k) {
  const std::size_t n = t.rows;
  const std::size_t n_measures = t.measures.size();
  for (const Measure& m : t.measures) {
    if (m.value.size() != n || (!m.persons.empty() && m.persons.size() != n) ||
        (!m.also_hide.empty() && m.also_hide.size() != n))
      throw std::invalid_argument("protection table: a measure has the wrong number of rows");
    for (const auto& keys : m.group_keys)
      if (keys.size() != n) throw std::invalid_argument("protection table: a grouping has the wrong number of rows");
  }
  for (const auto& ms : t.row_sums)
    for (std::size_t m : ms)
      if (m >= n_measures) throw std::invalid_argument("protection table: a row sum names an unknown measure");
  if (!t.neighbours.empty() && t.neighbours.size() != n)
    throw std::invalid_argument("protection table: neighbour lists for the wrong number of rows");

  Withheld w;
  w.measure.assign(n_measures, std::vector<char>(n, 0));
  w.row.assign(n, 0);
  if (k <= 1.0) {
    if (!t.neighbours.empty()) w.near.assign(n, 0);
    return w;
  }
  auto& hidden = w.measure;
  auto value = [&](std::size_t m, std::size_t r) { return t.measures[m].value[r]; };
  auto positive = [&](std::size_t m, std::size_t r) {
    const auto v = value(m, r);
    return v && *v > 0.0;
  };
  // 1. Primary suppression.
  for (std::size_t m = 0; m < n_measures; ++m) {
    const Measure& pm = t.measures[m];
    for (std::size_t r = 0; r < n; ++r) {
      const auto v = value(m, r);
      const double persons = pm.persons.empty() ? v.value_or(0.0) : pm.persons[r];
      hidden[m][r] = v && *v > 0.0 && ((persons > 0.0 && persons < k) || (!pm.also_hide.empty() && pm.also_hide[r]));
    }
  }
  // 2 and 3. Complementary suppression until nothing changes.
  std::vector<std::vector<std::vector<std::size_t>>> groups(n_measures);  // per measure: groups of rows
  for (std::size_t m = 0; m < n_measures; ++m)
    for (const auto& keys : t.measures[m].group_keys) {
      std::map<std::string, std::vector<std::size_t>> by_key;
      for (std::size_t r = 0; r < n; ++r)
        if (positive(m, r)) by_key[keys[r]].push_back(r);
      for (auto& [key, rows] : by_key) groups[m].push_back(std::move(rows));
    }
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t m = 0; m < n_measures; ++m)
      for (const auto& rows : groups[m]) {
        std::size_t n_hidden = 0;
        std::optional<std::size_t> smallest;
        for (std::size_t r : rows) {
          if (hidden[m][r]) ++n_hidden;
          else if (!smallest || *value(m, r) < *value(m, *smallest)) smallest = r;
        }
        if (n_hidden == 1 && smallest) {
          hidden[m][*smallest] = 1;
          changed = true;
        }
      }
    for (const auto& ms : t.row_sums) {  // ms[0] the total, the others its parts
      if (ms.size() < 3) continue;
      for (std::size_t r = 0; r < n; ++r) {
        if (hidden[ms[0]][r] || !positive(ms[0], r)) continue;
        std::size_t n_hidden = 0;
        std::optional<std::size_t> smallest;
        for (std::size_t i = 1; i < ms.size(); ++i) {
          const std::size_t m = ms[i];
          if (!positive(m, r)) continue;
          if (hidden[m][r]) ++n_hidden;
          else if (!smallest || *value(m, r) < *value(*smallest, r)) smallest = m;
        }
        if (n_hidden == 1) {
          hidden[smallest ? *smallest : ms[0]][r] = 1;  // no other part: the total would show it
          changed = true;
        }
      }
    }
  }
  for (std::size_t m = 0; m < n_measures; ++m)
    for (std::size_t r = 0; r < n; ++r)
      if (hidden[m][r]) w.row[r] = 1;
  // 4. Neighbours. Row r's statistic sums r and its own neighbours (k-nearest
  // lists are not symmetric), so r loses it when any of them is withheld.
  if (!t.neighbours.empty()) {
    w.near.assign(n, 0);
    for (std::size_t r = 0; r < n; ++r) {
      w.near[r] = w.row[r];
      for (const std::uint32_t j : t.neighbours[r])
        if (j < n && w.row[j]) w.near[r] = 1;
    }
  }
  return w;
}

}  // namespace borderflow::protection

#pragma once
// Warnings collected while loading and analysing, reported to the user at the
// end (CLI) or returned (Python). Not thread-safe: one per pipeline.
#include <string>
#include <vector>

#include "engine/core/error.hpp"

namespace borderflow {

struct Warning {
  InputLocation where;
  std::string message;
  std::string text() const;  // "routes.csv, line 4: ..."
};

class Diagnostics {
 public:
  void warn(InputLocation where, std::string message) {
    warnings_.push_back({std::move(where), std::move(message)});
  }
  const std::vector<Warning>& warnings() const noexcept { return warnings_; }

 private:
  std::vector<Warning> warnings_;
};

}  // namespace borderflow

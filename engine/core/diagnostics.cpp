#include "engine/core/diagnostics.hpp"

namespace borderflow {

std::string Warning::text() const {
  const std::string w = where.describe();
  return w.empty() ? message : w + ": " + message;
}

}  // namespace borderflow

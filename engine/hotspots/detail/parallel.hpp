#pragma once
#include "engine/core/parallel.hpp"

namespace borderflow::hotspots::detail {
using borderflow::thread_count;
}  // namespace borderflow::hotspots::detail

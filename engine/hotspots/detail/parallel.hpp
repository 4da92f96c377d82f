#pragma once
#include <omp.h>

namespace borderflow::hotspots::detail {
// Threads to use: `requested`, or all cores when it is 0 or negative.
inline int thread_count(int requested) noexcept { return requested > 0 ? requested : omp_get_max_threads(); }
}  // namespace borderflow::hotspots::detail

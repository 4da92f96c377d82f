#pragma once
#ifdef _OPENMP
#include <omp.h>
#endif

namespace borderflow {
// Threads to use: `requested`, or all cores when it is 0 or negative (1 without OpenMP).
inline int thread_count(int requested) noexcept {
#ifdef _OPENMP
  return requested > 0 ? requested : omp_get_max_threads();
#else
  (void)requested;
  return 1;
#endif
}
}  // namespace borderflow

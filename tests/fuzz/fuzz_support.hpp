#pragma once
// Shared by the libFuzzer targets in this folder.
//
// What counts as a finding: a crash or sanitizer report (libFuzzer sees
// those itself), an exception other than borderflow::Error escaping (the CLI
// would print "internal error" instead of naming the file and what to do),
// an Error with no message, or a broken invariant of a result (FUZZ_CHECK).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "engine/core/error.hpp"

namespace borderflow::fuzz {

[[noreturn]] inline void fail(const std::string& why) {
  std::fprintf(stderr, "borderflow fuzz: %s\n", why.c_str());
  std::fflush(stderr);
  std::abort();
}

// BORDERFLOW_FUZZ_VERBOSE=1: say what each input gave (to check the seeds).
inline bool verbose() {
  static const bool on = std::getenv("BORDERFLOW_FUZZ_VERBOSE") != nullptr;
  return on;
}

// Runs f; a borderflow::Error with a message is a clean rejection of the
// input, anything else escaping is a finding.
template <class F>
bool clean(F&& f) {
  try {
    f();
    return true;
  } catch (const Error& e) {
    if (std::string_view(e.what()).empty()) fail("a borderflow::Error without a message");
    if (verbose()) std::fprintf(stderr, "  rejected: %s\n", e.what());
    return false;
  } catch (const std::exception& e) {
    fail(std::string("an exception escaped as an internal error (") + typeid(e).name() + "): " + e.what());
  } catch (...) {
    fail("a non-standard exception escaped");
  }
}

// Reads the fuzzer's bytes front to back; past the end every read gives 0.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
  std::uint8_t u8() { return p_ < end_ ? *p_++ : 0; }
  std::int8_t i8() { return static_cast<std::int8_t>(u8()); }
  // A value in [lo, hi].
  int between(int lo, int hi) { return lo + u8() % (hi - lo + 1); }
  bool empty() const { return p_ >= end_; }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace borderflow::fuzz

#define FUZZ_CHECK(cond, what)                                                           \
  do {                                                                                   \
    if (!(cond)) ::borderflow::fuzz::fail(std::string("invariant broken: ") + (what) + \
                                          " [" #cond "] at " __FILE__ ":" + std::to_string(__LINE__)); \
  } while (0)

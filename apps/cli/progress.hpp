#pragma once
// Progress of a multi-step command on stderr, in the manner of GDAL's
// command-line tools: the step, its share of the whole run, and the time it
// took. Silent when disabled (-q).
#include <chrono>
#include <cstdio>
#include <string>

namespace borderflow::cli {

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() {
    // Unwinding after an error: close the line, no "done".
    if (open_ && enabled_) std::fprintf(stderr, " stopped\n");
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Ends the current step (if any) and starts step `index` of `count`.
  void step(const std::string& name, int index, int count) {
    end_step();
    ++done_;
    start_ = std::chrono::steady_clock::now();
    if (enabled_) {
      std::fprintf(stderr, "[%3d%%] %s ...", count > 0 ? 100 * (index - 1) / count : 0, name.c_str());
      std::fflush(stderr);
    }
    open_ = true;
  }
  void finish() {
    end_step();
    if (enabled_ && done_ > 0 && !finished_) {
      std::fprintf(stderr, "[100%%] done in %.1f s\n",
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - begin_).count());
      finished_ = true;
    }
  }

 private:
  void end_step() {
    if (!open_) return;
    open_ = false;
    if (enabled_)
      std::fprintf(stderr, " %.1f s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  bool enabled_;
  int done_ = 0;
  bool open_ = false;
  bool finished_ = false;
  std::chrono::steady_clock::time_point begin_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point start_;
};

}  // namespace borderflow::cli

#include "geodata/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace borderflow::geodata {
namespace {

constexpr std::size_t kSlots = 64;
constexpr std::size_t kPathMax = 4096;

// 0 free, 1 being written, 2 ready (read by the signal handler).
struct Slot {
  std::atomic<int> state{0};
  char path[kPathMax];
};
Slot g_slots[kSlots];

void unlink_with_suffix(const char* path, const char* suffix) {
  char buf[kPathMax + 16];
  const std::size_t n = std::strlen(path), m = std::strlen(suffix);
  if (n + m + 1 > sizeof buf) return;
  std::memcpy(buf, path, n);
  std::memcpy(buf + n, suffix, m + 1);
  ::unlink(buf);
}

extern "C" void on_interrupt(int sig) {
  for (Slot& s : g_slots) {
    if (s.state.load(std::memory_order_acquire) != 2) continue;
    ::unlink(s.path);
    for (const char* suffix : {"-journal", "-wal", "-shm"}) unlink_with_suffix(s.path, suffix);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

void track_temp(const std::string& path) {
  if (path.size() + 1 > kPathMax) return;
  for (Slot& s : g_slots) {
    int expected = 0;
    if (!s.state.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) continue;
    std::memcpy(s.path, path.c_str(), path.size() + 1);
    s.state.store(2, std::memory_order_release);
    return;
  }
}

void untrack_temp(const std::string& path) {
  for (Slot& s : g_slots) {
    if (s.state.load(std::memory_order_acquire) != 2 || path != s.path) continue;
    int expected = 2;
    s.state.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
    return;
  }
}

void install_interrupt_cleanup() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(sig, &sa, nullptr);
  }
}

}  // namespace borderflow::geodata

#include "geodata/atomic_output.hpp"

#include <sys/vfs.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "engine/core/error.hpp"
#include "geodata/interrupt.hpp"

namespace fs = std::filesystem;

namespace borderflow::geodata {
namespace {

// The one place a file is moved into place (POSIX rename: atomic, replaces).
void move_path(const fs::path& from, const fs::path& to, std::error_code& ec) { fs::rename(from, to, ec); }

void remove_temp(const std::string& path) noexcept {
  std::error_code ec;
  fs::remove_all(path, ec);
  for (const char* suffix : {"-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

// A folder on a network or cluster file system is shared with other hosts,
// where a PID means another process: a temporary there is never swept.
bool shared_with_other_hosts(const fs::path& dir) {
  struct statfs s {};
  if (::statfs(dir.c_str(), &s) != 0) return true;  // cannot tell: leave it alone
  switch (static_cast<unsigned long>(s.f_type)) {
    case 0x6969UL:      // NFS
    case 0xFF534D42UL:  // CIFS
    case 0xFE534D42UL:  // SMB2
    case 0x517BUL:      // SMB
    case 0x65735546UL:  // FUSE (sshfs, ...)
    case 0x47504653UL:  // GPFS
    case 0x0BD00BD0UL:  // Lustre
    case 0x00C36400UL:  // CephFS
      return true;
    default:
      return false;
  }
}

// Temporary outputs of the same target left by a process that is gone (killed
// by SIGKILL or a power cut): ".STEM.tmpPID-N.EXT", its SQLite side files and
// backups (".old").
void remove_stale_temps(const fs::path& target) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = "." + target.stem().string() + ".tmp";
  const std::string ext = target.extension().string();
  std::error_code ec;
  bool checked_fs = false;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    std::size_t i = prefix.size();
    const std::size_t digits = i;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    if (i == digits || i >= name.size() || name[i] != '-') continue;
    if (i - digits > 9) continue;  // not a pid of ours
    const long pid = std::stol(name.substr(digits, i - digits));
    ++i;
    const std::size_t n0 = i;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    if (i == n0) continue;
    const std::string rest = name.substr(i);
    if (rest != ext && rest != ext + "-journal" && rest != ext + "-wal" && rest != ext + "-shm" && rest != ext + ".old")
      continue;
    if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    if (!checked_fs) {
      if (shared_with_other_hosts(dir)) return;
      checked_fs = true;
    }
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

std::string temp_name_for(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  const std::string stem = target.stem().string();
  const std::string ext = target.extension().string();
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path();
  return (dir / ("." + stem + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ext)).string();
}

}  // namespace

AtomicOutput::AtomicOutput(std::string target) : target_(std::move(target)) {
  const fs::path t(target_);
  remove_stale_temps(t);
  temp_ = temp_name_for(t);
  track_temp(temp_);
}

AtomicOutput::~AtomicOutput() { discard(); }

void AtomicOutput::discard() noexcept {
  if (temp_.empty()) return;
  if (!committed_) remove_temp(temp_);
  untrack_temp(temp_);
  temp_.clear();
}

void AtomicOutput::commit() {
  if (committed_) return;
  OutputCommit one;
  one.add(*this);
  one.commit();
}

void write_bytes(const AtomicOutput& out, const std::string& bytes) {
  errno = 0;
  std::ofstream f(out.temp_path(), std::ios::binary);
  f << bytes;
  f.close();
  if (!f) {
    const std::string why = errno ? std::strerror(errno) : "write error";
    std::error_code ec;
    fs::remove(out.temp_path(), ec);
    throw OutputError(out.target(), "cannot write the file (" + why + ")",
                      "check the folder exists, is writable and has free space");
  }
}

void write_file_atomically(const std::string& target, const std::string& bytes) {
  AtomicOutput out(target);
  write_bytes(out, bytes);
  out.commit();
}

void OutputCommit::commit() {
  struct Moved {
    AtomicOutput* out;
    std::string backup;  // the target as it was, or empty when there was none
  };
  std::vector<Moved> moved;
  auto roll_back = [&] {
    for (auto it = moved.rbegin(); it != moved.rend(); ++it) {
      std::error_code ec;
      if (it->backup.empty()) {
        fs::remove_all(it->out->target(), ec);
      } else {
        if (fs::is_directory(it->out->target(), ec)) fs::remove_all(it->out->target(), ec);  // a folder cannot be renamed over a folder
        move_path(it->backup, it->out->target(), ec);
        untrack_temp(it->backup);
      }
      it->out->committed_ = false;
    }
  };
  for (AtomicOutput* out : outputs_) {
    if (out->committed_) continue;
    const fs::path target(out->target_);
    std::error_code ec;
    if (!fs::exists(out->temp_, ec)) {
      roll_back();
      throw OutputError(out->target_, "the output was not written", "check free disk space");
    }
    std::string backup;
    if (fs::exists(target, ec) && (moved.size() + 1 < outputs_.size() || fs::is_directory(target, ec))) {
      // Keep the old target until every output is in place: a hard link for
      // a file (the target never disappears), a rename for a folder.
      backup = temp_name_for(target) + ".old";
      track_temp(backup);
      if (fs::is_directory(target, ec)) move_path(target, backup, ec);
      else fs::create_hard_link(target, backup, ec);
      if (ec) {
        untrack_temp(backup);
        roll_back();
        throw OutputError(out->target_, "cannot replace the existing output (" + ec.message() + ")",
                          "check the permissions of the folder");
      }
    }
    move_path(out->temp_, target, ec);
    if (ec) {
      const std::string why = ec.message();
      if (!backup.empty()) {
        std::error_code ignored;
        if (fs::is_directory(backup, ignored)) move_path(backup, target, ignored);
        else fs::remove(backup, ignored);
        untrack_temp(backup);
      }
      roll_back();
      throw OutputError(out->target_, "cannot move the new output into place (" + why + ")",
                        "check the permissions of the folder");
    }
    out->committed_ = true;
    moved.push_back({out, backup});
  }
  for (const Moved& m : moved) {
    if (m.backup.empty()) continue;
    std::error_code ec;
    fs::remove_all(m.backup, ec);
    untrack_temp(m.backup);
  }
}

}  // namespace borderflow::geodata

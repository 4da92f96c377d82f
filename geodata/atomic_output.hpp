#pragma once
// Every output file of borderflow is written through an AtomicOutput: a
// temporary name in the target's own folder (".STEM.tmpPID-N.EXT", so the
// rename is atomic on POSIX and GDAL still sees the extension), tracked so
// that SIGINT, SIGTERM and SIGHUP remove it (geodata/interrupt.hpp), swept by
// the next write of the same target after a SIGKILL, and moved into place
// only by commit(). Destroyed uncommitted, it removes the temporary file (or
// folder, for drivers that write one) and SQLite's side files.
//
// OutputCommit moves several outputs into place in order as one step: when a
// later one cannot be moved, the ones already moved are put back, so a run
// replaces all of its outputs or none.
//
// Errors name the target the user asked for, never the temporary name.
#include <string>
#include <vector>

namespace borderflow::geodata {

class AtomicOutput {
 public:
  // Chooses and tracks the temporary name; removes stale temporaries of the
  // same target whose process is gone (on this host; a folder shared with
  // other hosts is left alone when the PID cannot be checked). Creates no file.
  explicit AtomicOutput(std::string target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& target() const noexcept { return target_; }
  const std::string& temp_path() const noexcept { return temp_; }
  bool committed() const noexcept { return committed_; }

  // Moves the temporary file (or folder) into place, replacing the target.
  // Throws OutputError naming the target. Idempotent after success.
  void commit();
  // Removes the temporary file (or folder) now; the target is untouched.
  void discard() noexcept;

 private:
  friend class OutputCommit;
  std::string target_;
  std::string temp_;
  bool committed_ = false;
};

// Writes `bytes` to the output's temporary file (binary). Throws OutputError
// naming the target, with the system's reason (no space, no permission).
void write_bytes(const AtomicOutput& out, const std::string& bytes);

// Writes `bytes` to `target` atomically (temporary file, then rename).
void write_file_atomically(const std::string& target, const std::string& bytes);

class OutputCommit {
 public:
  // Outputs whose temporary files are complete, in the order to move them.
  void add(AtomicOutput& out) { outputs_.push_back(&out); }
  // Moves every output into place, or none: an existing target is kept under
  // a backup name until all are in place. Throws OutputError.
  void commit();

 private:
  std::vector<AtomicOutput*> outputs_;
};

}  // namespace borderflow::geodata

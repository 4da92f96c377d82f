#pragma once
// Temporary output files removed when the process is interrupted.
//
// Every output is written to a temporary file beside its target and renamed
// into place at the end, so an existing target is never half-overwritten.
// An exception or a normal exit removes the temporary file; so does SIGINT,
// SIGTERM or SIGHUP once install_interrupt_cleanup() has run (the handler
// unlinks the tracked files, then dies of the same signal). A SIGKILL cannot
// be caught: its temporary file (".NAME.tmpPID-N.EXT") stays, and the next
// write to the same target removes it when process PID is gone.
#include <string>

namespace borderflow::geodata {

// Tracks `path` (and its SQLite side files -journal, -wal, -shm) until
// untrack_temp(path). At most 64 at once; more are not tracked.
void track_temp(const std::string& path);
void untrack_temp(const std::string& path);

// Installs the handlers for SIGINT, SIGTERM and SIGHUP. Call once from main().
void install_interrupt_cleanup();

}  // namespace borderflow::geodata

#pragma once
// Error hierarchy and stable exit codes.
//
// Every exception borderflow throws derives from borderflow::Error and carries
// a message written for the person at the terminal: what was wrong, where
// (file, layer, feature or line), and what to do about it. Outcomes that depend
// on the data (no path, no crossing) are return values, never exceptions.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace borderflow {

// Process exit codes. They start at 2 so that they never collide with
// EXIT_FAILURE, and they never change meaning once released.
enum class ExitCode : int {
  ok = 0,
  internal = 1,    // a bug: please report it
  usage = 2,       // bad command line or option value
  input = 3,       // an input file is missing, unreadable or malformed
  geometry = 4,    // a geometry cannot be used even after repair
  crs = 5,         // a coordinate reference system is missing or unusable
  output = 6,      // an output cannot be written
  cancelled = 7,   // the user stopped the run (a progress callback asked to)
};

// Short stable name of an exit code, for `--format json` and the docs.
const char* exit_code_name(ExitCode code) noexcept;

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ExitCode code = ExitCode::internal)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

// Where in an input a problem lies. Any part may be empty.
struct InputLocation {
  InputLocation() = default;
  InputLocation(std::string path_, std::string layer_ = {}) : path(std::move(path_)), layer(std::move(layer_)) {}

  std::string path;
  std::string layer;
  std::optional<std::int64_t> feature;  // OGR feature id
  std::optional<std::int64_t> line;     // 1-based line or row of a text table

  // "routes.csv, line 12" / "borders.gpkg, layer countries, feature 7"
  std::string describe() const;
};

// Bad command-line usage or option value.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message, ExitCode::usage) {}
};

// A problem with the content or availability of an input.
class InputError : public Error {
 public:
  InputError(InputLocation where, const std::string& what, const std::string& hint = {});
  const InputLocation& where() const noexcept { return where_; }

 protected:
  InputError(InputLocation where, const std::string& what, const std::string& hint, ExitCode code);

 private:
  InputLocation where_;
};

class GeometryError : public InputError {
 public:
  GeometryError(InputLocation where, const std::string& what, const std::string& hint = {})
      : InputError(std::move(where), what, hint, ExitCode::geometry) {}
  // A GEOS failure without an input location (e.g. inside an analysis).
  explicit GeometryError(const std::string& what) : InputError({}, what, {}, ExitCode::geometry) {}
};

class CrsError : public InputError {
 public:
  CrsError(InputLocation where, const std::string& what, const std::string& hint = {})
      : InputError(std::move(where), what, hint, ExitCode::crs) {}
};

// An output that cannot be created or written.
// The run was stopped on request (a Progress callback); nothing was written.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled: the run was stopped before it wrote anything", ExitCode::cancelled) {}
};

class OutputError : public Error {
 public:
  OutputError(const std::string& path, const std::string& what, const std::string& hint = {});
};

}  // namespace borderflow

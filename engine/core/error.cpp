#include "engine/core/error.hpp"

namespace borderflow {
namespace {

std::string compose(const std::string& where, const std::string& what, const std::string& hint) {
  std::string msg = where.empty() ? what : where + ": " + what;
  if (!hint.empty()) msg += "\n  hint: " + hint;
  return msg;
}

}  // namespace

const char* exit_code_name(ExitCode code) noexcept {
  switch (code) {
    case ExitCode::ok: return "ok";
    case ExitCode::internal: return "internal";
    case ExitCode::usage: return "usage";
    case ExitCode::input: return "input";
    case ExitCode::geometry: return "geometry";
    case ExitCode::crs: return "crs";
    case ExitCode::output: return "output";
    case ExitCode::cancelled: return "cancelled";
  }
  return "unknown";
}

std::string InputLocation::describe() const {
  std::string s = path;
  auto add = [&s](const std::string& part) {
    if (!s.empty()) s += ", ";
    s += part;
  };
  if (!layer.empty()) add("layer " + layer);
  if (feature) add("feature " + std::to_string(*feature));
  if (line) add("line " + std::to_string(*line));
  return s;
}

InputError::InputError(InputLocation where, const std::string& what, const std::string& hint)
    : InputError(std::move(where), what, hint, ExitCode::input) {}

InputError::InputError(InputLocation where, const std::string& what, const std::string& hint,
                       ExitCode code)
    : Error(compose(where.describe(), what, hint), code), where_(std::move(where)) {}

OutputError::OutputError(const std::string& path, const std::string& what, const std::string& hint)
    : Error(compose(path, what, hint), ExitCode::output) {}

}  // namespace borderflow

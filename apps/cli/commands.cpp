#include "apps/cli/commands.hpp"

#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>

#include "apps/cli/progress.hpp"
#include "engine/core/error.hpp"
#include "geodata/inspect.hpp"

namespace fs = std::filesystem;

namespace borderflow::cli {

int run_info(const InfoOptions& options) {
  nlohmann::json all = nlohmann::json::array();
  for (const std::string& path : options.paths) {
    geodata::InspectOptions io;
    io.check_validity = options.check_validity;
    const geodata::DatasetInfo info = geodata::inspect(path, io);
    if (options.format == Format::json)
      all.push_back(geodata::to_json(info));
    else
      std::cout << geodata::to_text(info) << (path == options.paths.back() ? "" : "\n");
  }
  if (options.format == Format::json) std::cout << all.dump(2) << "\n";
  return 0;
}

int run(Command command, const pipeline::AnalysisSettings& s, const RunFlags& flags) {
  Progress shown(!flags.quiet && command != Command::validate);
  pipeline::Progress progress;
  progress.on_step = [&](const std::string& step, int index, int count) { shown.step(step, index, count); };
  pipeline::RunResult r;
  switch (command) {
    case Command::validate: r = pipeline::run_validate(s.inputs); break;
    case Command::crossings: r = pipeline::run_crossings(s, progress); break;
    case Command::corridors: r = pipeline::run_corridors(s, progress); break;
    case Command::hotspots: r = pipeline::run_hotspots(s, progress); break;
    case Command::analyze: r = pipeline::run_analysis(s, progress, nullptr, flags.config); break;
  }
  shown.finish();
  if (flags.format == Format::json) std::cout << r.summary.dump(2) << "\n";
  else std::cout << r.text;
  return 0;
}

int run_path(const pipeline::PathRequest& request, PathFormat format) {
  const pipeline::PathResult r = pipeline::run_path(request);
  switch (format) {
    case PathFormat::text: std::cout << r.text; break;
    case PathFormat::json: std::cout << r.summary.dump(2) << "\n"; break;
    case PathFormat::geojson: std::cout << r.geojson.dump() << "\n"; break;
  }
  return 0;
}

int run_map(const mapexport::MapRequest& request) {
#if !BORDERFLOW_HAVE_MAPS
  (void)request;
  throw UsageError("this borderflow was built without the map exporter (BORDERFLOW_BUILD_MAPS=OFF)");
#else
  for (const auto& w : mapexport::write_maps(request)) std::cout << w.description << "\n";
  return 0;
#endif
}

int run_demo(const DemoOptions& options) {
  const std::string samples = options.samples_dir.empty() ? pipeline::find_samples_dir() : options.samples_dir;
  std::error_code ec;
  fs::create_directories(options.output_dir, ec);
  if (ec) throw OutputError(options.output_dir, "cannot create the demo folder (" + ec.message() + ")");
  const pipeline::AnalysisSettings s = pipeline::demo_settings(samples, options.output_dir);
  const fs::path dir = fs::path(samples) / "bangladesh";
  const std::string config = (dir / "analysis.toml").string();
  std::cout << "borderflow demo: the bundled Bangladesh sample (" << dir.string() << ")\n"
            << "The routes are illustrative, not case data. Settings: " << config << "\n\n";
  RunFlags flags;
  flags.quiet = options.quiet;
  flags.config = config;
  const int rc = run(Command::analyze, s, flags);
  if (rc != 0) return rc;
#if !BORDERFLOW_HAVE_MAPS
  std::cout << "(no maps: this borderflow was built without the map exporter)\n";
  return 0;
#else
  mapexport::MapRequest m;
  m.input = s.output;
  m.html = (fs::path(options.output_dir) / "map.html").string();
  m.png = (fs::path(options.output_dir) / "map.png").string();
  m.title = "borderflow demo: Bangladesh (illustrative routes)";
  m.attribution = "Borders: Natural Earth; places: OpenStreetMap contributors; routes illustrative";
  return run_map(m);
#endif
}

std::string in_cli_words(const std::string& message) {
  // Settings names whose flag is not the name with dashes.
  static const std::map<std::string, std::string> kFlags = {
      {"output", "-o"}, {"driver", "-of"}, {"cell_size_km", "--cell-size"}, {"enabled", "--with-density"}};
  std::string out;
  for (std::size_t i = 0; i < message.size(); ++i) {
    const std::size_t end = message[i] == '`' ? message.find('`', i + 1) : std::string::npos;
    bool is_name = end != std::string::npos && end > i + 1;
    for (std::size_t j = i + 1; is_name && j < end; ++j)
      is_name = std::islower(static_cast<unsigned char>(message[j])) || message[j] == '_' ||
                std::isdigit(static_cast<unsigned char>(message[j]));
    if (!is_name) {
      out += message[i];
      continue;
    }
    const std::string name = message.substr(i + 1, end - i - 1);
    if (const auto it = kFlags.find(name); it != kFlags.end()) {
      out += it->second;
    } else {
      out += "--";
      for (char c : name) out += c == '_' ? '-' : c;
    }
    i = end;
  }
  return out;
}

}  // namespace borderflow::cli

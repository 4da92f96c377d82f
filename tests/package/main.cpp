// An outside program that uses the installed borderflow through its facade:
// runs the analysis on the installed Bangladesh sample into a folder given as
// argv[1] and checks what it reports. Exits 0 when the answers are right.
#include <borderflow/analysis.hpp>

#include <cstdio>
#include <fstream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string out = std::string(argv[1]) + "/consumer.gpkg";
  borderflow::AnalysisRequest q;
  q.config = borderflow::samples_dir() + "/bangladesh/analysis.toml";
  q.output = out;
  int steps = 0;
  q.on_step = [&](const std::string&, int, int) { ++steps; };
  const borderflow::AnalysisOutcome r = borderflow::analyze(q);
  // Three files, the GeoPackage first; one progress call per step; the summary names the command.
  const bool ok = r.written.size() == 3 && r.written[0] == out && std::ifstream(out).good() && steps == 5 &&
                  r.summary_json.find("\"command\": \"analyze\"") != std::string::npos;
  // A bad input is a borderflow::Error with the file in its message.
  bool error_ok = false;
  try {
    borderflow::AnalysisRequest bad = q;
    bad.routes = std::string(argv[1]) + "/no-such-routes.csv";
    borderflow::analyze(bad);
  } catch (const borderflow::InputError& e) {
    error_ok = std::string(e.what()).find("no-such-routes.csv") != std::string::npos;
  }
  std::printf("consumer: %s (borderflow %s)\n", ok && error_ok ? "ok" : "wrong", borderflow::version().c_str());
  return ok && error_ok ? 0 : 1;
}

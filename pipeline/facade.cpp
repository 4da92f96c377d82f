// The installed facade (include/borderflow/analysis.hpp) over the pipeline.
#include "borderflow/analysis.hpp"

#include "pipeline/pipeline.hpp"

namespace borderflow {

AnalysisOutcome analyze(const AnalysisRequest& q) {
  pipeline::AnalysisSettings s;
  if (!q.config.empty()) pipeline::read_config(q.config, s);
  for (const auto& [given, setting] : {std::pair{&q.borders, &s.inputs.borders}, std::pair{&q.routes, &s.inputs.routes},
                                       std::pair{&q.places, &s.inputs.places}, std::pair{&q.ports, &s.inputs.ports},
                                       std::pair{&q.coast, &s.inputs.coast}, std::pair{&q.output, &s.output}})
    if (!given->empty()) *setting = *given;
  if (!q.output.empty()) {
    s.density.clear();  // beside the output given here, not where the settings file put them
    s.summary.clear();
  }
  if (q.min_count) s.min_count = *q.min_count;
  if (q.threads) s.threads = *q.threads;
  pipeline::Progress progress{q.on_step, q.cancelled};
  pipeline::RunResult r = pipeline::run_analysis(s, progress, nullptr, q.config);
  return {r.summary.dump(2) + "\n", std::move(r.text), std::move(r.written)};
}

std::string samples_dir() { return pipeline::find_samples_dir(); }

std::string version() { return BORDERFLOW_VERSION; }

}  // namespace borderflow

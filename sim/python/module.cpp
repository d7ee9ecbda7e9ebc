// The in-process Python module hearsay._core: scenarios checked and run without the CLI.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "models/registry.hpp"
#include "sim/app/memory.hpp"
#include "sim/app/support.hpp"
#include "sim/core/error.hpp"
#include "sim/engine/time_grid.hpp"
#include "sim/files/input_file.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/network/generators.hpp"
#include "sim/results/results_file.hpp"
#include "sim/run/runner.hpp"
#include "sim/scenario/scenario.hpp"

namespace py = pybind11;

namespace hearsay::python {
namespace {

/// A scenario as Python hands it over: a file, or text held in memory (a dict dumped as YAML,
/// or YAML text) with the name messages give it ("<scenario>": relative paths then resolve
/// against the working folder).
struct ScenarioSource {
  std::string text_or_path;
  bool is_path = false;
  std::string name;
};

Scenario load(const ScenarioSource& source, const std::vector<std::string>& overrides) {
  if (source.is_path) return load_scenario(source.text_or_path, overrides, model_registry());
  if (source.text_or_path.size() > max_scenario_bytes)
    throw ScenarioError({source.name, 0, 0}, "", "the scenario text is too large",
                        "give a scenario of at most " + byte_size_text(max_scenario_bytes));
  return parse_scenario(source.text_or_path, source.name, overrides, model_registry());
}

/// Raises the Python exception of hearsay.errors named `type` with these keyword arguments.
[[noreturn]] void raise_python(const char* type, const std::string& message,
                               const py::dict& details = py::dict()) {
  const py::object errors = py::module_::import("hearsay.errors");
  const py::object error = errors.attr(type)(message, **details);
  PyErr_SetObject(error.get_type().ptr(), error.ptr());
  throw py::error_already_set();
}

/// C++ errors as hearsay's Python exceptions, with the CLI's messages.
void translate(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const ScenarioError& e) {
    py::dict details;
    details["file"] = e.where().file;
    details["line"] = e.where().line;
    details["column"] = e.where().column;
    details["key"] = e.key();
    details["problem"] = e.problem();
    details["fix"] = e.fix();
    raise_python("ScenarioError", e.what(), details);
  } catch (const DataFileError& e) {
    raise_python("InputFileError", e.what());
  } catch (const StartError& e) {
    raise_python("OutputError", e.what());
  } catch (const OutputBusy& e) {
    raise_python("OutputBusyError", e.what());
  } catch (const RuntimeError& e) {
    raise_python("SimulationError", e.what());
  }
}

py::dict param_row(const ParamSpec& p, const char* section) {
  py::dict row;
  row["name"] = p.name;
  row["section"] = section;
  row["kind"] = to_string(p.kind);
  row["unit"] = p.unit;
  row["default"] = describe_default(p);
  row["range"] = describe_range(p);
  row["source"] = p.source;
  row["help"] = p.help;
  return row;
}

py::list metric_rows(const std::vector<MetricSpec>& metrics) {
  py::list rows;
  for (const MetricSpec& m : metrics) {
    py::dict row;
    row["name"] = m.name;
    row["unit"] = m.unit;
    row["description"] = m.description;
    row["per_brand"] = m.per_brand;
    rows.append(row);
  }
  return rows;
}

py::list models() {
  py::list rows;
  for (const ModelEntry* model : model_registry().entries())
    rows.append(py::dict(py::arg("name") = model->info.name, py::arg("kind") = "model",
                         py::arg("summary") = model->info.summary));
  for (const GeneratorEntry* g : generator_registry().entries())
    rows.append(py::dict(py::arg("name") = g->info.name, py::arg("kind") = "generator",
                         py::arg("summary") = g->info.summary));
  return rows;
}

py::dict describe(const std::string& name) {
  py::dict out;
  py::list params;
  if (const ModelEntry* model = model_registry().find(name)) {
    const ModelInfo& info = model->info;
    out["kind"] = "model";
    out["summary"] = info.summary;
    out["reference"] = info.reference;
    for (const ParamSpec& p : info.params) params.append(param_row(p, "model"));
    for (const ParamSpec& p : info.brands.params) params.append(param_row(p, "brand"));
    out["series"] = metric_rows(info.series);
    out["summaries"] = metric_rows(info.summaries);
  } else if (const GeneratorEntry* generator = generator_registry().find(name)) {
    out["kind"] = "generator";
    out["summary"] = generator->info.summary;
    out["reference"] = generator->info.reference;
    for (const ParamSpec& p : generator->info.params) params.append(param_row(p, "network"));
    out["series"] = py::list();
    out["summaries"] = py::list();
  } else {
    std::string guess = model_registry().closest(name);
    if (guess.empty()) guess = generator_registry().closest(name);
    std::string list;
    for (const std::string& n : model_registry().names()) list += (list.empty() ? "" : ", ") + n;
    for (const std::string& n : generator_registry().names()) list += ", " + n;
    raise_python("UnknownNameError",
                 "no model or generator called '" + name + "'" +
                     (guess.empty() ? std::string() : "; did you mean '" + guess + "'?") +
                     " (models and generators: " + list + ")");
  }
  out["name"] = name;
  out["params"] = params;
  return out;
}

py::dict check(const ScenarioSource& source, const std::vector<std::string>& overrides) {
  const Scenario scenario = load(source, overrides);
  const ModelEntry& model = cli::model_of(scenario);
  const TimeGrid grid = make_time_grid(scenario.time.end, scenario.time.sample_every);
  py::dict out;
  out["name"] = scenario.name;
  out["model"] = scenario.model.name;
  out["resolved"] = scenario.resolved_yaml;
  out["points"] = scenario.points.size();
  out["replications"] = scenario.replications;
  out["runs"] = scenario.points.size() * std::size_t{scenario.replications};
  py::list points;
  for (std::size_t p = 0; p < scenario.points.size(); ++p) points.append(point_text(scenario, p));
  out["point_texts"] = points;
  py::list brands;
  for (const BrandSpec& brand : scenario.brands) brands.append(brand.name);
  out["brands"] = brands;
  out["samples"] = grid.times.size();
  out["inputs"] = scenario_inputs(scenario);
  out["output_path"] = scenario.output_path;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  out["memory_bytes"] = estimate_memory_bytes(scenario, model, threads);
  out["memory_threads"] = threads;
  return out;
}

/// What the worker thread tells the Python thread: the latest progress, and when it is done.
struct Shared {
  std::mutex mutex;
  std::condition_variable changed;
  Progress latest;
  bool fresh = false;
  bool done = false;
};

/// Runs the scenario into `output` with the GIL released. The calling (Python) thread wakes
/// every 50 ms or on progress: it runs Python's signal handlers (Ctrl-C raises
/// KeyboardInterrupt there) and the progress callback; an exception from either asks the runner
/// to abandon the runs in progress, and is raised once the runner has returned, its file closed.
py::dict run(const ScenarioSource& source, const std::vector<std::string>& overrides,
             const std::string& output, bool overwrite, unsigned threads,
             const py::object& on_progress, const std::map<std::string, std::string>& provenance) {
  const Scenario scenario = load(source, overrides);
  const ModelEntry& model = cli::model_of(scenario);
  if (output.empty()) raise_python("OutputError", "no output path given");
  // Refusals come before anything is built, as in `hearsay run`.
  if (cli::occupied(output))
    check_replaceable(output, {.overwrite = overwrite,
                               .inputs = scenario_inputs(scenario),
                               .exists_fix = "pass overwrite=True to replace it"});
  const unsigned used = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  const std::uint64_t needed = estimate_memory_bytes(scenario, model, used);
  const std::uint64_t limit = cli::available_memory_bytes();
  if (limit > 0 && needed > limit)
    throw RuntimeError(source.name + ": this run would need about " +
                       cli::human_bytes(static_cast<double>(needed)) + " of memory with " +
                       std::to_string(used) + " threads, but " +
                       cli::human_bytes(static_cast<double>(limit)) +
                       " are available; use a smaller network, or threads=1");

  std::atomic<int> stop{0};
  auto shared = std::make_shared<Shared>();
  RunOptions options;
  options.output_path = output;
  options.overwrite = overwrite;
  options.inputs = scenario_inputs(scenario);
  options.threads = threads;
  options.stop = &stop;
  options.provenance = provenance;
  options.provenance["scenario_file"] =
      source.is_path ? std::filesystem::absolute(source.text_or_path).string() : source.name;
#ifdef HEARSAY_GIT_REVISION
  options.provenance["git_revision"] = HEARSAY_GIT_REVISION;
#endif
  options.on_progress = [shared](const Progress& p) {
    const std::lock_guard lock(shared->mutex);
    shared->latest = p;
    shared->fresh = true;
    shared->changed.notify_one();
  };

  ScenarioResult result;
  std::exception_ptr failure;
  std::unique_ptr<py::error_already_set> python_error;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result = run_scenario(scenario, model, options);
      } catch (...) {
        failure = std::current_exception();
      }
      const std::lock_guard lock(shared->mutex);
      shared->done = true;
      shared->changed.notify_one();
    });
    for (bool done = false; !done;) {
      Progress progress;
      bool fresh = false;
      {
        std::unique_lock lock(shared->mutex);
        shared->changed.wait_for(lock, std::chrono::milliseconds(50),
                                 [&] { return shared->done || shared->fresh; });
        done = shared->done;
        fresh = shared->fresh;
        progress = shared->latest;
        shared->fresh = false;
      }
      if (python_error) continue;  // stopping: wait for the runner
      py::gil_scoped_acquire acquire;
      try {
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (fresh && !on_progress.is_none())
          on_progress(progress.runs_done, progress.runs_total, progress.runs_before,
                      progress.events, progress.elapsed_seconds);
      } catch (py::error_already_set& e) {
        python_error = std::make_unique<py::error_already_set>(std::move(e));
        stop.store(2);
      }
    }
    worker.join();
  }
  if (python_error) throw *python_error;
  if (failure) std::rethrow_exception(failure);
  py::dict out;
  out["stopped"] = result.stopped;
  out["events"] = result.events;
  out["runs"] = result.runs_now;
  out["wall_seconds"] = result.wall_seconds;
  out["network_nodes"] = result.network_nodes;
  out["network_edges"] = result.network_edges;
  return out;
}

}  // namespace
}  // namespace hearsay::python

PYBIND11_MODULE(_core, m) {
  using namespace hearsay::python;
  namespace h = hearsay;
  m.doc() = "hearsay's engine in process; use it through hearsay.simulate() and friends";
  m.attr("__version__") = h::hearsay_version();
  py::register_exception_translator(&translate);
  py::class_<ScenarioSource>(m, "ScenarioSource")
      .def(py::init<std::string, bool, std::string>(), py::arg("text_or_path"), py::arg("is_path"),
           py::arg("name"));
  m.def("models", &models, "every model and network generator: name, kind, summary");
  m.def("describe", &describe, py::arg("name"),
        "a model's or generator's declared parameters and metrics");
  m.def("check", &check, py::arg("source"), py::arg("overrides"),
        "validates a scenario; its resolved text, plan and memory estimate");
  m.def("run", &run, py::arg("source"), py::arg("overrides"), py::arg("output"),
        py::arg("overwrite"), py::arg("threads"), py::arg("on_progress"), py::arg("provenance"),
        "runs a scenario into a results file, the GIL released");
}

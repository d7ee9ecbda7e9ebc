// Runs a scenario's (point, replication) tasks in parallel and hands each finished run to the
// one writer, in task order, so the file does not depend on thread count, shards or ranks.
#include "sim/run/runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/version.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>

#include "sim/core/error.hpp"
#include "sim/core/rng.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/model/seeding.hpp"
#include "sim/network/generators.hpp"

namespace hearsay {
namespace {

constexpr std::uint64_t run_tag = 0x72756e;                 // "run"
constexpr std::uint64_t network_tag = 0x6e6574776f726bULL;  // "network"

using Clock = std::chrono::steady_clock;

/// CPU time of the calling thread, seconds: what writing costs, however busy the machine.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<NodeId> pick_seeds(const ScenarioPoint& point, const ModelEntry& model,
                               const Network* network, std::uint64_t seed) {
  RandomStream rng(seed, StreamPurpose::seeding);
  if (!model.info.uses_seeding) return {};
  if (!model.info.needs_network) {
    // Models without a network (branching processes) start from `count` immigrant events.
    std::vector<NodeId> seeds(seed_count(point.seeding, 0));
    std::iota(seeds.begin(), seeds.end(), NodeId{0});
    return seeds;
  }
  return choose_seeds(point.seeding, network, network->nodes(), rng);
}

/// Values one run produces for `metrics`: `per_metric` each, times the brands when per brand.
std::size_t output_values(const std::vector<MetricSpec>& metrics, std::size_t brands,
                          std::size_t per_metric) {
  std::size_t n = 0;
  for (const MetricSpec& m : metrics) n += (m.per_brand ? brands : 1) * per_metric;
  return n;
}

void check_output_folder(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path folder = fs::absolute(fs::path(path)).parent_path();
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw RuntimeError("cannot write " + path + ": folder " + folder.string() +
                       " does not exist (create it, or choose another path with -o)");
}

bool same_network(const ScenarioPoint& a, const ScenarioPoint& b) {
  return a.has_network == b.has_network && a.network.generator == b.network.generator &&
         a.network.fixed == b.network.fixed && a.network.params.all() == b.network.params.all();
}

/// "point 3 (arm soft, model.beta = 0.2)": how messages name a point of a sweep.
std::string point_label(const Scenario& scenario, std::uint32_t p) {
  if (scenario.points.size() <= 1) return {};
  const ScenarioPoint& point = scenario.points[p];
  std::string text;
  if (!point.arm.empty()) text = "arm " + point.arm;
  for (std::size_t k = 0; k < scenario.swept_keys.size() && k < point.values.size(); ++k)
    text += (text.empty() ? "" : ", ") + scenario.swept_keys[k] + " = " + point.values[k].text;
  return "point " + std::to_string(p) + (text.empty() ? "" : " (" + text + ")");
}

/// The networks of a plan, built on first use and freed after their last run.
class NetworkCache {
 public:
  /// `users[(group, r)]` counts the runs that will ask for that network.
  explicit NetworkCache(std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> users) {
    for (const auto& [key, n] : users) entries_[key].users = n;
  }

  void put(std::uint32_t group, std::uint32_t r, std::shared_ptr<const Network> network) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find({group, r});
    if (it != entries_.end() && it->second.users > 0) it->second.network = std::move(network);
  }

  std::shared_ptr<const Network> acquire(std::uint32_t group, std::uint32_t r,
                                         const std::function<Network()>& build) {
    Entry* entry = nullptr;
    {
      std::lock_guard lock(mutex_);
      entry = &entries_.at({group, r});
    }
    // One builder per network; others asking for the same one wait for it.
    std::lock_guard build_lock(entry->build_mutex);
    if (!entry->network) entry->network = std::make_shared<const Network>(build());
    return entry->network;
  }

  void release(std::uint32_t group, std::uint32_t r) {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_.at({group, r});
    if (entry.users > 0 && --entry.users == 0) {
      std::lock_guard build_lock(entry.build_mutex);
      entry.network.reset();
    }
  }

 private:
  struct Entry {
    std::mutex build_mutex;
    std::shared_ptr<const Network> network;
    std::uint64_t users = 0;
  };
  std::mutex mutex_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, Entry> entries_;  // nodes never move
};

}  // namespace

std::uint64_t run_seed(std::uint64_t master, std::uint32_t sweep_index, std::uint32_t replication) {
  return derive_seed(master, run_tag, sweep_index, replication);
}

std::uint64_t network_seed(std::uint64_t master, std::uint32_t replication) {
  return derive_seed(master, network_tag, replication);
}

Network build_scenario_network(const Scenario& scenario, std::uint32_t replication,
                               BuildReport* report, std::uint32_t point) {
  const NetworkSpec& spec =
      point < scenario.points.size() ? scenario.points[point].network : scenario.network;
  const std::uint32_t r = spec.fixed ? 0 : replication;
  RandomStream rng(network_seed(scenario.seed, r), StreamPurpose::network);
  try {
    return generate_network(spec.generator, spec.params, rng, report);
  } catch (const GeneratorError& e) {
    // What only the data shows (a degree file's degrees): the loader checked everything else.
    throw ScenarioError({scenario.file, 0, 0}, "network." + e.key(), e.problem(), e.fix());
  }
}

std::uint64_t estimate_memory_bytes(const Scenario& scenario, const ModelEntry& model,
                                    unsigned threads) {
  const std::uint64_t tasks = std::uint64_t{scenario.replications} * scenario.points.size();
  const std::uint64_t concurrent =
      std::max<std::uint64_t>(1, std::min<std::uint64_t>(threads, tasks));
  // The largest point decides: any of them may run on every thread at once.
  std::uint64_t per_run = 0;
  std::uint64_t network_bytes = 0;
  bool all_fixed = true;
  const auto times = static_cast<std::uint64_t>(scenario.time.end / scenario.time.sample_every) + 2;
  const std::size_t brands = scenario.brands.size();
  const std::uint64_t series = (output_values(model.info.series, brands, times) +
                                output_values(model.info.summaries, brands, 1)) *
                               sizeof(double);
  for (const ScenarioPoint& point : scenario.points) {
    std::uint64_t nodes = seed_count(point.seeding, 0);
    if (point.has_network) {
      try {
        network_bytes = std::max(
            network_bytes, estimate_network_bytes(point.network.generator, point.network.params));
      } catch (const GeneratorError& e) {
        throw ScenarioError({scenario.file, 0, 0}, "network." + e.key(), e.problem(), e.fix());
      }
      if (point.network.params.has("nodes"))
        nodes = static_cast<std::uint64_t>(point.network.params.integer("nodes"));
      all_fixed &= point.network.fixed;
    }
    const std::uint64_t state =
        model.state_bytes ? model.state_bytes(point.model.params, nodes) : 0;
    per_run = std::max(per_run, state);
  }
  // Runs of one replication share its network; the in-order writer keeps at most a few
  // replications in flight, so about `concurrent` networks are alive at once.
  const std::uint64_t networks_alive = all_fixed ? 1 : concurrent;
  return networks_alive * network_bytes + concurrent * (per_run + series);
}

ResultsLayout results_layout(const Scenario& scenario, const ModelEntry& model, ShardSpec shard) {
  ResultsLayout layout;
  layout.scenario_yaml = scenario.resolved_yaml;
  layout.scenario_name = scenario.name;
  layout.model = model.info.name;
  layout.times = make_time_grid(scenario.time.end, scenario.time.sample_every).times;
  layout.points = static_cast<std::uint32_t>(scenario.points.size());
  layout.replications = scenario.replications;
  layout.series = model.info.series;
  layout.summaries = model.info.summaries;
  for (const BrandSpec& brand : scenario.brands) layout.brands.push_back(brand.name);
  layout.cascades = scenario.output_cascades;
  layout.shard = shard;
  if (!scenario.arms.empty()) {
    PointColumn arm{.name = "arm"};
    for (const ScenarioPoint& point : scenario.points) arm.texts.push_back(point.arm);
    layout.point_columns.push_back(std::move(arm));
  }
  for (std::size_t k = 0; k < scenario.swept_keys.size(); ++k) {
    PointColumn column{.name = scenario.swept_keys[k]};
    column.numeric =
        std::all_of(scenario.points.begin(), scenario.points.end(),
                    [k](const ScenarioPoint& p) { return !std::isnan(p.values[k].number); });
    for (const ScenarioPoint& point : scenario.points) {
      if (column.numeric)
        column.numbers.push_back(point.values[k].number);
      else
        column.texts.push_back(point.values[k].text);
    }
    layout.point_columns.push_back(std::move(column));
  }
  return layout;
}

ScenarioResult run_scenario(const Scenario& scenario, const ModelEntry& model,
                            const RunOptions& options) {
  const auto start = Clock::now();
  const auto points = static_cast<std::uint32_t>(scenario.points.size());
  const std::uint32_t replications = scenario.replications;
  const std::uint64_t tasks = std::uint64_t{points} * replications;
  const TimeGrid grid = make_time_grid(scenario.time.end, scenario.time.sample_every);
  const Distribution& dist = options.distribution;
  const bool root = dist.rank == 0;
  std::atomic<int> own_stop{0};
  std::atomic<int>& stop = options.stop != nullptr ? *options.stop : own_stop;

  // Points whose networks are built the same way share them: group[p] is the first such point.
  std::vector<std::uint32_t> group(points);
  for (std::uint32_t p = 0; p < points; ++p) {
    group[p] = p;
    for (std::uint32_t q = 0; q < p; ++q)
      if (group[q] == q && same_network(scenario.points[q], scenario.points[p])) {
        group[p] = q;
        break;
      }
  }

  // Everything that can fail because of the input fails here, before a file exists: the first
  // replication's network of every network group, the seeding and the model's own checks.
  std::map<std::uint32_t, std::shared_ptr<const Network>> first_networks;
  for (std::uint32_t p = 0; p < points; ++p) {
    const ScenarioPoint& point = scenario.points[p];
    const std::string label = point_label(scenario, p);
    const std::string where = label.empty() ? std::string() : "at " + label + ": ";
    std::shared_ptr<const Network> network;
    if (model.info.needs_network) {
      auto& slot = first_networks[group[p]];
      if (!slot)
        slot = std::make_shared<const Network>(build_scenario_network(scenario, 0, nullptr, p));
      network = slot;
      const std::uint64_t wanted =
          model.info.uses_seeding ? seed_count(point.seeding, network->nodes()) : 0;
      if (wanted > network->nodes())
        throw ScenarioError({scenario.file, 0, 0}, "seeding",
                            where + "asks for " + std::to_string(wanted) +
                                " seeds but the network has " + std::to_string(network->nodes()) +
                                " nodes",
                            "lower seeding.count or seeding.fraction");
      for (NodeId v : point.seeding.nodes)
        if (v >= network->nodes())
          throw ScenarioError({scenario.file, 0, 0}, "seeding.nodes",
                              where + "node " + std::to_string(v) +
                                  " does not exist (the network has nodes 0.." +
                                  std::to_string(network->nodes() - 1) + ")",
                              "use ids below the number of nodes");
    } else if (point.seeding.mode != SeedingSpec::Mode::count) {
      throw ScenarioError(
          {scenario.file, 0, 0}, "seeding",
          where + "model " + model.info.name + " runs without a network: give seeding.count",
          "replace fraction/nodes with count: N");
    }
    if (model.check != nullptr) {
      try {
        model.check(point.model.params, network.get(), point.brands);
      } catch (const ModelCheckError& e) {
        const auto at = scenario.locations.find(e.key());
        throw ScenarioError(
            at != scenario.locations.end() ? at->second : SourceLocation{scenario.file, 0, 0},
            e.key(), where + e.problem(), e.fix());
      } catch (const std::invalid_argument& e) {
        throw ScenarioError({scenario.file, 0, 0}, "model", where + e.what(),
                            "change the value, or the network it refers to");
      }
    }
  }

  ScenarioResult result;
  const std::size_t brands = scenario.brands.size();
  const std::size_t series_values = output_values(model.info.series, brands, grid.times.size());
  const std::size_t summary_values = output_values(model.info.summaries, brands, 1);
  result.summaries = model.info.summaries;
  for (const BrandSpec& brand : scenario.brands) result.brands.push_back(brand.name);
  result.points = points;
  result.replications = replications;
  result.summary.assign(tasks, {});
  result.status.assign(tasks, RunStatus::pending);
  if (!first_networks.empty()) {
    result.network_nodes = first_networks.begin()->second->nodes();
    result.network_edges = first_networks.begin()->second->edges();
  }

  // The tasks this invocation runs: the shard's range, minus runs a resumed file already has.
  // Rank 0 decides and tells the others.
  const ResultsLayout layout = results_layout(scenario, model, options.shard);
  std::unique_ptr<ResultsWriter> writer;
  std::vector<std::uint64_t> pending;
  std::string setup_error;
  if (root) {
    try {
      std::vector<RunStatus> before(tasks, RunStatus::pending);
      if (!options.output_path.empty()) {
        check_output_folder(options.output_path);
        // Held from here until the writer is done: no other process resumes, replaces or
        // merges into this file meanwhile, whatever HDF5_USE_FILE_LOCKING says.
        OutputLock lock(options.output_path, LockMode::exclusive);
        std::error_code error;
        if (options.resume && std::filesystem::symlink_status(options.output_path, error).type() !=
                                  std::filesystem::file_type::not_found) {
          check_changeable(options.output_path, options.inputs);
          {
            // Runs already in the file feed the closing table; read them before reopening.
            const ResultsReader reader(options.output_path);
            const std::string why = layout_mismatch(reader.layout(), layout);
            if (!why.empty())
              throw RuntimeError("cannot resume " + options.output_path + ": " + why +
                                 "; run it again with --force to start over, or write to another "
                                 "file with -o");
            before = reader.statuses();
            for (std::uint64_t i = 0; i < tasks; ++i)
              if (before[i] != RunStatus::pending) {
                result.status[i] = before[i];
                result.summary[i] = reader
                                        .read_run(static_cast<std::uint32_t>(i / replications),
                                                  static_cast<std::uint32_t>(i % replications),
                                                  /*everything=*/false)
                                        .output.summary;
                ++result.runs_before;
              }
          }
          writer = ResultsWriter::resume(std::move(lock), layout, options.inputs);
        } else {
          NewFileOptions file_options;
          file_options.replace.overwrite = options.overwrite;
          file_options.replace.inputs = options.inputs;
          writer = std::make_unique<ResultsWriter>(std::move(lock), layout, file_options);
        }
      }
      for (std::uint64_t t = shard_begin(options.shard, tasks); t < shard_end(options.shard, tasks);
           ++t) {
        const std::uint64_t p = t % points;
        const std::uint64_t r = t / points;
        if (before[p * replications + r] == RunStatus::pending) pending.push_back(t);
      }
    } catch (const std::exception& e) {
      setup_error = e.what();
    }
  }
  if (dist.size > 1) {
    // Every rank learns the task list (or that rank 0 could not start).
    std::vector<std::uint64_t> shared = pending;
    shared.insert(shared.begin(), setup_error.empty() ? 1 : 0);
    dist.share(shared);
    if (!root) {
      if (shared.empty() || shared.front() == 0)
        throw StartError("rank 0 could not start the run (see its message)");
      pending.assign(shared.begin() + 1, shared.end());
    }
  }
  if (!setup_error.empty()) throw StartError(setup_error);

  // This rank runs pending[i] for i = rank, rank + size, ... in order.
  std::vector<std::uint64_t> mine;
  for (std::uint64_t i = static_cast<std::uint64_t>(dist.rank); i < pending.size();
       i += static_cast<std::uint64_t>(dist.size))
    mine.push_back(i);
  // Fewer runs than threads (one huge run, say): each run gets a share of the idle threads for
  // itself. Models with a parallel engine (wom) use them; the results do not change.
  const unsigned run_threads = [&] {
    const unsigned all = options.threads > 0
                             ? options.threads
                             : static_cast<unsigned>(tbb::this_task_arena::max_concurrency());
    if (mine.empty() || mine.size() >= all) return 1u;
    return std::max(1u, all / static_cast<unsigned>(mine.size()));
  }();

  // Networks: each is built by the first run that needs it and freed after its last.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> users;
  if (model.info.needs_network)
    for (const std::uint64_t i : mine) {
      const std::uint64_t t = pending[i];
      const auto p = static_cast<std::uint32_t>(t % points);
      const auto r = static_cast<std::uint32_t>(t / points);
      ++users[{group[p], scenario.points[p].network.fixed ? 0u : r}];
    }
  NetworkCache networks(std::move(users));
  for (auto& [g, network] : first_networks) networks.put(g, 0, std::move(network));
  first_networks.clear();

  // Finished runs reach the writer in the order of `pending` whatever thread or rank finished
  // first, so the file's bytes (appended /cascades rows included) do not depend on scheduling.
  std::mutex mutex;
  std::condition_variable written_cv;
  std::map<std::uint64_t, RunRecord> waiting;  // finished, not yet written
  std::uint64_t next_to_write = 0;             // index into `pending`
  std::exception_ptr first_error;
  Progress progress;
  progress.runs_total = pending.size();
  progress.runs_before = result.runs_before;

  const int threads = options.threads > 0 ? static_cast<int>(options.threads)
                                          : tbb::this_task_arena::max_concurrency();
  // A run may get this far ahead of the oldest unwritten one, which bounds the finished runs
  // held in memory however many there are.
  const std::uint64_t window = 4 * static_cast<std::uint64_t>(threads) + 4;

  bool writer_failed = false;  // e.g. disk full: keep no run in memory, stop everything
  auto fail_writing = [&](std::exception_ptr error) {
    writer_failed = true;
    first_error = error;  // the writer's error explains the stop better than a model's
    stop.store(2);
  };

  // Called with `mutex` held, on rank 0: record a finished run and hand it to the writer.
  std::condition_variable ready_cv;  // the writer waits here for the next run in order
  auto deliver = [&](std::uint64_t index, RunRecord&& run) {
    const std::uint64_t t = pending[index];
    const auto p = static_cast<std::uint32_t>(t % points);
    const auto r = static_cast<std::uint32_t>(t / points);
    const std::size_t cell = std::size_t{p} * replications + r;
    if (run.output.status == RunStatus::pending) return;  // abandoned: leaves a gap, stays pending
    result.summary[cell] = run.output.summary;
    result.status[cell] = run.output.status;
    result.events += run.output.events;
    result.run_seconds += run.wall_seconds;
    ++result.runs_now;
    if (writer) {
      waiting.emplace(index, std::move(run));
      if (index == next_to_write) ready_cv.notify_one();
    } else {
      // Nothing to write: only the window moves.
      waiting.emplace(index, RunRecord{});
      for (auto next = waiting.find(next_to_write); next != waiting.end();
           next = waiting.find(next_to_write)) {
        waiting.erase(next);
        ++next_to_write;
      }
      written_cv.notify_all();
    }
    ++progress.runs_done;
    progress.events = result.events;
    progress.elapsed_seconds = seconds_since(start);
    progress.stopping = stop.load() > 0;
    if (options.on_progress) options.on_progress(progress);
  };

  // The writer has a thread of its own: it writes runs in order while the workers simulate, so
  // compressing and flushing one run overlaps the next runs instead of holding up a worker (and,
  // through the mutex, every worker). It ends once the workers are done and the next run in
  // order will not come (written them all, or a run was abandoned and left a gap).
  bool workers_done = false;
  auto write_in_order = [&] {
    std::unique_lock lock(mutex);
    // Calls the writer outside the lock, timed on this thread's CPU clock; a failure stops the
    // writing (the workers go on; the error is reported at the end).
    auto outside_lock = [&](auto&& call) {
      lock.unlock();
      std::exception_ptr error;
      const double call_start = thread_cpu_seconds();
      try {
        call();
      } catch (...) {
        error = std::current_exception();
      }
      const double spent = thread_cpu_seconds() - call_start;
      lock.lock();
      result.write_seconds += spent;
      if (error) fail_writing(error);
    };
    for (;;) {
      const auto next = waiting.find(next_to_write);
      if (next == waiting.end()) {
        if (workers_done) return;
        if (writer_failed || !writer->has_uncommitted()) {
          ready_cv.wait(lock);
          continue;
        }
        // Runs written but not yet committed: commit them when due even if no run comes (a
        // long run must not leave the ones before it uncommitted while it computes).
        if (ready_cv.wait_until(lock, writer->commit_deadline()) == std::cv_status::no_timeout)
          continue;
        outside_lock([&] { writer->commit_due(); });
        continue;
      }
      RunRecord run = std::move(next->second);
      waiting.erase(next);
      const std::uint64_t tn = pending[next_to_write];
      if (!writer_failed) {
        outside_lock([&] {
          writer->write_run(static_cast<std::uint32_t>(tn % points),
                            static_cast<std::uint32_t>(tn / points), run.seed, run.output,
                            run.wall_seconds);
          run = RunRecord{};  // free the run's output outside the lock
        });
      }
      ++next_to_write;
      written_cv.notify_all();
    }
  };
  std::thread writer_thread;
  if (writer) writer_thread = std::thread(write_in_order);
  auto stop_writer = [&] {
    if (!writer_thread.joinable()) return;
    {
      std::lock_guard lock(mutex);
      workers_done = true;
    }
    ready_cv.notify_one();
    writer_thread.join();
  };
  // Joins the writer however this function is left (a joinable std::thread must not be
  // destroyed).
  struct JoinAtExit {
    const std::function<void()>& join;
    ~JoinAtExit() { join(); }
  };
  const std::function<void()> join_writer = stop_writer;
  const JoinAtExit join_at_exit{join_writer};

  auto run_task = [&](std::uint64_t index) {
    const std::uint64_t t = pending[index];
    const auto p = static_cast<std::uint32_t>(t % points);
    const auto r = static_cast<std::uint32_t>(t / points);
    const ScenarioPoint& point = scenario.points[p];
    const auto run_start = Clock::now();
    RunRecord run;
    run.seed = run_seed(scenario.seed, point.sweep_index, r);
    try {
      std::shared_ptr<const Network> network;
      const std::uint32_t nr = point.network.fixed ? 0 : r;
      // Whatever happens to the run, its use of the network ends with it.
      struct Release {
        NetworkCache* cache;
        std::uint32_t g, r;
        ~Release() {
          if (cache != nullptr) cache->release(g, r);
        }
      } release{model.info.needs_network ? &networks : nullptr, group[p], nr};
      if (model.info.needs_network)
        network = networks.acquire(group[p], nr,
                                   [&] { return build_scenario_network(scenario, r, nullptr, p); });
      const std::vector<NodeId> seeds = pick_seeds(point, model, network.get(), run.seed);
      RunInput input;
      input.network = network.get();
      input.params = &point.model.params;
      input.seeds = seeds;
      input.grid = &grid;
      input.seed = run.seed;
      input.brands = point.brands;
      input.record_cascades = scenario.output_cascades;
      input.stop = &stop;
      input.run_threads = run_threads;
      run.output = model.run(input);
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!first_error) first_error = std::current_exception();
      run.output = RunOutput{};
      run.output.status = RunStatus::failed;
      run.output.series.assign(series_values, std::numeric_limits<double>::quiet_NaN());
      run.output.summary.assign(summary_values, std::numeric_limits<double>::quiet_NaN());
    }
    run.wall_seconds = seconds_since(run_start);
    return run;
  };

  // Workers take this rank's tasks in order, so runs finish roughly in order and few wait for
  // the in-order writer.
  std::atomic<std::uint64_t> next_mine{0};
  std::mutex send_mutex;
  auto work = [&] {
    tbb::task_arena arena(threads);
    arena.execute([&] {
      tbb::parallel_for(0, threads, [&](int) {
        for (;;) {
          if (stop.load() > 0) return;
          const std::uint64_t k = next_mine++;
          if (k >= mine.size()) return;
          const std::uint64_t index = mine[k];
          if (root) {
            // Wait until the run is within the window; a stop request (which no one notifies)
            // is noticed within a tenth of a second, and the run, not started yet, is dropped.
            std::unique_lock lock(mutex);
            while (index >= next_to_write + window * static_cast<std::uint64_t>(dist.size)) {
              if (stop.load() > 0) return;
              written_cv.wait_for(lock, std::chrono::milliseconds(100));
            }
          }
          RunRecord run = run_task(index);
          if (root) {
            std::lock_guard lock(mutex);
            deliver(index, std::move(run));
          } else if (run.output.status != RunStatus::pending) {
            std::lock_guard lock(send_mutex);
            dist.send(index, run);
          }
        }
      });
    });
  };

  if (dist.size > 1 && root) {
    // Rank 0 computes its share on worker threads while this thread takes in the others' runs.
    std::thread workers(work);
    std::uint64_t index = 0;
    RunRecord run;
    while (dist.receive(index, run)) {
      std::lock_guard lock(mutex);
      if (index < pending.size()) deliver(index, std::move(run));
    }
    workers.join();
  } else {
    work();
    if (!root && dist.done_sending) dist.done_sending();
  }
  stop_writer();  // every run handed over is written before the file is finished

  result.wall_seconds = seconds_since(start);
  result.stopped =
      root && std::any_of(pending.begin(), pending.end(), [&](std::uint64_t t) {
        return result.status[(t % points) * replications + t / points] == RunStatus::pending;
      });
  if (writer) {
    std::map<std::string, std::string> provenance = options.provenance;
    provenance["threads"] = std::to_string(threads);
    provenance["wall_seconds"] = std::to_string(result.wall_seconds);
    provenance["write_seconds"] = std::to_string(result.write_seconds);
    provenance["tbb_version"] = TBB_VERSION_STRING;
    provenance["compiler"] = "g++ " __VERSION__;
    if (result.runs_before > 0) provenance["resumed_runs"] = std::to_string(result.runs_before);
    if (dist.size > 1) provenance["mpi_ranks"] = std::to_string(dist.size);
    try {
      if (!writer_failed) writer->finish(provenance);
    } catch (...) {
      if (!first_error) first_error = std::current_exception();
    }
  }
  if (first_error) std::rethrow_exception(first_error);
  return result;
}

}  // namespace hearsay

// Runs a scenario's (point, replication) tasks in parallel and hands each finished run to the
// one writer, in task order, so the file does not depend on thread count, shards or ranks.
#include "sim/run/runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <numeric>
#include <thread>

#include "sim/core/rng.hpp"
#include "sim/model/seeding.hpp"
#include "sim/run/steps.hpp"
#include "sim/run/writer_thread.hpp"

namespace hearsay {

std::vector<NodeId> run::pick_seeds(const ScenarioPoint& point, const ModelEntry& model,
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

RunInput run::run_input(const Scenario& scenario, const ScenarioPoint& point,
                        const Network* network, const TimeGrid& grid, std::uint64_t seed,
                        const std::vector<NodeId>& seeds) {
  RunInput input;
  input.seeds = seeds;
  input.network = network;
  input.params = &point.model.params;
  input.grid = &grid;
  input.seed = seed;
  input.brands = point.brands;
  input.segments = scenario.segments;
  input.segment_by = scenario.segment_by;
  input.record_cascades = scenario.output_cascades;
  return input;
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// One invocation of a plan on this rank, step by step: check the inputs, open the file and agree
/// on the pending tasks (rank 0 decides), take this rank's share, run it on the worker threads
/// while the writer thread writes in order, finish the file.
class PlanRun {
 public:
  PlanRun(const Scenario& scenario, const ModelEntry& model, const RunOptions& options)
      : scenario_(scenario),
        model_(model),
        options_(options),
        ranks_(options.ranks),
        root_(ranks_.rank == 0),
        order_(static_cast<std::uint32_t>(scenario.points.size()), scenario.replications),
        grid_(make_time_grid(scenario.time.end, scenario.time.sample_every)),
        stop_(options.stop != nullptr ? *options.stop : own_stop_),
        threads_(options.threads > 0 ? static_cast<int>(options.threads)
                                     : tbb::this_task_arena::max_concurrency()),
        group_(run::network_groups(scenario)) {}

  ScenarioResult run() {
    run::FirstNetworks first_networks = run::check_inputs(scenario_, model_, group_);
    start_result(first_networks);
    agree_on_tasks();
    take_share();
    run::NetworkCache networks(network_users());
    for (auto& [g, network] : first_networks) networks.put({g, 0}, std::move(network));
    first_networks.clear();
    networks_ = &networks;

    WriterThread writer(
        output_.writer.get(), [this](std::uint64_t index) { return order_.task(pending_[index]); },
        stop_);
    writer_ = &writer;
    if (ranks_.size > 1 && root_) {
      // Rank 0 computes its share on worker threads while this thread takes in the others' runs.
      std::thread workers([this] { work(); });
      receive_from_ranks();
      workers.join();
    } else {
      work();
      if (!root_ && ranks_.done_sending) ranks_.done_sending();
    }
    writer.finish();  // every run handed over is written before the file is finished
    return finish(writer);
  }

 private:
  void start_result(const run::FirstNetworks& first_networks) {
    result_.summaries = model_.info.summaries;
    for (const BrandSpec& brand : scenario_.brands) result_.brands.push_back(brand.name);
    result_.points = order_.points();
    result_.replications = order_.replications();
    result_.summary.assign(order_.tasks(), {});
    result_.status.assign(order_.tasks(), RunStatus::pending);
    if (!first_networks.empty()) {
      result_.network_nodes = first_networks.begin()->second->nodes();
      result_.network_edges = first_networks.begin()->second->edges();
    }
  }

  /// The tasks this invocation runs: the shard's range, minus runs a resumed file already has.
  /// Rank 0 decides and tells the others (or that it could not start).
  void agree_on_tasks() {
    std::string setup_error;
    if (root_) {
      try {
        output_ = run::open_output(results_layout(scenario_, model_, options_.shard), options_,
                                   order_, result_);
        const std::uint64_t tasks = order_.tasks();
        for (std::uint64_t t = shard_begin(options_.shard, tasks);
             t < shard_end(options_.shard, tasks); ++t)
          if (output_.before[order_.cell(order_.task(t))] == RunStatus::pending)
            pending_.push_back(t);
      } catch (const std::exception& e) {
        setup_error = e.what();
      }
    }
    if (ranks_.size > 1) {
      std::vector<std::uint64_t> shared = pending_;
      shared.insert(shared.begin(), setup_error.empty() ? 1 : 0);
      ranks_.share(shared);
      if (!root_) {
        if (shared.empty() || shared.front() == 0)
          throw StartError("rank 0 could not start the run (see its message)");
        pending_.assign(shared.begin() + 1, shared.end());
      }
    }
    if (!setup_error.empty()) throw StartError(setup_error);
  }

  /// This rank runs pending[i] for i = rank, rank + size, ... in order. Fewer runs than threads
  /// (one huge run, say): each run gets a share of the idle threads for itself. Models with a
  /// parallel engine (wom) use them; the results do not change.
  void take_share() {
    for (auto i = static_cast<std::uint64_t>(ranks_.rank); i < pending_.size();
         i += static_cast<std::uint64_t>(ranks_.size))
      mine_.push_back(i);
    progress_.runs_total = pending_.size();
    progress_.runs_before = result_.runs_before;
    const auto all = static_cast<unsigned>(threads_);
    if (!mine_.empty() && mine_.size() < all)
      run_threads_ = std::max(1u, all / static_cast<unsigned>(mine_.size()));
  }

  /// How many of this rank's runs use each network: each is freed after its last.
  std::map<run::NetworkCache::Key, std::uint64_t> network_users() const {
    std::map<run::NetworkCache::Key, std::uint64_t> users;
    if (model_.info.needs_network)
      for (const std::uint64_t i : mine_) ++users[network_of(order_.task(pending_[i]))];
    return users;
  }

  run::NetworkCache::Key network_of(Task task) const {
    return {group_[task.point], scenario_.points[task.point].network.fixed ? 0u : task.replication};
  }

  /// Workers take this rank's tasks in order, so runs finish roughly in order and few wait for
  /// the in-order writer.
  void work() {
    // A run may get this far ahead of the oldest unwritten one, which bounds the finished runs
    // held in memory however many there are.
    const std::uint64_t window =
        (4 * static_cast<std::uint64_t>(threads_) + 4) * static_cast<std::uint64_t>(ranks_.size);
    std::atomic<std::uint64_t> next_mine{0};
    tbb::task_arena arena(threads_);
    arena.execute([&] {
      tbb::parallel_for(0, threads_, [&](int) {
        for (;;) {
          if (stop_.load() > 0) return;
          const std::uint64_t k = next_mine++;
          if (k >= mine_.size()) return;
          const std::uint64_t index = mine_[k];
          // A run not started yet is dropped at a stop request.
          if (root_ && !writer_->wait_for_window(index, window)) return;
          RunRecord run = execute(index);
          if (root_) {
            deliver(index, std::move(run));
          } else if (run.output.status != RunStatus::pending) {
            std::lock_guard lock(send_mutex_);
            ranks_.send(index, run);
          }
        }
      });
    });
  }

  void receive_from_ranks() {
    std::uint64_t index = 0;
    RunRecord run;
    while (ranks_.receive(index, run))
      if (index < pending_.size()) deliver(index, std::move(run));
  }

  /// Runs pending task `index`; a failure becomes a failed run (NaN outputs) and the error the
  /// run reports at the end.
  RunRecord execute(std::uint64_t index) {
    const Task task = order_.task(pending_[index]);
    const ScenarioPoint& point = scenario_.points[task.point];
    const auto start = Clock::now();
    RunRecord run;
    run.seed = run_seed(scenario_.seed, point.seed_index, task.replication);
    try {
      const bool needs_network = model_.info.needs_network;
      // Whatever happens to the run, its use of the network ends with it.
      struct Release {
        run::NetworkCache* cache;
        run::NetworkCache::Key key;
        ~Release() {
          if (cache != nullptr) cache->release(key);
        }
      } release{needs_network ? networks_ : nullptr, network_of(task)};
      std::shared_ptr<const Network> network;
      if (needs_network)
        network = networks_->acquire(network_of(task), [&] {
          return build_scenario_network(scenario_, task.replication, nullptr, task.point);
        });
      const std::vector<NodeId> seeds = run::pick_seeds(point, model_, network.get(), run.seed);
      run.output = model_.run(input_for(point, network.get(), run.seed, seeds));
    } catch (...) {
      writer_->note_error(std::current_exception());
      run.output = failed_output();
    }
    run.wall_seconds = seconds_since(start);
    return run;
  }

  /// The input of one run; it views `seeds`, which must outlive it.
  RunInput input_for(const ScenarioPoint& point, const Network* network, std::uint64_t seed,
                     const std::vector<NodeId>& seeds) {
    RunInput input = run::run_input(scenario_, point, network, grid_, seed, seeds);
    input.stop = &stop_;
    input.run_threads = run_threads_;
    return input;
  }

  RunOutput failed_output() const {
    const std::size_t brands = scenario_.brands.size();
    const std::size_t segments = scenario_.segments.size();
    RunOutput out;
    out.status = RunStatus::failed;
    out.series.assign(run::output_values(model_.info.series, brands, segments, grid_.times.size()),
                      std::numeric_limits<double>::quiet_NaN());
    out.summary.assign(run::output_values(model_.info.summaries, brands, segments, 1),
                       std::numeric_limits<double>::quiet_NaN());
    return out;
  }

  /// Rank 0: records a finished run for the closing table and the progress line, and hands it
  /// to the writer.
  void deliver(std::uint64_t index, RunRecord&& run) {
    writer_->deliver(index, std::move(run), [&](const RunRecord& done) {
      const Task task = order_.task(pending_[index]);
      const std::uint64_t cell = order_.cell(task);
      if (options_.on_run) options_.on_run(task.point, task.replication, done.output);
      result_.summary[cell] = done.output.summary;
      result_.status[cell] = done.output.status;
      result_.events += done.output.events;
      result_.run_seconds += done.wall_seconds;
      ++result_.runs_now;
      ++progress_.runs_done;
      progress_.events = result_.events;
      progress_.elapsed_seconds = seconds_since(start_);
      progress_.stopping = stop_.load() > 0;
      if (options_.on_progress) options_.on_progress(progress_);
    });
  }

  ScenarioResult finish(const WriterThread& writer) {
    result_.wall_seconds = seconds_since(start_);
    result_.write_seconds = writer.write_seconds();
    result_.stopped = root_ && std::any_of(pending_.begin(), pending_.end(), [&](std::uint64_t t) {
                        return result_.status[order_.cell(order_.task(t))] == RunStatus::pending;
                      });
    std::exception_ptr error = writer.error();
    if (output_.writer && !writer.failed()) {
      std::exception_ptr finishing =
          run::finish_output(*output_.writer, options_, result_, threads_);
      if (!error) error = finishing;
    }
    if (error) std::rethrow_exception(error);
    return std::move(result_);
  }

  const Scenario& scenario_;
  const ModelEntry& model_;
  const RunOptions& options_;
  const RankSplit& ranks_;
  const bool root_;
  const TaskOrder order_;
  const TimeGrid grid_;
  const Clock::time_point start_ = Clock::now();
  std::atomic<int> own_stop_{0};
  std::atomic<int>& stop_;
  const int threads_;
  const std::vector<std::uint32_t> group_;  ///< network group of each point
  ScenarioResult result_;
  Progress progress_;
  run::OpenedOutput output_;
  std::vector<std::uint64_t> pending_;  ///< task indices to run, in write order
  std::vector<std::uint64_t> mine_;     ///< this rank's share: indices into pending_
  unsigned run_threads_ = 1;
  run::NetworkCache* networks_ = nullptr;
  WriterThread* writer_ = nullptr;
  std::mutex send_mutex_;
};

}  // namespace

ScenarioResult run_scenario(const Scenario& scenario, const ModelEntry& model,
                            const RunOptions& options) {
  return PlanRun(scenario, model, options).run();
}

}  // namespace hearsay

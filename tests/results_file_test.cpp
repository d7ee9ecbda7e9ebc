// Tests of the results file: layout, write order, completeness, overwrite rules, clear errors.
#include "sim/results/results_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>
#include <tuple>

#include "sim/core/error.hpp"
#include "sim/results/h5.hpp"
#include "temp_path.hpp"

namespace {

using hearsay::RunOutput;
using hearsay::RunStatus;
using hearsay::RuntimeError;
namespace fs = std::filesystem;
namespace h5 = hearsay::h5;

using hearsay::testing::TempPath;

constexpr std::uint32_t points = 1;
constexpr std::uint32_t replications = 3;
constexpr std::size_t times = 5;

hearsay::ResultsLayout small_layout() {
  hearsay::ResultsLayout layout;
  layout.scenario_yaml = "name: small\nseed: 7\n";
  layout.scenario_name = "small";
  layout.model = "sir";
  layout.times = {0.0, 0.5, 1.0, 1.5, 2.0};
  layout.points = points;
  layout.replications = replications;
  layout.series = {{.name = "infected", .unit = "agents", .description = "agents infected now"},
                   {.name = "recovered", .unit = "agents", .description = "agents recovered"}};
  layout.summaries = {{.name = "final_size", .unit = "agents", .description = "ever infected"}};
  return layout;
}

// Values no rounding path would reproduce by accident.
double series_value(std::uint32_t replication, std::size_t metric, std::size_t k) {
  return 1000.0 * static_cast<double>(replication) + 100.0 * static_cast<double>(metric) +
         static_cast<double>(k) + 1.0 / 3.0;
}

RunOutput run_output(std::uint32_t replication) {
  RunOutput output;
  for (std::size_t m = 0; m < 2; ++m) {
    for (std::size_t k = 0; k < times; ++k)
      output.series.push_back(series_value(replication, m, k));
  }
  output.summary = {0.1 + replication};
  output.events = 1000 + replication;
  output.status = replication == 2 ? RunStatus::truncated : RunStatus::done;
  return output;
}

std::uint64_t seed_of(std::uint32_t replication) {
  return 0xFFFF'FFFF'FFFF'FF00ULL + replication;  // beyond 2^53: caught if ever stored as double
}

void write_runs(hearsay::ResultsWriter& writer, std::initializer_list<std::uint32_t> which) {
  for (const std::uint32_t r : which) {
    writer.write_run(0, r, seed_of(r), run_output(r), 0.25 * r);
  }
}

void write_complete_file(const std::string& path) {
  hearsay::ResultsWriter writer(path, small_layout(), false);
  write_runs(writer, {0, 1, 2});
  writer.finish({{"compiler", "g++ test"}, {"threads", "1"}});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool is_scalar(const h5::Object& object, const std::string& attribute) {
  const hid_t id = H5Aopen(object.id(), attribute.c_str(), H5P_DEFAULT);
  const hid_t space = H5Aget_space(id);
  const bool scalar = H5Sget_simple_extent_type(space) == H5S_SCALAR;
  H5Sclose(space);
  H5Aclose(id);
  return scalar;
}

}  // namespace

TEST_CASE("results file: a run is pending until written, the file complete only after finish",
          "[hdf5]") {
  const TempPath path;
  {
    hearsay::ResultsWriter writer(path.str(), small_layout(), false);
    write_runs(writer, {0, 2});
    // Runs are marked done at a commit (write_run commits once commit_interval has passed).
    writer.commit();
    CHECK_FALSE(writer.has_uncommitted());

    // Readable while the writer is open (same process): the file says what it held at the
    // last commit.
    const hearsay::ResultsInfo during = hearsay::read_results_info(path.str());
    CHECK_FALSE(during.complete);
    CHECK(during.runs_done == 1);
    CHECK(during.runs_truncated == 1);
    CHECK(during.runs_pending == 1);
  }
  // Writer gone without finish(), as after a crash between runs.
  const hearsay::ResultsInfo partial = hearsay::read_results_info(path.str());
  CHECK_FALSE(partial.complete);
  CHECK(partial.runs_done + partial.runs_truncated == 2);
  CHECK(partial.runs_pending == 1);
  CHECK(partial.total_events == 1000 + 1002);

  {
    // Same rows again, this time all three runs and finish().
    hearsay::ResultsWriter writer(path.str(), small_layout(), /*overwrite=*/true);
    write_runs(writer, {0, 1});
    writer.finish({});
    CHECK_FALSE(hearsay::read_results_info(path.str()).complete);  // a run is still pending
    write_runs(writer, {2});
    writer.finish({{"compiler", "g++ test"}, {"command_line", "hearsay run x.yaml"}});
  }
  const hearsay::ResultsInfo info = hearsay::read_results_info(path.str());
  CHECK(info.complete);
  CHECK(info.format == "hearsay-results");
  CHECK(info.format_version == 1);
  CHECK(info.hearsay_version == hearsay::hearsay_version());
  CHECK(info.model == "sir");
  CHECK(info.scenario_name == "small");
  CHECK(info.scenario_yaml == "name: small\nseed: 7\n");
  CHECK(info.points == 1);
  CHECK(info.replications == 3);
  CHECK(info.times == 5);
  CHECK(info.runs_done == 2);
  CHECK(info.runs_truncated == 1);
  CHECK(info.runs_pending == 0);
  CHECK(info.runs_failed == 0);
  CHECK(info.total_events == 3003);
  REQUIRE(info.series.size() == 2);
  CHECK(info.series[0].name == "infected");  // declaration order, not name order
  CHECK(info.series[0].unit == "agents");
  CHECK(info.series[0].description == "agents infected now");
  CHECK(info.series[1].name == "recovered");
  REQUIRE(info.summaries.size() == 1);
  CHECK(info.summaries[0].name == "final_size");
  CHECK(info.summaries[0].description == "ever infected");
  CHECK(info.provenance.at("compiler") == "g++ test");
  CHECK(info.provenance.at("command_line") == "hearsay run x.yaml");
  CHECK(info.provenance.at("hdf5_version") == h5::library_version());
}

TEST_CASE("results file: values, attributes and dimension scales round-trip exactly", "[hdf5]") {
  const TempPath path;
  {
    hearsay::ResultsWriter writer(path.str(), small_layout(), false);
    write_runs(writer, {0, 2});
    RunOutput failed;
    failed.status = RunStatus::failed;  // a failed run may carry no figures
    writer.write_run(0, 1, seed_of(1), failed, 0.5);
    writer.finish({{"threads", "2"}});
  }
  const h5::File file = h5::open_file(path.str());

  CHECK(h5::read_string_attribute(file, "format") == "hearsay-results");
  CHECK(h5::attribute_is_integer(file, "format_version"));
  CHECK(is_scalar(file, "format_version"));
  CHECK(is_scalar(file, "complete"));
  CHECK(is_scalar(file, "format"));
  CHECK(h5::read_attribute<std::int64_t>(file, "format_version") == 1);
  CHECK(h5::read_attribute<std::int8_t>(file, "complete") == 1);

  const h5::Dataset time = h5::open_dataset(file, "time");
  CHECK(h5::read_all<double>(time) == std::vector<double>{0.0, 0.5, 1.0, 1.5, 2.0});
  CHECK(h5::read_string_attribute(time, "units") == "days");
  CHECK(h5::read_all<std::int64_t>(h5::open_dataset(file, "replication")) ==
        std::vector<std::int64_t>{0, 1, 2});
  CHECK(h5::read_all<std::int64_t>(h5::open_dataset(file, "point")) ==
        std::vector<std::int64_t>{0});

  const h5::Group series = h5::open_group(file, "series");
  const h5::Dataset infected = h5::open_dataset(series, "infected");
  const h5::Dataset recovered = h5::open_dataset(series, "recovered");
  CHECK(h5::dataset_dims(infected) == std::vector<hsize_t>{1, 3, 5});
  CHECK(h5::read_string_attribute(infected, "dimensions") == "point replication time");
  CHECK(h5::read_string_attribute(recovered, "units") == "agents");
  const std::vector<double> a = h5::read_all<double>(infected);
  const std::vector<double> b = h5::read_all<double>(recovered);
  for (const std::uint32_t r : {0u, 2u}) {
    for (std::size_t k = 0; k < times; ++k) {
      CHECK(a[r * times + k] == series_value(r, 0, k));
      CHECK(b[r * times + k] == series_value(r, 1, k));
    }
  }
  for (std::size_t k = 0; k < times; ++k) CHECK(std::isnan(a[1 * times + k]));  // failed: fill

  // Reading one slice back through the hyperslab helper gives the same numbers.
  std::vector<double> slice(times);
  const hsize_t start[] = {0, 2, 0};
  const hsize_t count[] = {1, 1, times};
  h5::read_hyperslab(recovered, start, count, slice.data());
  for (std::size_t k = 0; k < times; ++k) CHECK(slice[k] == series_value(2, 1, k));

  const std::vector<double> final_size =
      h5::read_all<double>(h5::open_dataset(h5::open_group(file, "summary"), "final_size"));
  CHECK(final_size[0] == 0.1);
  CHECK(std::isnan(final_size[1]));
  CHECK(final_size[2] == 2.1);

  const h5::Group runs = h5::open_group(file, "runs");
  CHECK(h5::read_all<std::uint64_t>(h5::open_dataset(runs, "seed")) ==
        std::vector<std::uint64_t>{seed_of(0), seed_of(1), seed_of(2)});
  CHECK(h5::read_all<std::uint64_t>(h5::open_dataset(runs, "events")) ==
        std::vector<std::uint64_t>{1000, 0, 1002});
  CHECK(h5::read_all<double>(h5::open_dataset(runs, "wall_seconds")) ==
        std::vector<double>{0.0, 0.5, 0.5});
  const h5::Dataset status = h5::open_dataset(runs, "status");
  CHECK(h5::read_all<std::int8_t>(status) == std::vector<std::int8_t>{1, 3, 2});
  CHECK(h5::read_string_attribute(status, "codes") == "0 pending, 1 done, 2 truncated, 3 failed");

  const h5::Dataset point = h5::open_dataset(file, "point");
  const h5::Dataset replication = h5::open_dataset(file, "replication");
  CHECK(h5::is_dimension_scale(time));
  CHECK(h5::is_attached(infected, point, 0));
  CHECK(h5::is_attached(infected, replication, 1));
  CHECK(h5::is_attached(infected, time, 2));
  CHECK(h5::is_attached(status, replication, 1));

  const h5::Group provenance = h5::open_group(file, "provenance");
  CHECK(h5::read_string_attribute(provenance, "threads") == "2");
  CHECK(h5::attribute_is_string(provenance, "hdf5_version"));
}

TEST_CASE("results file: a series longer than the chunk cap round-trips", "[hdf5]") {
  const TempPath path;
  hearsay::ResultsLayout layout = small_layout();
  const std::size_t long_times = (std::size_t{1} << 16) + 1234;  // one full chunk plus a part
  layout.times.resize(long_times);
  for (std::size_t k = 0; k < long_times; ++k) layout.times[k] = 0.5 * static_cast<double>(k);
  layout.replications = 2;
  RunOutput output;
  output.series.resize(2 * long_times);
  for (std::size_t i = 0; i < output.series.size(); ++i)
    output.series[i] = 0.25 * static_cast<double>(i);
  output.summary = {1.0};
  {
    hearsay::ResultsWriter writer(path.str(), layout, false);
    writer.write_run(0, 1, 9, output, 0.0);
  }
  const h5::File file = h5::open_file(path.str());
  const h5::Dataset recovered = h5::open_dataset(h5::open_group(file, "series"), "recovered");
  std::vector<double> values(long_times);
  const hsize_t start[] = {0, 1, 0};
  const hsize_t count[] = {1, 1, long_times};
  h5::read_hyperslab(recovered, start, count, values.data());
  CHECK(std::equal(values.begin(), values.end(), output.series.begin() + long_times));
  h5::read_hyperslab(recovered, std::vector<hsize_t>{0, 0, 0}, count, values.data());
  CHECK(std::all_of(values.begin(), values.end(), [](double v) { return std::isnan(v); }));
}

TEST_CASE("results file: a run's series of every brand share chunks, edge chunks padded",
          "[hdf5]") {
  // (times, brands, expected chunk shape): all brands in one chunk; 30000 values x 3 brands,
  // two brands a chunk (the second chunk half padding); and a series past the cap, one brand a
  // chunk, cut in time.
  const std::size_t long_times = (std::size_t{1} << 16) + 1234;
  const std::vector<std::tuple<std::size_t, std::size_t, std::vector<hsize_t>>> cases = {
      {181, 2, {2, 2, 2, 181}},
      {30000, 3, {1, 1, 2, 30000}},
      {long_times, 2, {1, 1, 1, std::size_t{1} << 16}}};
  for (const auto& [n_times, n_brands, chunk] : cases) {
    const TempPath path;
    hearsay::ResultsLayout layout = small_layout();
    layout.times.resize(n_times);
    for (std::size_t k = 0; k < n_times; ++k) layout.times[k] = static_cast<double>(k);
    layout.points = 2;
    layout.replications = 2;
    layout.brands.clear();
    for (std::size_t b = 0; b < n_brands; ++b)
      layout.brands.push_back(std::string(1, static_cast<char>('a' + b)));
    layout.series[1].per_brand = true;
    RunOutput output;
    output.series.resize((1 + n_brands) * n_times);
    for (std::size_t i = 0; i < output.series.size(); ++i)
      output.series[i] = 0.25 * static_cast<double>(i) + 1.0 / 3.0;
    output.summary = {1.0};
    {
      hearsay::ResultsWriter writer(path.str(), layout, false);
      writer.write_run(1, 1, 9, output, 0.0);
    }
    const h5::File file = h5::open_file(path.str());
    const h5::Group series = h5::open_group(file, "series");
    const h5::Dataset infected = h5::open_dataset(series, "infected");
    const h5::Dataset recovered = h5::open_dataset(series, "recovered");
    CHECK(h5::chunk_dims(recovered) == chunk);
    CHECK(h5::chunk_dims(infected) == std::vector<hsize_t>{chunk[0], chunk[1], chunk.back()});
    std::vector<double> values(n_times);
    const hsize_t count[] = {1, 1, n_times};
    h5::read_hyperslab(infected, std::vector<hsize_t>{1, 1, 0}, count, values.data());
    CHECK(std::equal(values.begin(), values.end(), output.series.begin()));
    const hsize_t brand_count[] = {1, 1, 1, n_times};
    for (std::size_t b = 0; b < n_brands; ++b) {
      h5::read_hyperslab(recovered, std::vector<hsize_t>{1, 1, b, 0}, brand_count, values.data());
      CHECK(std::equal(values.begin(), values.end(),
                       output.series.begin() + static_cast<std::ptrdiff_t>((1 + b) * n_times)));
      h5::read_hyperslab(recovered, std::vector<hsize_t>{0, 1, b, 0}, brand_count, values.data());
      CHECK(std::all_of(values.begin(), values.end(), [](double v) { return std::isnan(v); }));
    }
  }
}

namespace {

// Ten replications of five times: one chunk (1, 10, 5) holds them all.
hearsay::ResultsLayout ten_run_layout() {
  hearsay::ResultsLayout layout = small_layout();
  layout.replications = 10;
  return layout;
}

struct ChunkPlace {
  haddr_t address = HADDR_UNDEF;
  hsize_t bytes = 0;
  bool operator==(const ChunkPlace&) const = default;
};

// Where the chunk at the origin of /series/<name> is in the file.
ChunkPlace first_chunk(const std::string& path, const std::string& name) {
  const h5::File file = h5::open_file(path);
  const h5::Dataset dataset = h5::open_dataset(h5::open_group(file, "series"), name);
  const hsize_t origin[] = {0, 0, 0};
  unsigned mask = 0;
  ChunkPlace place;
  REQUIRE(H5Dget_chunk_info_by_coord(dataset.id(), origin, &mask, &place.address, &place.bytes) >=
          0);
  return place;
}

// Everything a reader sees of runs: series, summaries, /runs.
std::vector<std::vector<double>> file_values(const std::string& path) {
  const h5::File file = h5::open_file(path);
  std::vector<std::vector<double>> values;
  for (const char* name : {"series/infected", "series/recovered", "summary/final_size", "runs/seed",
                           "runs/events", "runs/wall_seconds", "runs/status"}) {
    const std::string text = name;
    const std::size_t slash = text.find('/');
    values.push_back(h5::read_all<double>(
        h5::open_dataset(h5::open_group(file, text.substr(0, slash)), text.substr(slash + 1))));
  }
  return values;
}

bool same_values(const std::vector<std::vector<double>>& a,
                 const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size()) return false;
    for (std::size_t k = 0; k < a[i].size(); ++k)
      if (!(a[i][k] == b[i][k] || (std::isnan(a[i][k]) && std::isnan(b[i][k])))) return false;
  }
  return true;
}

void write_ten(hearsay::ResultsWriter& writer, std::uint32_t from, std::uint32_t to) {
  for (std::uint32_t r = from; r < to; ++r)
    writer.write_run(0, r, seed_of(r), run_output(r), 0.25 * r);
}

}  // namespace

TEST_CASE("results file: runs share a chunk, a chunk left partly filled is completed in place",
          "[hdf5]") {
  const TempPath whole, stopped;
  {
    hearsay::ResultsWriter writer(whole.str(), ten_run_layout(), false);
    write_ten(writer, 0, 10);
    writer.finish({});
  }
  {
    const h5::File file = h5::open_file(whole.str());
    CHECK(h5::chunk_dims(h5::open_dataset(h5::open_group(file, "series"), "infected")) ==
          std::vector<hsize_t>{1, 10, times});
  }
  {
    // Stopped after four runs (Ctrl-C): the chunk is stored with them, padded.
    hearsay::ResultsWriter writer(stopped.str(), ten_run_layout(), false);
    write_ten(writer, 0, 4);
    writer.finish({});
  }
  const hearsay::ResultsInfo half = hearsay::read_results_info(stopped.str());
  CHECK(half.runs_done + half.runs_truncated == 4);
  CHECK(half.runs_pending == 6);
  const ChunkPlace padded = first_chunk(stopped.str(), "infected");
  const ChunkPlace compact = first_chunk(whole.str(), "infected");
  // Padded to the longest deflate can make 10 runs x 5 values: more than the whole chunk takes.
  CHECK(padded.bytes >= 10 * times * sizeof(double));
  CHECK(compact.bytes < padded.bytes);
  {
    auto writer = hearsay::ResultsWriter::resume(stopped.str(), ten_run_layout());
    write_ten(*writer, 4, 10);
    writer->finish({});
  }
  CHECK(hearsay::read_results_info(stopped.str()).complete);
  // Rewritten where it was, at the same length: a kill could not have left the flushed chunk
  // index pointing at reused space.
  CHECK(first_chunk(stopped.str(), "infected") == padded);
  CHECK(first_chunk(stopped.str(), "recovered").bytes == padded.bytes);
  CHECK(same_values(file_values(stopped.str()), file_values(whole.str())));
}

TEST_CASE(
    "results file: a partly filled chunk is committed after a wait, one of another length "
    "waits for its runs",
    "[hdf5]") {
  const TempPath path, killed;
  auto wait_and_commit = [](hearsay::ResultsWriter& writer) {
    REQUIRE(writer.has_uncommitted());
    const auto due = writer.commit_deadline();
    CHECK(due > std::chrono::steady_clock::now() + std::chrono::seconds(1));  // not at once
    std::this_thread::sleep_until(due);
    writer.commit_due();
  };
  {
    hearsay::ResultsWriter writer(path.str(), ten_run_layout(), false);
    write_ten(writer, 0, 3);
    CHECK(hearsay::read_results_info(path.str()).runs_pending == 10);
    wait_and_commit(writer);
    CHECK_FALSE(writer.has_uncommitted());
    CHECK(hearsay::read_results_info(path.str()).runs_pending == 7);
    write_ten(writer, 3, 10);
    writer.finish({});
  }
  // Stored partly filled, then completed: the chunk kept the padded length.
  CHECK(first_chunk(path.str(), "infected").bytes >= 10 * times * sizeof(double));

  {
    hearsay::ResultsWriter writer(killed.str(), ten_run_layout(), false);
    write_ten(writer, 0, 10);
    writer.finish({});
  }
  const ChunkPlace written = first_chunk(killed.str(), "infected");
  CHECK(written.bytes < 10 * times * sizeof(double));  // written once, whole: not padded
  const std::vector<std::vector<double>> before = file_values(killed.str());
  {
    // As after a kill between a chunk's write and its commit: the chunk is in the file at its
    // own length, its last five runs pending.
    const h5::File file = h5::open_file(killed.str(), /*writable=*/true);
    const h5::Dataset status = h5::open_dataset(h5::open_group(file, "runs"), "status");
    const std::int8_t pending[5] = {0, 0, 0, 0, 0};
    const hsize_t start[] = {0, 5};
    const hsize_t count[] = {1, 5};
    h5::write_hyperslab(status, start, count, pending);
    h5::write_attribute(file, "complete", std::int8_t{0});
  }
  {
    auto writer = hearsay::ResultsWriter::resume(killed.str(), ten_run_layout());
    write_ten(*writer, 5, 6);
    wait_and_commit(*writer);  // padding it would move it: the run waits for the rest
    CHECK_FALSE(writer->has_uncommitted());
    CHECK(hearsay::read_results_info(killed.str()).runs_pending == 5);
    write_ten(*writer, 6, 10);
    writer->finish({});
  }
  CHECK(first_chunk(killed.str(), "infected") == written);  // the same bytes, in place
  CHECK(same_values(file_values(killed.str()), before));
}

TEST_CASE("results file: an existing file is kept unless overwrite is asked for", "[hdf5]") {
  const TempPath path;
  write_complete_file(path.str());
  const std::string before = read_bytes(path.str());

  CHECK_THROWS_WITH(hearsay::ResultsWriter(path.str(), small_layout(), false),
                    path.str() +
                        " exists; use --resume to finish its missing runs, or --force to "
                        "overwrite it");
  CHECK(read_bytes(path.str()) == before);

  hearsay::ResultsLayout other = small_layout();
  other.replications = 2;
  { hearsay::ResultsWriter writer(path.str(), other, /*overwrite=*/true); }
  const hearsay::ResultsInfo info = hearsay::read_results_info(path.str());
  CHECK(info.replications == 2);
  CHECK(info.runs_pending == 2);
  CHECK_FALSE(info.complete);
  // The file was laid out under a hidden name and renamed into place: nothing is left over,
  // neither the temporary file nor the lock's side file.
  const std::string prefix = "." + fs::path(path.str()).filename().string() + ".";
  for (const auto& entry : fs::directory_iterator(fs::path(path.str()).parent_path()))
    CHECK_FALSE(entry.path().filename().string().starts_with(prefix));
}

TEST_CASE("results file: one writer at a time, whatever HDF5's locking says", "[hdf5]") {
  const TempPath path;
  hearsay::ResultsWriter writer(path.str(), small_layout(), false);
  // A second writer, resumer or --force of the same file is refused, naming the holder...
  CHECK_THROWS_AS(hearsay::ResultsWriter(path.str(), small_layout(), true), hearsay::OutputBusy);
  CHECK_THROWS_WITH(
      hearsay::ResultsWriter::resume(path.str(), small_layout()),
      Catch::Contains("is in use by another hearsay process: pid " + std::to_string(getpid())));
  // ...while readers read it.
  write_runs(writer, {0});
  writer.commit();
  CHECK(hearsay::read_results_info(path.str()).runs_done == 1);
  CHECK(hearsay::lock_holder(path.str()).starts_with("pid " + std::to_string(getpid())));
}

TEST_CASE("results file: a file published at finish is not at its path before", "[hdf5]") {
  const TempPath path;
  write_complete_file(path.str());
  const std::string before = read_bytes(path.str());
  hearsay::NewFileOptions options;
  options.replace.overwrite = true;
  options.publish_at_finish = true;
  hearsay::ResultsLayout other = small_layout();
  other.replications = 2;
  {
    hearsay::ResultsWriter writer(hearsay::OutputLock(path.str(), hearsay::LockMode::exclusive),
                                  other, options);
    write_runs(writer, {0, 1});
    writer.commit();
    CHECK(read_bytes(path.str()) == before);  // still the old file, whole
    // Given up (an error, Ctrl-C): the old file stays, the temporary file goes.
  }
  CHECK(read_bytes(path.str()) == before);
  {
    hearsay::ResultsWriter writer(hearsay::OutputLock(path.str(), hearsay::LockMode::exclusive),
                                  other, options);
    write_runs(writer, {0, 1});
    writer.finish({});
  }
  const hearsay::ResultsInfo info = hearsay::read_results_info(path.str());
  CHECK(info.replications == 2);
  CHECK(info.complete);
  const std::string prefix = "." + fs::path(path.str()).filename().string() + ".";
  for (const auto& entry : fs::directory_iterator(fs::path(path.str()).parent_path()))
    CHECK_FALSE(entry.path().filename().string().starts_with(prefix));
}

TEST_CASE("results file: a bad layout or run is refused and leaves no file behind", "[hdf5]") {
  const TempPath path;
  hearsay::ResultsLayout layout = small_layout();
  layout.series.push_back({.name = "a/b", .unit = "", .description = ""});
  CHECK_THROWS_AS(hearsay::ResultsWriter(path.str(), layout, false), RuntimeError);
  CHECK_FALSE(fs::exists(path.str()));

  hearsay::ResultsLayout crowded = small_layout();
  crowded.summaries.resize(4000, {.name = "", .unit = "", .description = ""});
  CHECK_THROWS_WITH(hearsay::ResultsWriter(path.str(), crowded, false),
                    Catch::Contains("at most 4000 metrics"));
  CHECK_FALSE(fs::exists(path.str()));

  CHECK_THROWS_WITH(hearsay::ResultsWriter("/nonexistent-folder/x.h5", small_layout(), false),
                    Catch::Contains("does not exist"));

  hearsay::ResultsWriter writer(path.str(), small_layout(), false);
  RunOutput short_run = run_output(0);
  short_run.series.pop_back();
  CHECK_THROWS_WITH(writer.write_run(0, 0, 1, short_run, 0.0),
                    Catch::Contains("9 series values; the layout needs 2 metrics x 5 times"));
  CHECK_THROWS_WITH(writer.write_run(1, 0, 1, run_output(0), 0.0),
                    Catch::Contains("outside the results layout"));
  CHECK(hearsay::read_results_info(path.str()).runs_pending == 3);
}

TEST_CASE("results file: foreign, damaged, missing and newer files give clear errors", "[hdf5]") {
  SECTION("missing") {
    const TempPath missing;
    CHECK_THROWS_WITH(hearsay::read_results_info(missing.str()), Catch::Contains("no such file"));
  }
  SECTION("not HDF5") {
    const TempPath text(".txt");
    write_bytes(text.str(), "name: tiny\nthis is YAML, not HDF5\n");
    CHECK_THROWS_WITH(hearsay::read_results_info(text.str()),
                      text.str() + " is not an HDF5 file or is damaged");
  }
  SECTION("truncated") {
    const TempPath real;
    const TempPath cut;
    write_complete_file(real.str());
    const std::string bytes = read_bytes(real.str());
    REQUIRE(bytes.size() > 1000);
    write_bytes(cut.str(), bytes.substr(0, 1000));
    CHECK_THROWS_WITH(hearsay::read_results_info(cut.str()),
                      Catch::StartsWith(cut.str() + " is not an HDF5 file or is damaged"));
  }
  SECTION("HDF5 but not ours") {
    const TempPath other;
    {
      const h5::File file = h5::create_file(other.str(), false);
      h5::create_group(file, "data");
    }
    CHECK_THROWS_WITH(hearsay::read_results_info(other.str()),
                      other.str() + " is not a hearsay results file");
    {
      const h5::File file = h5::open_file(other.str(), /*writable=*/true);
      h5::write_attribute(file, "format", "someone-elses-results");
    }
    CHECK_THROWS_WITH(hearsay::read_results_info(other.str()),
                      other.str() + " is not a hearsay results file");
  }
  SECTION("newer format version") {
    const TempPath newer;
    write_complete_file(newer.str());
    {
      const h5::File file = h5::open_file(newer.str(), /*writable=*/true);
      h5::write_attribute(file, "format_version", std::int64_t{2});
    }
    CHECK_THROWS_WITH(hearsay::read_results_info(newer.str()),
                      newer.str() +
                          " was written by a newer hearsay (format version 2); this "
                          "build reads version 1");
  }
}

TEST_CASE("h5: failures name the object and the operation", "[hdf5]") {
  const TempPath path;
  const h5::File file = h5::create_file(path.str(), false);
  h5::create_group(file, "series");
  CHECK_THROWS_WITH(h5::create_group(file, "series"),
                    Catch::StartsWith("HDF5: cannot create group /series in " + path.str()));
  CHECK_THROWS_WITH(h5::open_dataset(file, "nothing"),
                    Catch::StartsWith("HDF5: cannot open dataset /nothing in " + path.str()));
  CHECK_THROWS_WITH(h5::open_file(path.str() + ".missing"),
                    Catch::StartsWith("HDF5: cannot open file " + path.str() + ".missing"));
}

TEST_CASE("results file: per-brand metrics get a brand dimension, /cascades grows run by run",
          "[hdf5][brands]") {
  const TempPath path;
  hearsay::ResultsLayout layout = small_layout();
  layout.brands = {"A", "B", "C"};
  layout.series.push_back(
      {.name = "sales", .unit = "agents", .description = "cumulative sales", .per_brand = true});
  layout.summaries.push_back({.name = "npv", .unit = "", .description = "", .per_brand = true});
  layout.cascades = true;
  auto output_of = [](std::uint32_t r) {
    RunOutput output = run_output(r);
    for (std::size_t b = 0; b < 3; ++b)  // brand-major, after the two plain series
      for (std::size_t k = 0; k < times; ++k) output.series.push_back(series_value(r, 10 + b, k));
    output.summary.insert(output.summary.end(), {10.0 * r, 10.0 * r + 1, 10.0 * r + 2});
    output.cascades = {
        {.cascade = 7, .node = 3 + r, .parent = -1, .time = 0.25, .valence = -1, .brand = 2},
        {.cascade = 7, .node = 9, .parent = 3 + r, .time = 1.5, .valence = -1, .brand = 2}};
    return output;
  };
  {
    hearsay::ResultsWriter writer(path.str(), layout, false);
    writer.write_run(0, 2, seed_of(2), output_of(2), 0.0);
    writer.write_run(0, 0, seed_of(0), output_of(0), 0.0);

    RunOutput short_series = output_of(1);
    short_series.series.pop_back();
    CHECK_THROWS_WITH(writer.write_run(0, 1, 1, short_series, 0.0),
                      Catch::Contains("24 series values; the layout needs 2 metrics x 5 times + "
                                      "1 per-brand metric x 3 brands x 5 times"));
    RunOutput short_summary = output_of(1);
    short_summary.summary.pop_back();
    CHECK_THROWS_WITH(writer.write_run(0, 1, 1, short_summary, 0.0),
                      Catch::Contains("3 summary values; the layout needs 1 metric + 1 per-brand "
                                      "metric x 3 brands"));
    RunOutput stray = output_of(1);
    stray.cascades[1].brand = 3;
    CHECK_THROWS_WITH(writer.write_run(0, 1, 1, stray, 0.0),
                      Catch::Contains("cascade row for brand 3; the layout has 3 brands"));
  }
  const h5::File file = h5::open_file(path.str());
  CHECK(h5::read_string_list(h5::open_dataset(file, "brand")) ==
        std::vector<std::string>{"A", "B", "C"});
  const h5::Dataset sales = h5::open_dataset(h5::open_group(file, "series"), "sales");
  CHECK(h5::dataset_dims(sales) == std::vector<hsize_t>{1, 3, 3, 5});
  const std::vector<double> values = h5::read_all<double>(sales);
  for (std::size_t b = 0; b < 3; ++b)
    for (std::size_t k = 0; k < times; ++k) {
      CHECK(values[(2 * 3 + b) * times + k] == series_value(2, 10 + b, k));
      CHECK(std::isnan(values[(1 * 3 + b) * times + k]));  // refused runs wrote nothing
    }
  // The plain series still start right after each other in the run's output.
  const std::vector<double> recovered =
      h5::read_all<double>(h5::open_dataset(h5::open_group(file, "series"), "recovered"));
  CHECK(recovered[2 * times + 4] == series_value(2, 1, 4));
  const h5::Dataset npv = h5::open_dataset(h5::open_group(file, "summary"), "npv");
  const std::vector<double> npvs = h5::read_all<double>(npv);
  REQUIRE(npvs.size() == 9);
  CHECK(npvs[6] == 20);
  CHECK(npvs[8] == 22);
  CHECK(std::isnan(npvs[4]));
  const std::vector<double> final_size =
      h5::read_all<double>(h5::open_dataset(h5::open_group(file, "summary"), "final_size"));
  CHECK(final_size[0] == 0.1);
  CHECK(final_size[2] == 2.1);

  // Rows in the order runs were written, each run's rows together; `rows` counts them.
  const h5::Group cascades = h5::open_group(file, "cascades");
  CHECK(h5::read_attribute<std::uint64_t>(cascades, "rows") == 4);
  CHECK(h5::read_all<std::uint32_t>(h5::open_dataset(cascades, "replication")) ==
        std::vector<std::uint32_t>{2, 2, 0, 0});
  CHECK(h5::read_all<std::uint32_t>(h5::open_dataset(cascades, "node")) ==
        std::vector<std::uint32_t>{5, 9, 3, 9});
  CHECK(h5::read_all<std::int64_t>(h5::open_dataset(cascades, "parent")) ==
        std::vector<std::int64_t>{-1, 5, -1, 3});
  CHECK(h5::read_all<std::int8_t>(h5::open_dataset(cascades, "valence")) ==
        std::vector<std::int8_t>{-1, -1, -1, -1});
  CHECK(h5::read_all<std::uint8_t>(h5::open_dataset(cascades, "brand")) ==
        std::vector<std::uint8_t>{2, 2, 2, 2});
  CHECK(h5::read_all<double>(h5::open_dataset(cascades, "time")) ==
        std::vector<double>{0.25, 1.5, 0.25, 1.5});

  const hearsay::ResultsInfo info = hearsay::read_results_info(path.str());
  CHECK(info.format_version == 1);
  CHECK(info.brands == std::vector<std::string>{"A", "B", "C"});
  CHECK(info.cascade_rows == 4);
  CHECK(info.runs_pending == 1);
}

TEST_CASE("results file: a layout without brands has no /brand and no /cascades", "[hdf5]") {
  const TempPath path;
  write_complete_file(path.str());
  const h5::File file = h5::open_file(path.str());
  CHECK_FALSE(h5::has_link(file, "brand"));
  CHECK_FALSE(h5::has_link(file, "cascades"));
  const hearsay::ResultsInfo info = hearsay::read_results_info(path.str());
  CHECK(info.brands.empty());
  CHECK_FALSE(info.has_cascades);
  CHECK_FALSE(info.series[0].per_brand);
}

TEST_CASE("results file: a brand layout that cannot be stored is refused", "[hdf5][brands]") {
  const TempPath path;
  hearsay::ResultsLayout no_brands = small_layout();
  no_brands.series.push_back({.name = "sales", .unit = "", .description = "", .per_brand = true});
  CHECK_THROWS_WITH(hearsay::ResultsWriter(path.str(), no_brands, false),
                    Catch::Contains("'sales' has one value per brand, but the results layout "
                                    "has no brands"));
  hearsay::ResultsLayout twice = small_layout();
  twice.brands = {"A", "A"};
  CHECK_THROWS_WITH(hearsay::ResultsWriter(path.str(), twice, false),
                    Catch::Contains("brand 'A' appears twice"));
  hearsay::ResultsLayout crowded = small_layout();
  crowded.cascades = true;
  for (int b = 0; b < 257; ++b) crowded.brands.push_back(std::to_string(1000 + b));
  CHECK_THROWS_WITH(hearsay::ResultsWriter(path.str(), crowded, false),
                    Catch::Contains("at most 256 brands"));
  CHECK_FALSE(fs::exists(path.str()));
}

TEST_CASE("h5: extendable columns and string lists round-trip", "[hdf5]") {
  const TempPath path;
  {
    const h5::File file = h5::create_file(path.str(), false);
    const hsize_t empty[] = {0};
    const h5::Dataset column = h5::create_dataset<std::int64_t>(
        file, "column", empty, {.chunk = {4}, .deflate_level = 1, .extendable = true});
    const std::vector<std::int64_t> first{1, -2, 3}, second{4, 5, 6, 7, 8};
    h5::append<std::int64_t>(column, first);
    h5::append<std::int64_t>(column, std::vector<std::int64_t>{});
    h5::append<std::int64_t>(column, second);
    h5::write_string_list(file, "names", {"plain", "", "ünïcödé"});
    h5::write_string_list(file, "none", {});
  }
  const h5::File file = h5::open_file(path.str());
  CHECK(h5::read_all<std::int64_t>(h5::open_dataset(file, "column")) ==
        std::vector<std::int64_t>{1, -2, 3, 4, 5, 6, 7, 8});
  CHECK(h5::read_string_list(h5::open_dataset(file, "names")) ==
        std::vector<std::string>{"plain", "", "ünïcödé"});
  CHECK(h5::read_string_list(h5::open_dataset(file, "none")).empty());
  CHECK_THROWS_WITH(h5::read_string_list(h5::open_dataset(file, "column")),
                    Catch::Contains("not a 1-D string dataset"));
}

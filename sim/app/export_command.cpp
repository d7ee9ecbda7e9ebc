// `hearsay export`: a results file as tidy CSV tables (one row per point, replication, brand,
// time), written through the safe-write path.
#include <fmt/core.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "sim/app/commands.hpp"
#include "sim/app/support.hpp"
#include "sim/files/output_lock.hpp"
#include "sim/files/safe_write.hpp"
#include "sim/results/results_file.hpp"

namespace hearsay::cli {
namespace {

namespace fs = std::filesystem;

/// A CSV field: quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

/// A number as the shortest text that reads back to the same double; NaN (a figure a run does
/// not know, a run that did not end) as an empty field, which pandas reads as NaN.
void append_number(std::string& out, double x) {
  if (std::isnan(x)) return;
  fmt::format_to(std::back_inserter(out), "{}", x);
}

const char* status_text(RunStatus status) {
  switch (status) {
    case RunStatus::pending:
      return "pending";
    case RunStatus::done:
      return "done";
    case RunStatus::truncated:
      return "truncated";
    case RunStatus::failed:
      return "failed";
  }
  return "unknown";
}

/// One CSV table: a staged file under the target's lock, filled through a buffer.
class CsvTable {
 public:
  CsvTable(const std::string& path, const ReplacePolicy& policy)
      : lock_(path, LockMode::exclusive), staged_(lock_, policy) {
    file_ = std::fopen(staged_.temp_path().c_str(), "wb");
    if (file_ == nullptr) throw RuntimeError("cannot write " + staged_.temp_path());
  }
  ~CsvTable() {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvTable(const CsvTable&) = delete;
  CsvTable& operator=(const CsvTable&) = delete;

  std::string& buffer() { return buffer_; }
  void flush_if_full() {
    if (buffer_.size() >= (std::size_t{1} << 20)) flush();
  }
  void publish() {
    flush();
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) throw RuntimeError("error writing " + lock_.path());
    staged_.publish();
  }

 private:
  void flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
      throw RuntimeError("error writing " + lock_.path() + " (disk full?)");
    buffer_.clear();
  }

  OutputLock lock_;
  StagedFile staged_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
};

/// What a metric has besides point, replication (and time): nothing, a brand, or a brand and
/// a consumer segment.
enum class Rows { plain, brand, segment };

Rows rows_of(const MetricSpec& m) {
  return m.per_segment ? Rows::segment : m.per_brand ? Rows::brand : Rows::plain;
}

/// The metrics of one group (of one kind of rows) and where each starts in a run's values.
struct Group {
  std::vector<std::string> names;
  std::vector<std::size_t> offsets;
};

Group group_of(const std::vector<MetricSpec>& metrics, Rows rows, std::size_t width,
               std::size_t brands, std::size_t segments) {
  Group group;
  std::size_t offset = 0;
  for (const MetricSpec& m : metrics) {
    if (rows_of(m) == rows) {
      group.names.push_back(m.name);
      group.offsets.push_back(offset);
    }
    offset += metric_rows(m, brands, segments) * width;
  }
  return group;
}

}  // namespace

int export_results(const std::string& results, const std::string& folder, bool force, bool quiet) {
  const ResultsReader reader(results);
  const ResultsInfo& info = reader.info();
  const ResultsLayout layout = reader.layout();
  const std::size_t brands = layout.brands.size();
  const std::size_t segments = layout.segments.size();
  const std::size_t times = layout.times.size();
  const Group series = group_of(layout.series, Rows::plain, times, brands, segments);
  const Group brand_series = group_of(layout.series, Rows::brand, times, brands, segments);
  const Group segment_series = group_of(layout.series, Rows::segment, times, brands, segments);
  const Group summary = group_of(layout.summaries, Rows::plain, 1, brands, segments);
  const Group brand_summary = group_of(layout.summaries, Rows::brand, 1, brands, segments);

  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    if (fs::exists(fs::symlink_status(folder, error)))
      throw RuntimeError(folder + " exists and is not a folder: give a folder for the CSV files");
    if (!fs::create_directory(folder, error) || error)
      throw RuntimeError("cannot create the folder " + folder + ": " + error.message() +
                         " (its parent folder must exist)");
  }
  const ReplacePolicy policy{
      .overwrite = force, .inputs = {results}, .exists_fix = "use --force to overwrite it"};
  // Which tables the file has, each refused (before any is written) if it may not be replaced.
  struct Table {
    const char* name;
    const Group* group;
    Rows rows;
    bool per_time;
    bool per_brand() const { return rows != Rows::plain; }
  };
  std::vector<Table> tables;
  for (const Table& t : {Table{"series.csv", &series, Rows::plain, true},
                         Table{"brand_series.csv", &brand_series, Rows::brand, true},
                         Table{"segment_series.csv", &segment_series, Rows::segment, true},
                         Table{"summary.csv", &summary, Rows::plain, false},
                         Table{"brand_summary.csv", &brand_summary, Rows::brand, false}})
    if (!t.group->names.empty() || (t.name == std::string("summary.csv"))) tables.push_back(t);
  for (const Table& t : tables) check_replaceable((fs::path(folder) / t.name).string(), policy);

  std::vector<std::unique_ptr<CsvTable>> files;
  for (const Table& t : tables) {
    files.push_back(std::make_unique<CsvTable>((fs::path(folder) / t.name).string(), policy));
    std::string& out = files.back()->buffer();
    out += "point";
    for (const PointColumn& c : info.point_columns) {
      out += ',';
      out += csv_field(c.name);
    }
    out += ",replication";
    if (t.per_brand()) out += ",brand";
    if (t.rows == Rows::segment) out += ",segment";
    if (t.per_time) out += ",time";
    if (!t.per_time && !t.per_brand()) out += ",status";
    for (const std::string& name : t.group->names) {
      out += ',';
      out += csv_field(name);
    }
    out += '\n';
  }
  std::uint64_t written = 0, skipped = 0;
  const std::vector<RunStatus>& statuses = reader.statuses();
  for (std::uint32_t p = 0; p < layout.points; ++p) {
    std::string point = std::to_string(p);
    for (const PointColumn& c : info.point_columns) {
      point += ',';
      if (c.numeric)
        append_number(point, c.numbers[p]);
      else
        point += csv_field(c.texts[p]);
    }
    for (std::uint32_t r = 0; r < layout.replications; ++r) {
      const RunStatus status = statuses[std::size_t{p} * layout.replications + r];
      if (status == RunStatus::pending) {
        ++skipped;
        continue;
      }
      ++written;
      const RunRecord run = reader.read_run(p, r, true);
      std::string key = point;
      key += ',';
      key += std::to_string(r);
      for (std::size_t i = 0; i < tables.size(); ++i) {
        const Table& t = tables[i];
        const std::vector<double>& values = t.per_time ? run.output.series : run.output.summary;
        const std::size_t width = t.per_time ? times : 1;
        std::string& out = files[i]->buffer();
        const std::size_t rows = t.rows == Rows::segment ? brands * segments
                                 : t.rows == Rows::brand ? brands
                                                         : 1;
        for (std::size_t b = 0; b < rows; ++b) {  // a row: a brand, or a brand's segment
          for (std::size_t k = 0; k < width; ++k) {
            out += key;
            if (t.per_brand()) {
              out += ',';
              out += csv_field(layout.brands[t.rows == Rows::segment ? b / segments : b]);
            }
            if (t.rows == Rows::segment) {
              out += ',';
              out += csv_field(layout.segments[b % segments]);
            }
            if (t.per_time) {
              out += ',';
              append_number(out, layout.times[k]);
            }
            if (!t.per_time && !t.per_brand()) {
              out += ',';
              out += status_text(status);
            }
            for (std::size_t m = 0; m < t.group->names.size(); ++m) {
              out += ',';
              append_number(out, values[t.group->offsets[m] + b * width + k]);
            }
            out += '\n';
          }
        }
        files[i]->flush_if_full();
      }
    }
  }
  for (auto& file : files) file->publish();
  if (!quiet) {
    std::string names;
    for (const Table& t : tables) names += std::string(names.empty() ? "" : ", ") + t.name;
    fmt::print("wrote {} in {}: {} runs{}\n", names, folder, written,
               skipped > 0 ? fmt::format(" ({} runs not ended are left out)", skipped) : "");
  }
  return 0;
}

}  // namespace hearsay::cli

// Reading and writing whitespace edge lists (plain or gzip) with a buffer parser, no iostreams.
#include "sim/network/edge_list.hpp"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/core/prefetch.hpp"
#include "sim/core/rng.hpp"
#include "sim/files/input_file.hpp"
#include "sim/files/output_lock.hpp"

namespace hearsay {
namespace {

/// Owns a zlib file handle. gzread also reads plain files (transparent mode), so one path serves
/// both, and a gzip file is recognised by its magic bytes whatever its name.
class GzFile {
 public:
  GzFile(const std::string& path, const char* mode) : path_(path) {
    errno = 0;
    file_ = gzopen(path.c_str(), mode);
    if (!file_)
      throw RuntimeError("cannot open edge list '" + path +
                         "': " + (errno ? std::strerror(errno) : "out of memory"));
    // Large blocks for throughput, but a read buffer no larger than the file: small files (and
    // fuzzing, where each allocation is costly) then cost little.
    std::uintmax_t size = 1u << 20;
    std::error_code ec;
    if (mode[0] == 'r') size = std::min(size, std::filesystem::file_size(path, ec));
    gzbuffer(file_,
             ec ? 1u << 20 : static_cast<unsigned>(std::max<std::uintmax_t>(size, 1u << 13)));
  }
  ~GzFile() {
    if (file_) gzclose(file_);
  }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  /// Reads up to n bytes; 0 at the end. Throws on a read or decompression error, including a
  /// truncated gzip stream (which zlib reports as a soft Z_BUF_ERROR).
  std::size_t read(char* out, std::size_t n) {
    const int got = gzread(file_, out, static_cast<unsigned>(n));
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (got < 0 || (code != Z_OK && code != Z_BUF_ERROR)) fail(message, code);
    if (got == 0 && code == Z_BUF_ERROR)
      throw DataFileError("error reading edge list '" + path_ +
                          "': gzip data ends early (truncated)");
    return static_cast<std::size_t>(got);
  }

  void write(const char* data, std::size_t n) {
    if (n == 0) return;
    if (gzwrite(file_, data, static_cast<unsigned>(n)) != static_cast<int>(n)) {
      int code = Z_OK;
      fail(gzerror(file_, &code), code);
    }
  }

  void close() {
    const int code = gzclose(file_);
    file_ = nullptr;
    if (code != Z_OK)
      throw RuntimeError("error closing '" + path_ + "' (zlib code " + std::to_string(code) + ")");
  }

 private:
  [[noreturn]] void fail(const char* message, int code) const {
    std::string why = code == Z_ERRNO ? std::strerror(errno) : message;
    if (code == Z_DATA_ERROR)  // bad gzip data: the file's content, not the system, is at fault
      throw DataFileError("error reading edge list '" + path_ + "': " + why);
    throw RuntimeError("error reading or writing edge list '" + path_ + "': " + why);
  }

  std::string path_;
  gzFile file_ = nullptr;
};

/// Maps original ids (< 2^63) to dense ids in first-seen order. Open addressing with linear
/// probing: one cache miss per lookup where std::unordered_map costs a node allocation each.
class IdMap {
 public:
  IdMap() : keys_(1u << 10, empty_), values_(1u << 10), mask_((1u << 10) - 1) {}

  /// Hint that `id` will be looked up soon. Always inlined: GCC finds a function that only
  /// prefetches free of side effects and drops the calls it does not inline.
  [[gnu::always_inline]] void prefetch_slot(std::uint64_t id) const {
    const std::uint64_t i = mix64(id) & mask_;
    prefetch(keys_.data() + i);
    prefetch(values_.data() + i);
  }

  /// The dense id of `id`, assigning the next one if unseen.
  NodeId operator()(std::uint64_t id) {
    std::uint64_t i = mix64(id) & mask_;
    while (keys_[i] != empty_) {
      if (keys_[i] == id) return values_[i];
      i = (i + 1) & mask_;
    }
    const auto dense = static_cast<NodeId>(size_);
    keys_[i] = id;
    values_[i] = dense;
    if (++size_ * 2 > keys_.size()) grow();
    return dense;
  }
  std::uint64_t size() const { return size_; }
  /// Each dense id's original id.
  std::vector<std::uint64_t> originals() const {
    std::vector<std::uint64_t> out(size_);
    for (std::size_t j = 0; j < keys_.size(); ++j)
      if (keys_[j] != empty_) out[values_[j]] = keys_[j];
    return out;
  }

 private:
  void grow() {
    std::vector<std::uint64_t> keys(keys_.size() * 2, empty_);
    std::vector<NodeId> values(keys.size());
    const std::uint64_t mask = keys.size() - 1;
    for (std::size_t j = 0; j < keys_.size(); ++j) {
      if (keys_[j] == empty_) continue;
      std::uint64_t i = mix64(keys_[j]) & mask;
      while (keys[i] != empty_) i = (i + 1) & mask;
      keys[i] = keys_[j];
      values[i] = values_[j];
    }
    keys_.swap(keys);
    values_.swap(values);
    mask_ = mask;
  }

  static constexpr std::uint64_t empty_ = ~std::uint64_t{0};  // ids are < 2^63
  std::vector<std::uint64_t> keys_;
  std::vector<NodeId> values_;
  std::uint64_t mask_;
  std::uint64_t size_ = 0;
};

/// The reader's buffer starts small (small files and lists read from memory then cost little) and
/// doubles while a line does not fit, up to the longest line it reads whole (bytes, without '\n').
constexpr std::size_t initial_buffer_bytes = std::size_t{1} << 16;
constexpr std::size_t max_line_bytes = std::size_t{1} << 22;

constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

class Parser {
 public:
  Parser(const std::string& path, EdgeListReport& report) : path_(path), report_(report) {
    batch_.reserve(batch_size);
  }

  /// One line without its '\n'.
  void line(const char* p, const char* end) {
    ++report_.lines;
    const char* const start = p;
    while (p != end && is_space(*p)) ++p;
    if (p == end || *p == '#' || *p == '%') return;
    const std::uint64_t a = id(p, end, start);
    while (p != end && is_space(*p)) ++p;
    if (p == end || *p == '#' || *p == '%') error(start, end, "expected two node ids");
    const std::uint64_t b = id(p, end, start);
    while (p != end && is_space(*p)) ++p;
    bool weighted = p != end && *p != '#' && *p != '%';
    float w = 0;
    if (weighted && *p == '{') {
      // networkx's edge-list format (write_edgelist with data=True): "u v {'weight': 2.5}".
      const std::optional<double> x = attribute_weight(p, end, start);
      weighted = x.has_value();
      if (weighted) w = checked_weight(*x, start, end);
      while (p != end && is_space(*p)) ++p;
      if (p != end && *p != '#' && *p != '%')
        error(start, end, "expected nothing after the attribute dict but a comment");
    } else if (weighted) {
      const char* token = p;
      while (p != end && !is_space(*p)) ++p;
      double x = 0;
      const auto [stop, ec] = std::from_chars(token, p, x);
      if (ec != std::errc() || stop != p || !std::isfinite(x))
        error(start, end, "expected a finite number as the weight (third column)");
      w = checked_weight(x, start, end);
      while (p != end && is_space(*p)) ++p;
      if (p != end && *p != '#' && *p != '%')
        error(start, end, "expected two node ids and an optional weight");
    }
    if (report_.edge_rows == 0) {
      weighted_ = weighted;
      first_row_ = report_.lines;
    } else if (weighted != weighted_) {
      error(start, end,
            weighted ? "found a weight column, but the first edge row (line " +
                           std::to_string(first_row_) + ") has none; give all rows a weight or none"
                     : "expected a weight in the third column like the first edge row (line " +
                           std::to_string(first_row_) + ")");
    }
    ++report_.edge_rows;
    batch_.push_back({a, b, w});
    if (batch_.size() == batch_size) flush();
  }

  /// The first `max_line_bytes` bytes of a line at least that long. A comment in them runs to the
  /// end of the line, so they decide the line as the whole would; without one no edge row is
  /// that long, and the line is refused rather than buffered whole (a tiny gzip file can hold a
  /// line of gigabytes).
  void long_line(const char* p, const char* end) {
    if (std::find_if(p, end, [](char c) { return c == '#' || c == '%'; }) != end) {
      line(p, end);
      return;
    }
    ++report_.lines;
    error(p, end,
          "the line is " + std::to_string(max_line_bytes >> 20) +
              " MiB or longer and is not a comment; an edge row is two node ids and an optional "
              "weight");
  }

  /// Maps the parsed rows of the batch, in order (so first-seen numbering is kept), with each
  /// row's hash slots prefetched a few rows ahead: the lookups are scattered over tens of MB and
  /// would otherwise each wait for memory in turn.
  void flush() {
    constexpr std::size_t ahead = 16;
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      if (i + ahead < batch_.size()) {
        map_.prefetch_slot(batch_[i + ahead].a);
        map_.prefetch_slot(batch_[i + ahead].b);
      }
      const NodeId u = map_(batch_[i].a);
      const NodeId v = map_(batch_[i].b);
      if (map_.size() > std::numeric_limits<NodeId>::max())
        throw DataFileError(path_ + ": more than 2^32 - 1 distinct node ids");
      edges_.add(u, v);
      if (weighted_) edges_.weights.push_back(batch_[i].weight);
    }
    batch_.clear();
  }

  std::string where() const { return path_ + ":" + std::to_string(report_.lines); }
  EdgeBuffer& edges() { return edges_; }
  NodeId nodes() const { return static_cast<NodeId>(map_.size()); }
  std::vector<std::uint64_t> original_ids() const { return map_.originals(); }

 private:
  std::uint64_t id(const char*& p, const char* end, const char* start) const {
    if (*p == '-' && p + 1 != end && is_digit(p[1]))
      error(start, end, "node ids must be non-negative integers");
    if (!is_digit(*p)) error(start, end, "expected two node ids");
    std::uint64_t x = 0;
    for (; p != end && is_digit(*p); ++p) {
      constexpr std::uint64_t largest = std::numeric_limits<std::int64_t>::max();
      const auto digit = static_cast<std::uint64_t>(*p - '0');
      if (x > (largest - digit) / 10) error(start, end, "node id exceeds 2^63 - 1");
      x = x * 10 + digit;
    }
    if (p != end && !is_space(*p)) error(start, end, "expected two node ids");
    return x;
  }

  /// Weights are stored as float: a larger magnitude would turn into infinity.
  float checked_weight(double x, const char* start, const char* end) const {
    if (std::fabs(x) > double{std::numeric_limits<float>::max()})
      error(start, end, "the weight is too large (its magnitude must be at most 3.4e38)");
    return static_cast<float>(x);
  }

  /// Reads a Python or JSON dict of attributes at `p` ('{' ... '}', keys quoted, values
  /// numbers, quoted strings, True/False/None or true/false/null) and moves `p` past it. Returns
  /// the value of the key "weight" if there is one (it must be a finite number); the other
  /// attributes are read and left out.
  std::optional<double> attribute_weight(const char*& p, const char* end, const char* start) const {
    constexpr const char* expected =
        "expected an attribute dict such as {'weight': 2.5} (networkx's edge-list format: "
        "quoted keys; numbers, quoted strings, True, False or None as values)";
    auto skip_space = [&] {
      while (p != end && is_space(*p)) ++p;
    };
    auto quoted = [&]() -> std::string_view {
      const char quote = *p;
      const char* first = ++p;
      while (p != end && *p != quote) p += (*p == '\\' && p + 1 != end) ? 2 : 1;
      if (p == end) error(start, end, std::string(expected) + "; a quoted text does not end");
      return {first, static_cast<std::size_t>(p++ - first)};
    };
    std::optional<double> weight;
    ++p;  // '{'
    skip_space();
    while (p != end && *p != '}') {
      if (*p != '\'' && *p != '"') error(start, end, expected);
      const std::string_view key = quoted();
      skip_space();
      if (p == end || *p != ':') error(start, end, expected);
      ++p;
      skip_space();
      if (p == end) error(start, end, expected);
      if (*p == '\'' || *p == '"') {
        quoted();
        if (key == "weight") error(start, end, "the weight must be a number, not a text");
      } else {
        const char* token = p;
        while (p != end && *p != ',' && *p != '}' && !is_space(*p)) ++p;
        const std::string_view word(token, static_cast<std::size_t>(p - token));
        double x = 0;
        const auto [stop, ec] = std::from_chars(token, p, x);
        const bool number = ec == std::errc() && stop == p;
        if (!number && word != "True" && word != "False" && word != "None" && word != "true" &&
            word != "false" && word != "null")
          error(start, end, expected);
        if (key == "weight") {
          if (!number || !std::isfinite(x)) error(start, end, "the weight must be a finite number");
          weight = x;
        }
      }
      skip_space();
      if (p != end && *p == ',') {
        ++p;
        skip_space();
      } else if (p == end || *p != '}') {
        error(start, end, expected);
      }
    }
    if (p == end) error(start, end, std::string(expected) + "; the dict does not end with '}'");
    ++p;  // '}'
    return weight;
  }

  [[noreturn]] void error(const char* start, const char* end, const std::string& what) const {
    while (start != end && is_space(*start)) ++start;
    while (end != start && is_space(end[-1])) --end;
    std::string found(start, std::min<std::size_t>(static_cast<std::size_t>(end - start), 80));
    if (end - start > 80) found += "...";
    throw DataFileError(where() + ": " + what + ", found '" + found + "'");
  }

  const std::string& path_;
  EdgeListReport& report_;
  struct Row {
    std::uint64_t a;
    std::uint64_t b;
    float weight;
  };
  static constexpr std::size_t batch_size = 1024;

  IdMap map_;
  std::vector<Row> batch_;
  EdgeBuffer edges_;
  bool weighted_ = false;
  std::uint64_t first_row_ = 0;
};

/// Parses lines from `read(out, n)` (bytes into out, 0 at the end) and builds the network.
template <class Read>
Network read_lines(Read&& read, const std::string& path, bool directed, EdgeListReport* report,
                   std::vector<std::uint64_t>* original_ids = nullptr) {
  EdgeListReport local;
  EdgeListReport& out = report ? *report : local;
  out = EdgeListReport{};
  Parser parser(path, out);

  // Parse whole lines from the buffer; a partial last line moves to the front for the next read.
  // A line that fills the largest buffer goes to Parser::long_line, and its rest is skipped.
  std::vector<char> buffer(initial_buffer_bytes);
  std::size_t filled = 0;
  bool skipping = false;  // inside a long line: drop bytes up to the next '\n'
  while (true) {
    if (filled == buffer.size() && buffer.size() < max_line_bytes) {
      buffer.resize(buffer.size() * 2);
    } else if (filled == buffer.size()) {
      parser.long_line(buffer.data(), buffer.data() + filled);
      filled = 0;
      skipping = true;
    }
    const std::size_t got = read(buffer.data() + filled, buffer.size() - filled);
    if (got == 0) {
      if (filled > 0) parser.line(buffer.data(), buffer.data() + filled);  // no final '\n'
      break;
    }
    const char* p = buffer.data() + filled;  // the bytes before were searched for '\n' already
    const char* const end = p + got;
    const char* line = skipping ? p : buffer.data();
    while (true) {
      const auto* nl =
          static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!nl) break;
      if (!skipping) parser.line(line, nl);
      skipping = false;
      p = nl + 1;
      line = p;
    }
    if (skipping) {
      filled = 0;
      continue;
    }
    filled = static_cast<std::size_t>(end - line);
    std::memmove(buffer.data(), line, filled);
  }
  parser.flush();
  if (out.edge_rows == 0)
    throw DataFileError(path + ": no edges (the edge list is empty or holds only comments)");
  if (original_ids != nullptr) *original_ids = parser.original_ids();
  return build_network(parser.nodes(), std::move(parser.edges()), directed, &out.build);
}

}  // namespace

Network read_edge_list(const std::string& path, bool directed, EdgeListReport* report,
                       std::vector<std::uint64_t>* original_ids) {
  // A device or FIFO would never end: refused before it is opened.
  if (const std::string problem = input_file_problem(path, max_edge_list_bytes); !problem.empty())
    throw DataFileError("edge list '" + path + "' " + problem);
  GzFile file(path, "rb");
  return read_lines([&file](char* out, std::size_t n) { return file.read(out, n); }, path, directed,
                    report, original_ids);
}

Network read_edge_list_text(std::string_view text, const std::string& name, bool directed,
                            EdgeListReport* report, std::vector<std::uint64_t>* original_ids) {
  return read_lines(
      [&text](char* out, std::size_t n) {
        const std::size_t k = std::min(n, text.size());
        if (k > 0) std::memcpy(out, text.data(), k);  // data() may be null when empty
        text.remove_prefix(k);
        return k;
      },
      name, directed, report, original_ids);
}

void write_edge_list(const Network& network, const std::string& path, const ReplacePolicy& policy) {
  // The list is written beside `path` and renamed into place whole (see sim/files/safe_write.hpp).
  const OutputLock lock(path, LockMode::exclusive);
  StagedFile staged(lock, policy);
  GzFile file(staged.temp_path(), path.ends_with(".gz") ? "wb6" : "wbT");
  std::string buffer = "# hearsay edge list: " + std::to_string(network.nodes()) + " nodes, " +
                       std::to_string(network.edges()) +
                       (network.directed() ? " arcs (u -> v)\n" : " edges (u < v)\n");
  buffer.reserve(std::size_t{1} << 20);
  char number[16];
  for (NodeId u = 0; u < network.nodes(); ++u) {
    for (NodeId v : network.neighbours(u)) {
      if (!network.directed() && v < u) continue;
      buffer.append(number, std::to_chars(number, number + sizeof number, u).ptr);
      buffer.push_back(' ');
      buffer.append(number, std::to_chars(number, number + sizeof number, v).ptr);
      buffer.push_back('\n');
      if (buffer.size() > (std::size_t{1} << 20) - 32) {
        file.write(buffer.data(), buffer.size());
        buffer.clear();
      }
    }
  }
  file.write(buffer.data(), buffer.size());
  file.close();
  staged.publish();
}

}  // namespace hearsay

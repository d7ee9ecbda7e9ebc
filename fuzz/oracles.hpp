// What a fuzz input runs and what counts as a finding: shared by the targets and the replay test.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/calibrate/observed_data.hpp"
#include "sim/core/error.hpp"
#include "sim/network/edge_list.hpp"
#include "sim/network/node_file.hpp"
#include "sim/scenario/calibration.hpp"
#include "sim/scenario/scenario.hpp"

// Every function returns the empty string when the input was handled as documented (success or
// a ScenarioError / RuntimeError), else a description of what went wrong (a finding). Exceptions
// of any other type escape on purpose: the caller reports them as findings too.
namespace hearsay::fuzz {

/// Inputs larger than this are skipped (bytes): bigger ones explore nothing new, only slower.
constexpr std::size_t max_input_bytes = 64 * 1024;
/// At most this many `#set` lines become overrides.
constexpr std::size_t max_overrides = 8;

// ---------------------------------------------------------------------------------------------
// Scenarios

/// The file name a fuzzed scenario is parsed under: in scenarios/, so the relative paths of the
/// committed scenarios (data/karate.txt, ../results/...) resolve as they do for the real files.
inline std::string scenario_file(const std::string& source_dir) {
  return source_dir + "/scenarios/fuzz_input.yaml";
}

/// Lines "#set KEY=VALUE" are YAML comments, and also `--set KEY=VALUE` overrides, in order: one
/// input then exercises the file and the command line together.
inline std::vector<std::string> scenario_overrides(std::string_view text) {
  std::vector<std::string> overrides;
  constexpr std::string_view prefix = "#set ";
  while (!text.empty() && overrides.size() < max_overrides) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, prefix.size()) == prefix) overrides.emplace_back(line.substr(prefix.size()));
  }
  return overrides;
}

/// Whether `text` is valid UTF-8 (YAML is Unicode; other bytes are not promised to survive).
inline bool is_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = c < 0x80           ? 1
                          : (c >> 5) == 0x6  ? 2
                          : (c >> 4) == 0xe  ? 3
                          : (c >> 3) == 0x1e ? 4
                                             : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

/// What a parsed scenario must satisfy whatever the input.
inline std::string scenario_invariants(const Scenario& sc) {
  if (!(sc.time.end > 0) || !std::isfinite(sc.time.end))
    return "time.end is not a finite positive number of days";
  if (!(sc.time.sample_every > 0) || !(sc.time.sample_every <= sc.time.end))
    return "time.sample_every is not in (0, time.end]";
  if (sc.replications < 1 || sc.replications > 10000000) return "replications out of [1, 1e7]";
  if (sc.points.empty()) return "a scenario without points";
  if (sc.model.name.empty()) return "a scenario without a model name";
  if (sc.has_network && sc.network.generator.empty()) return "a network without a generator";
  std::set<std::string> names;
  for (const BrandSpec& brand : sc.brands)
    if (!names.insert(brand.name).second) return "brand name '" + brand.name + "' twice";
  for (const auto* params : {&sc.model.params, &sc.network.params})
    for (const auto& [name, value] : params->all()) {
      if (const double* x = std::get_if<double>(&value); x && !std::isfinite(*x))
        return "parameter '" + name + "' is not finite";
      if (const auto* list = std::get_if<std::vector<double>>(&value))
        for (double x : *list)
          if (!std::isfinite(x)) return "an element of parameter '" + name + "' is not finite";
    }
  if (sc.resolved_yaml.empty()) return "an empty resolved form";
  return {};
}

/// Parses `bytes` as a calibration scenario (`hearsay calibrate`). On success: the scenario's
/// invariants, at least one numeric prior, at least one matched series, at least 10 particles,
/// and the points of two particles (the priors' medians) read back with those values.
inline std::string run_calibration_input(const std::string& text, const ModelRegistry& catalog,
                                         const std::string& file) {
  CalibrationScenario c;
  try {
    c = parse_calibration(text, file, scenario_overrides(text), catalog);
  } catch (const ScenarioError&) {
    return {};
  } catch (const RuntimeError&) {
    return {};
  }
  if (std::string problem = scenario_invariants(c.scenario); !problem.empty()) return problem;
  if (c.priors.empty()) return "a calibration without priors";
  if (c.spec.match.empty()) return "a calibration that matches no series";
  if (c.spec.particles < 10) return "fewer than 10 particles";
  std::vector<double> medians;
  for (const design::UncertainKey& key : c.priors) {
    if (key.distribution.kind == design::Distribution::Kind::choice) return "a choice prior";
    medians.push_back(design::quantile(key.distribution, 0.5));
    if (!std::isfinite(medians.back())) return "prior '" + key.key + "' has no finite median";
  }
  try {
    const Scenario two = calibration_points(c, {medians, medians}, {1, 2}, catalog);
    if (two.points.size() != 2 || two.points[1].seed_index != 2)
      return "the points of two particles are not two points with their seeds";
  } catch (const ScenarioError& e) {
    // A prior whose median the key refuses (e.g. a normal truncated outside its range by hand)
    // is the user's to fix; the message must still name the key.
    if (e.key().empty()) return std::string("a particle's point failed without a key: ") + e.what();
  }
  return {};
}

/// Parses `bytes` as a scenario (with its `#set` lines as overrides). On success the scenario
/// must satisfy the invariants and its resolved form must parse again to the same resolved form
/// ("the resolved form alone reproduces the run"). Inputs that mention `calibrate` are also read
/// as calibration scenarios.
inline std::string run_scenario_input(std::string_view bytes, const ModelRegistry& catalog,
                                      const std::string& file) {
  const std::string text(bytes);
  if (text.find("calibrate") != std::string::npos)
    if (std::string problem = run_calibration_input(text, catalog, file); !problem.empty())
      return problem;
  Scenario sc;
  try {
    sc = parse_scenario(text, file, scenario_overrides(text), catalog);
  } catch (const ScenarioError&) {
    return {};
  } catch (const RuntimeError&) {
    return {};
  }
  if (std::string problem = scenario_invariants(sc); !problem.empty()) return problem;
  if (!is_utf8(text)) return {};
  Scenario again;
  try {
    again = parse_scenario(sc.resolved_yaml, file, {}, catalog);
  } catch (const ScenarioError& e) {
    return "the resolved form does not parse again:\n" + sc.resolved_yaml + "\n" + e.what();
  }
  if (again.resolved_yaml != sc.resolved_yaml)
    return "the resolved form changes when parsed again:\n" + sc.resolved_yaml + "\nthen\n" +
           again.resolved_yaml;
  return {};
}

// ---------------------------------------------------------------------------------------------
// Edge lists

/// A reading's outcome: the network and report, or the error message.
struct EdgeListOutcome {
  bool ok = false;
  std::string error;
  Network network;
  EdgeListReport report;
};

template <class Read>
EdgeListOutcome attempt_edge_list(Read&& read) {
  EdgeListOutcome out;
  try {
    out.network = read(&out.report);
    out.ok = true;
  } catch (const RuntimeError& e) {
    out.error = e.what();
  }
  return out;
}

inline bool same_outcome(const EdgeListOutcome& a, const EdgeListOutcome& b) {
  if (a.ok != b.ok || a.error != b.error) return false;
  if (!a.ok) return true;
  const Network& g = a.network;
  const Network& h = b.network;
  auto same_weights = [&] {
    if (g.has_weights() != h.has_weights()) return false;
    if (!g.has_weights()) return true;
    for (std::uint64_t arc = 0; arc < g.arcs(); ++arc)
      if (g.weight(arc) != h.weight(arc)) return false;
    return true;
  };
  return g.nodes() == h.nodes() && g.directed() == h.directed() &&
         std::ranges::equal(g.offsets(), h.offsets()) &&
         std::ranges::equal(g.targets(), h.targets()) && same_weights() &&
         a.report.lines == b.report.lines && a.report.edge_rows == b.report.edge_rows &&
         a.report.build.self_loops == b.report.build.self_loops &&
         a.report.build.duplicates == b.report.build.duplicates;
}

/// An independent reading of an edge list the reader accepted: split at '\n', tokens split at
/// blanks, a token starting with '#' or '%' ends the line; a third token starting with '{' is
/// networkx's attribute dict, read to the end of the line (reference_dict). Returns the dense
/// edges in row order (with weights when the rows have them) and the number of distinct ids, or
/// false when the text has a row the documented format does not allow.
struct ReferenceEdges {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> rows;
  std::vector<float> weights;
  std::uint64_t nodes = 0;
  std::uint64_t lines = 0;
};

/// Reads an attribute dict ("{'weight': 2.5, 'kind': 'weak'}", JSON quotes too, a trailing comma
/// allowed) that is the rest of a line, up to blanks and a comment; `weight` gets the value of the
/// last key "weight". Bare values are any run of characters up to ',', '}' or a blank (a
/// superset of what the reader takes); false when the text is no such dict.
inline bool reference_dict(std::string_view rest, std::optional<double>& weight) {
  std::size_t i = 1;  // past '{'
  const auto blank = [&] {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\r' ||
                               rest[i] == '\v' || rest[i] == '\f'))
      ++i;
  };
  // A quoted text at i: its content, i past the closing quote; nullopt if it does not close.
  const auto text = [&]() -> std::optional<std::string_view> {
    const char quote = rest[i];
    std::size_t j = i + 1;
    while (j < rest.size() && rest[j] != quote) j += rest[j] == '\\' && j + 1 < rest.size() ? 2 : 1;
    if (j >= rest.size()) return std::nullopt;
    const std::string_view content = rest.substr(i + 1, j - i - 1);
    i = j + 1;
    return content;
  };
  while (true) {
    blank();
    if (i >= rest.size()) return false;
    if (rest[i] == '}') {
      ++i;
      break;
    }
    if (rest[i] != '\'' && rest[i] != '"') return false;
    const auto key = text();
    if (!key) return false;
    blank();
    if (i >= rest.size() || rest[i] != ':') return false;
    ++i;
    blank();
    if (i >= rest.size()) return false;
    if (rest[i] == '\'' || rest[i] == '"') {
      if (!text() || *key == "weight") return false;
    } else {
      std::size_t j = i;
      while (j < rest.size() && rest[j] != ',' && rest[j] != '}' && rest[j] != ' ' &&
             rest[j] != '\t' && rest[j] != '\r' && rest[j] != '\v' && rest[j] != '\f')
        ++j;
      if (j == i) return false;
      if (*key == "weight") {
        const std::string w(rest.substr(i, j - i));
        char* stop = nullptr;
        const double x = std::strtod(w.c_str(), &stop);
        if (stop != w.c_str() + w.size() || !std::isfinite(x)) return false;
        weight = x;
      }
      i = j;
    }
    blank();
    if (i < rest.size() && rest[i] == ',')
      ++i;
    else if (i >= rest.size() || rest[i] != '}')
      return false;
  }
  blank();
  return i == rest.size() || rest[i] == '#' || rest[i] == '%';
}

inline bool reference_read(std::string_view text, ReferenceEdges& out) {
  const auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
  };
  std::map<std::uint64_t, std::uint64_t> dense;
  const auto dense_id = [&](std::uint64_t id) {
    return dense.emplace(id, dense.size()).first->second;
  };
  std::size_t columns = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++out.lines;
    std::vector<std::string_view> tokens;
    std::optional<double> dict_weight;
    bool dict = false;
    while (true) {
      while (!line.empty() && blank(line.front())) line.remove_prefix(1);
      if (line.empty() || line.front() == '#' || line.front() == '%') break;
      if (tokens.size() == 2 && line.front() == '{') {
        if (!reference_dict(line, dict_weight)) return false;
        dict = true;
        break;
      }
      std::size_t n = 0;
      while (n < line.size() && !blank(line[n])) ++n;
      tokens.push_back(line.substr(0, n));
      line.remove_prefix(n);
    }
    if (tokens.empty()) continue;
    if (tokens.size() != 2 && tokens.size() != 3) return false;
    // A dict with a weight counts as a weight column, one without as none.
    const std::size_t width = dict ? (dict_weight ? 3 : 2) : tokens.size();
    if (columns == 0) columns = width;
    if (width != columns) return false;
    std::uint64_t ids[2];
    for (int k = 0; k < 2; ++k) {
      const std::string_view t = tokens[static_cast<std::size_t>(k)];
      // Leading zeros are allowed; the value must stay below 2^63.
      if (t.find_first_not_of("0123456789") != std::string_view::npos) return false;
      const std::size_t first = t.find_first_not_of('0');
      const std::string_view digits = first == std::string_view::npos ? "0" : t.substr(first);
      if (digits.size() > 19) return false;
      const unsigned long long x = std::strtoull(std::string(digits).c_str(), nullptr, 10);
      if (x > 9223372036854775807ull) return false;
      ids[k] = dense_id(x);
    }
    out.rows.emplace_back(ids[0], ids[1]);
    if (columns == 3) {
      double x = dict_weight.value_or(0);
      if (!dict) {
        const std::string w(tokens[2]);
        char* stop = nullptr;
        x = std::strtod(w.c_str(), &stop);
        if (stop != w.c_str() + w.size()) return false;
      }
      if (!std::isfinite(x) || std::fabs(x) > 3.4028234663852886e38) return false;
      out.weights.push_back(static_cast<float>(x));
    }
  }
  out.nodes = dense.size();
  return true;
}

/// Structure every network from the reader must have, and agreement with the reference reading.
/// `ref` is the reference reading of the same text (see reference_read), `ref_ok` its result.
inline std::string edge_list_invariants(const ReferenceEdges& ref, bool ref_ok,
                                        const EdgeListOutcome& got, bool directed) {
  const Network& g = got.network;
  const auto offsets = g.offsets();
  const auto targets = g.targets();
  if (g.directed() != directed) return "the network's direction is not the one asked for";
  if (offsets.size() != std::size_t{g.nodes()} + 1 || offsets.front() != 0 ||
      offsets.back() != targets.size())
    return "CSR offsets do not frame the targets";
  for (NodeId u = 0; u < g.nodes(); ++u) {
    if (offsets[u] > offsets[u + 1]) return "CSR offsets decrease";
    const auto row = g.neighbours(u);
    for (std::size_t k = 0; k < row.size(); ++k) {
      const NodeId v = row[k];
      if (v >= g.nodes()) return "a target beyond the node count";
      if (v == u) return "a self-loop survived";
      if (k > 0 && row[k - 1] >= v) return "a row is not strictly increasing";
      const std::uint64_t arc = g.first_arc(u) + k;
      if (g.has_weights() && !std::isfinite(g.weight(arc)))
        return "weight " + std::to_string(g.weight(arc)) + " is not finite";
      if (!directed) {
        const auto back = g.neighbours(v);
        const auto it = std::lower_bound(back.begin(), back.end(), u);
        if (it == back.end() || *it != u) return "an undirected edge is stored one way only";
        if (g.has_weights() && g.weight(g.first_arc(v) + static_cast<std::uint64_t>(
                                                             it - back.begin())) != g.weight(arc))
          return "the two arcs of an undirected edge have different weights";
      }
    }
  }
  const EdgeListReport& r = got.report;
  const std::uint64_t kept = directed ? g.arcs() : g.edges();
  if (r.edge_rows != kept + r.build.self_loops + r.build.duplicates)
    return "edge rows != edges kept + self-loops + duplicates";

  if (!ref_ok) return "the reader accepted a row the format does not allow";
  if (ref.rows.size() != r.edge_rows) return "edge row count differs from the reference reading";
  if (ref.lines != r.lines) return "line count differs from the reference reading";
  if (ref.nodes != g.nodes()) return "node count differs from the reference reading";
  // A network of self-loops only keeps no arcs, so no weights either.
  if (!ref.weights.empty() != g.has_weights() && g.arcs() > 0)
    return "weights present in one reading only";
  // The first row of each edge decides its weight; later duplicates are dropped.
  std::map<std::pair<std::uint64_t, std::uint64_t>, float> edges;
  for (std::size_t i = 0; i < ref.rows.size(); ++i) {
    auto [a, b] = ref.rows[i];
    if (a == b) continue;
    if (!directed && b < a) std::swap(a, b);
    edges.emplace(std::pair{a, b}, ref.weights.empty() ? 0.0f : ref.weights[i]);
  }
  if (edges.size() != kept) return "edge count differs from the reference reading";
  for (const auto& [edge, weight] : edges) {
    const auto [a, b] = edge;
    const auto row = g.neighbours(static_cast<NodeId>(a));
    const auto it = std::lower_bound(row.begin(), row.end(), static_cast<NodeId>(b));
    if (it == row.end() || *it != b)
      return "edge " + std::to_string(a) + "-" + std::to_string(b) + " of the reference is missing";
    if (g.has_weights() && g.weight(g.first_arc(static_cast<NodeId>(a)) +
                                    static_cast<std::uint64_t>(it - row.begin())) != weight)
      return "edge " + std::to_string(a) + "-" + std::to_string(b) +
             " has another weight than its first row";
  }
  return {};
}

/// Decompresses the whole gzip file `path` (false on any zlib error, including a truncated stream).
inline bool gunzip(const std::filesystem::path& path, std::string& text) {
  gzFile in = gzopen(path.c_str(), "rb");
  if (!in) return false;
  char chunk[1 << 16];
  bool ok = true;
  while (true) {
    const int got = gzread(in, chunk, sizeof chunk);
    int code = Z_OK;
    gzerror(in, &code);
    if (got < 0 || (code != Z_OK && code != Z_BUF_ERROR) || (got == 0 && code == Z_BUF_ERROR)) {
      ok = false;
      break;
    }
    if (got == 0) break;
    text.append(chunk, static_cast<std::size_t>(got));
  }
  gzclose(in);
  return ok;
}

/// Writes `bytes` to `path` (gzip-compressed when `gzip`).
inline void write_file(const std::filesystem::path& path, std::string_view bytes, bool gzip) {
  if (!gzip) {
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return;
  }
  gzFile out = gzopen(path.c_str(), "wb1");
  if (!out) std::abort();
  if (!bytes.empty()) gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(out);
}

/// Reads `bytes` as an edge list, directed and undirected: from memory, from a text file and from
/// a gzip file of them (one path in `scratch`, so messages match). The readings must agree exactly
/// (network, report, error message) and successes must pass edge_list_invariants. Bytes that
/// start like gzip are read raw too (as a possibly broken gzip file): the reader must then see
/// what zlib decompresses, or fail.
/// Marks where an input's edge list ends and a node file (node attributes) begins.
inline constexpr std::string_view node_file_marker = "\n#node-file\n";

/// A node file read for the edge list before it: only DataFileError may escape, every node has
/// a level of each attribute or none, levels are distinct, and file and memory readings agree.
inline std::string run_node_file_input(std::string_view edges, std::string_view nodes,
                                       const std::filesystem::path& scratch) {
  std::vector<std::uint64_t> ids;
  try {
    read_edge_list_text(edges, "edges.txt", false, nullptr, &ids);
  } catch (const RuntimeError&) {
    return {};  // the edge list's own findings are the edge-list oracle's
  }
  auto attempt = [&](auto&& read) -> std::pair<std::vector<NodeAttribute>, std::string> {
    try {
      return {read(), std::string()};
    } catch (const DataFileError& e) {
      return {{}, std::string("error: ") + e.what()};
    }
  };
  const auto [memory, memory_error] =
      attempt([&] { return read_node_file_text(std::string(nodes), "nodes.csv", ids); });
  if (memory_error.empty()) {
    if (memory.empty()) return "node file: read without an attribute";
    for (const NodeAttribute& a : memory) {
      if (a.codes.size() != ids.size()) return "node file: codes do not cover every node";
      for (const std::uint32_t code : a.codes)
        if (code != NodeAttribute::missing && code >= a.levels.size())
          return "node file: a code past its attribute's levels";
      const std::set<std::string> distinct(a.levels.begin(), a.levels.end());
      if (distinct.size() != a.levels.size()) return "node file: a level appears twice";
    }
  }
  const std::filesystem::path path = scratch / "nodes.csv";
  write_file(path, nodes, false);
  const auto [file, file_error] = attempt([&] { return read_node_file(path.string(), ids); });
  const bool same_error =
      memory_error.empty() == file_error.empty();  // names differ: the file's path vs nodes.csv
  if (!same_error) return "node file: file and memory readings differ: '" + file_error + "'";
  if (memory_error.empty())
    for (std::size_t k = 0; k < memory.size(); ++k)
      if (memory[k].name != file[k].name || memory[k].levels != file[k].levels ||
          memory[k].codes != file[k].codes)
        return "node file: file and memory readings differ";
  return {};
}

inline std::string run_edge_list_input(std::string_view bytes,
                                       const std::filesystem::path& scratch) {
  if (const std::size_t at = bytes.find(node_file_marker); at != std::string_view::npos) {
    if (std::string problem = run_node_file_input(
            bytes.substr(0, at), bytes.substr(at + node_file_marker.size()), scratch);
        !problem.empty())
      return problem;
    bytes = bytes.substr(0, at);
  }
  const std::filesystem::path path = scratch / "input.txt";
  const std::string name = path.string();
  auto kind = [](bool directed) { return directed ? std::string(" (directed)") : " (undirected)"; };
  auto describe = [](const EdgeListOutcome& o) { return o.ok ? std::string("ok") : o.error; };

  // Reads `text` from memory both ways, checks the networks, then compares the file readings.
  auto compare = [&](std::string_view text, const std::string& what) -> std::string {
    ReferenceEdges ref;
    bool ref_done = false;
    bool ref_ok = false;
    EdgeListOutcome memory[2];
    for (const bool directed : {false, true}) {
      memory[directed] = attempt_edge_list(
          [&](EdgeListReport* r) { return read_edge_list_text(text, name, directed, r); });
      if (!memory[directed].ok) continue;
      if (!ref_done) {
        ref_ok = reference_read(text, ref);
        ref_done = true;
      }
      if (std::string problem = edge_list_invariants(ref, ref_ok, memory[directed], directed);
          !problem.empty())
        return what + problem + kind(directed);
    }
    for (const bool directed : {false, true}) {
      const EdgeListOutcome file =
          attempt_edge_list([&](EdgeListReport* r) { return read_edge_list(name, directed, r); });
      if (!same_outcome(memory[directed], file))
        return what + "file and memory readings differ" + kind(directed) + ": '" + describe(file) +
               "' vs '" + describe(memory[directed]) + "'";
    }
    return {};
  };

  const bool looks_gzip = bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
                          static_cast<unsigned char>(bytes[1]) == 0x8b;
  if (!looks_gzip) {  // else the file reader sees gzip: read raw below
    write_file(path, bytes, false);
    if (std::string problem = compare(bytes, "text: "); !problem.empty()) return problem;
  }
  write_file(path, bytes, true);
  if (std::string problem = compare(bytes, "gzip: "); !problem.empty()) return problem;
  if (looks_gzip) {
    write_file(path, bytes, false);
    std::string text;
    if (!gunzip(path, text)) {
      for (const bool directed : {false, true}) {
        const EdgeListOutcome raw =
            attempt_edge_list([&](EdgeListReport* r) { return read_edge_list(name, directed, r); });
        if (raw.ok)
          return "raw gzip: a broken gzip file was read without an error" + kind(directed);
      }
    } else if (text.size() <= (std::size_t{16} << 20)) {
      if (std::string problem = compare(text, "raw gzip: "); !problem.empty()) return problem;
    } else {  // a bomb: too slow to compare, but it must read or fail cleanly
      attempt_edge_list([&](EdgeListReport* r) { return read_edge_list(name, false, r); });
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Observed data (hearsay calibrate --observed)

/// The columns a fuzzed data file may have: `adopters`, and `sales` of brand A (as `sales.A` or
/// `sales`).
inline std::vector<calibrate::WantedColumn> observed_columns() {
  return {{{"adopters"}}, {{"sales.A", "sales"}}};
}

/// Writes `bytes` to a file in `scratch` and reads it as observed data. On success: strictly
/// increasing finite times from 0, one value (finite, or NaN for missing) per time in every
/// column. A failure must be a DataFileError whose message starts with the file's path.
inline std::string run_observed_input(std::string_view bytes, const std::string& scratch) {
  const std::string path = scratch + "/observed.csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  calibrate::ObservedData data;
  try {
    data = calibrate::read_observed(path, observed_columns());
  } catch (const DataFileError& e) {
    if (std::string_view(e.what()).substr(0, path.size()) != path)
      return "an error that does not start with the file's path: " + std::string(e.what());
    return {};
  }
  if (data.times.empty()) return "a data set without rows";
  for (std::size_t i = 0; i < data.times.size(); ++i) {
    if (!std::isfinite(data.times[i]) || data.times[i] < 0) return "a time not finite or < 0";
    if (i > 0 && !(data.times[i] > data.times[i - 1])) return "times that do not increase";
  }
  if (data.values.size() != 2 || data.columns.size() != 2) return "not one series per column";
  for (const std::vector<double>& column : data.values) {
    if (column.size() != data.times.size()) return "a column whose length is not the times'";
    for (double x : column)
      if (std::isinf(x)) return "an infinite value";
  }
  return {};
}

}  // namespace hearsay::fuzz

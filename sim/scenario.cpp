// Scenario files: YAML parsing, --set overrides, validation against schemas, the resolved form.
#include "sim/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "sim/generators.hpp"

namespace hearsay {
namespace {

namespace fs = std::filesystem;

constexpr const char* duration_forms =
    "a number of days, or a number with a unit s, m, h, d, w, y, e.g. 90m, 36h, 1.5d, 1w";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// A finite decimal number (optional sign, fraction, exponent); nothing else, not even "inf".
bool parse_number(std::string_view text, double& value) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), last, value);
  return ec == std::errc() && ptr == last && std::isfinite(value);
}

/// Shortest text that reads back as the same double; whole numbers without an exponent, so the
/// resolved scenario shows `nodes: 100000` rather than `1e+05`.
std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (std::size_t i = 0; i < words.size(); ++i) s += (i ? ", " : "") + words[i];
  return s;
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string best =
      closest_match(word, candidates.data(), candidates.data() + candidates.size());
  return best.empty() ? std::string() : "did you mean '" + best + "'? ";
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool is_path_param(const std::string& name) {
  auto ends_with = [&](std::string_view tail) {
    return name.size() >= tail.size() &&
           name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
  };
  return name == "path" || ends_with("_file") || ends_with("_path");
}

/// How a value reads in a message: the scalar in quotes, or the kind of node it is.
std::string describe_node(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "nothing (an empty value)";
  }
}

std::string kind_phrase(ParamKind kind) {
  switch (kind) {
    case ParamKind::real:
      return "a number";
    case ParamKind::integer:
      return "a whole number";
    case ParamKind::boolean:
      return "true or false";
    case ParamKind::choice:
      return "one word";
    case ParamKind::duration:
      return "a duration";
    case ParamKind::text:
      return "text";
    case ParamKind::real_list:
      return "a list of numbers";
    case ParamKind::integer_list:
      return "a list of whole numbers";
  }
  return "a value";
}

/// "in [0, 1] (unit: probability)", "> 0 (unit: d)": what a spec allows, for fixes.
std::string range_phrase(const ParamSpec& spec) {
  std::string range = describe_range(spec);
  if (range.rfind("each ", 0) == 0) range.erase(0, 5);
  if (!range.empty() && (range.front() == '[' || range.front() == '(')) range = "in " + range;
  // Durations are always held in days, whatever unit the file used.
  if (spec.kind == ParamKind::duration)
    range += " d";
  else if (!spec.unit.empty())
    range += " (unit: " + spec.unit + ")";
  return range;
}

/// The full "what is allowed" line for a spec: type, range, unit, meaning.
std::string allowed_phrase(const ParamSpec& spec) {
  std::string s = kind_phrase(spec.kind);
  if (spec.kind == ParamKind::choice || spec.kind == ParamKind::boolean) {
    if (spec.kind == ParamKind::choice) s += ", " + describe_range(spec);
  } else if (spec.kind == ParamKind::duration) {
    if (describe_range(spec) != "any") s += " " + range_phrase(spec);
    s += " (" + std::string(duration_forms) + ")";
  } else if (spec.kind != ParamKind::text) {
    if (describe_range(spec) != "any")
      s += " " + range_phrase(spec);
    else if (!spec.unit.empty())
      s += " (unit: " + spec.unit + ")";
  }
  if (!spec.help.empty()) s += "; " + spec.help;
  return s;
}

ParamSpec make_spec(std::string name, ParamKind kind, std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.help = std::move(help);
  return spec;
}

/// One key of a mapping, in file order.
struct Entry {
  std::string name;
  YAML::Node key;
  YAML::Node value;
};

/// A mapping being validated: its entries, its dotted path, and where to point for missing keys.
struct Section {
  std::string path;
  YAML::Node where;  ///< the section's key in the file (or the root), for "missing key" errors
  YAML::Node node;   ///< the mapping itself
  std::vector<Entry> entries;

  const Entry* find(const std::string& name) const {
    for (const Entry& e : entries)
      if (e.name == name) return &e;
    return nullptr;
  }
  std::string key_path(const std::string& name) const {
    return path.empty() ? name : path + "." + name;
  }
  std::string label() const { return path.empty() ? "at the top level" : "in '" + path + "'"; }
};

/// Nodes that a `--set` brought into the tree, so errors in them name the override, not a line.
struct OverrideOrigin {
  std::string text;
  std::vector<YAML::Node> nodes;
};

void collect_nodes(const YAML::Node& node, std::vector<YAML::Node>& out) {
  out.push_back(node);
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      out.push_back(it->first);
      collect_nodes(it->second, out);
    }
  } else if (node.IsSequence()) {
    for (auto it = node.begin(); it != node.end(); ++it) collect_nodes(*it, out);
  }
}

const std::vector<std::string> top_level_keys = {"name",   "description", "seed",  "replications",
                                                 "time",   "network",     "model", "seeding",
                                                 "brands", "output"};
// Keys the design reserves for later versions: refused with a clearer word than "unknown".
const std::vector<std::string> reserved_keys = {"sweep", "population", "campaigns"};
// Brand names are addressed as `brands.NAME.key` by --set and sweeps, so they are short labels.
constexpr std::size_t max_brand_name = 64;

class Reader {
 public:
  Reader(std::string file, const ModelCatalog& models)
      : file_(std::move(file)), folder_(fs::path(file_).parent_path()), models_(models) {}

  YAML::Node parse(const std::string& text) const {
    try {
      return YAML::Load(text);
    } catch (const YAML::Exception& e) {
      throw ScenarioError(location(e.mark), "", "invalid YAML: " + e.msg,
                          "check this line and the ones above it: indentation, the ': ' after each "
                          "key, closing ] and }; quote text that contains ': ' or ' #'");
    }
  }

  void apply_override(YAML::Node& root, const std::string& text);
  Scenario read(const YAML::Node& root);

 private:
  [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& problem,
                         const std::string& fix) const {
    for (const OverrideOrigin& origin : origins_)
      for (const YAML::Node& node : origin.nodes)
        if (node.is(at))
          throw ScenarioError({file_, 0, 0}, key, "in --set " + origin.text + ": " + problem, fix);
    throw ScenarioError(location(at.Mark()), key, problem, fix);
  }

  SourceLocation location(const YAML::Mark& mark) const {
    // yaml-cpp marks are 0-based; nodes built in memory have a null mark (-1).
    return {file_, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
  }

  Section section(const YAML::Node& where, const YAML::Node& node, const std::string& path,
                  const std::string& example) const;
  void check_keys(const Section& s, const std::vector<std::string>& allowed) const;
  /// `typos`: also point at a near-miss key, for sections whose other keys are not known yet.
  [[noreturn]] void fail_missing(const Section& s, const std::string& name, const std::string& fix,
                                 bool typos = false) const;

  ParamValues::Value read_value(const YAML::Node& node, const ParamSpec& spec,
                                const std::string& path) const;
  double read_number(const YAML::Node& node, const ParamSpec& spec, const std::string& path) const;
  void check_range(double x, const YAML::Node& node, const ParamSpec& spec,
                   const std::string& path) const;
  [[noreturn]] void wrong_type(const YAML::Node& node, const ParamSpec& spec,
                               const std::string& path) const;
  std::string resolve_path(const std::string& text) const;
  /// Validates a section against `specs`; an absent key takes its value from `preset` when it
  /// has one (a brand's style), else the schema default.
  ParamValues read_params(const Section& s, const std::vector<ParamSpec>& specs,
                          const ParamValues* preset = nullptr) const;
  /// Reads one built-in key into `values`, validated like a parameter; false when absent.
  bool read_key(const Section& s, const ParamSpec& spec, ParamValues& values) const;
  /// `brands:` (entry may be null when absent) for a model that declares brand parameters.
  std::vector<BrandSpec> read_brands(const Section& top, const Entry* entry,
                                     const ModelInfo& model) const;
  std::vector<PhaseSpec> read_campaign(const Entry& entry, const std::string& path,
                                       const ModelInfo& model) const;

  std::string file_;
  fs::path folder_;
  const ModelCatalog& models_;
  std::vector<OverrideOrigin> origins_;
};

Section Reader::section(const YAML::Node& where, const YAML::Node& node, const std::string& path,
                        const std::string& example) const {
  Section s{path, where, node, {}};
  if (node.IsNull()) return s;  // `seeding:` with nothing after it: an empty section
  if (!node.IsMap())
    fail(node, path,
         (path.empty() ? std::string("the scenario") : "'" + path + "'") +
             " must be a mapping of keys, found " + describe_node(node),
         "write it as " + example);
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar())
      fail(key, path,
           "keys must be plain words, found " + describe_node(key) + " as a key " + s.label(),
           "write 'key: value' with a word as the key");
    const std::string name = key.Scalar();
    if (!seen.insert(name).second) {
      // yaml-cpp keeps both copies and lookups would silently use the first one.
      const Entry* first = s.find(name);
      const int line = first->key.Mark().line + 1;
      fail(key, s.key_path(name),
           "key '" + name + "' appears twice " + s.label() +
               (line > 0 ? " (first at line " + std::to_string(line) + ")" : ""),
           "keep only one '" + name + "'");
    }
    s.entries.push_back({name, key, it->second});
  }
  return s;
}

void Reader::check_keys(const Section& s, const std::vector<std::string>& allowed) const {
  for (const Entry& e : s.entries) {
    if (std::find(allowed.begin(), allowed.end(), e.name) != allowed.end()) continue;
    if (s.path.empty() &&
        std::find(reserved_keys.begin(), reserved_keys.end(), e.name) != reserved_keys.end())
      fail(e.key, e.name, "'" + e.name + "' is not supported yet (reserved for a later version)",
           "remove '" + e.name + "'; keys allowed at the top level: " + join(allowed));
    fail(e.key, s.key_path(e.name), "unknown key '" + e.name + "'",
         suggestion(e.name, allowed) + "keys allowed " + s.label() + ": " + join(allowed));
  }
}

void Reader::fail_missing(const Section& s, const std::string& name, const std::string& fix,
                          bool typos) const {
  // A near miss ("generater") is more likely than a forgotten key: point at the typo. Stricter
  // than closest_match, since the other keys here may be valid parameters ("rate" vs "name").
  for (const Entry& e : s.entries)
    if (typos && edit_distance(e.name, name) <= (name.size() <= 4 ? 1u : 2u))
      fail(e.key, s.key_path(e.name), "unknown key '" + e.name + "'",
           "did you mean '" + name + "'?");
  fail(s.where, s.key_path(name),
       "missing required key '" + name + "'" + (s.path.empty() ? "" : " in '" + s.path + "'"), fix);
}

void Reader::wrong_type(const YAML::Node& node, const ParamSpec& spec,
                        const std::string& path) const {
  fail(node, path, "expected " + kind_phrase(spec.kind) + ", found " + describe_node(node),
       "write " + allowed_phrase(spec));
}

void Reader::check_range(double x, const YAML::Node& node, const ParamSpec& spec,
                         const std::string& path) const {
  const bool below = spec.min_exclusive ? !(x > spec.min) : x < spec.min;
  if (!below && !(x > spec.max)) return;
  std::string shown = node.IsScalar() ? node.Scalar() : format_number(x);
  if (spec.kind == ParamKind::duration && shown != format_number(x))
    shown += " (" + format_number(x) + " d)";
  fail(node, path, shown + " is out of range (allowed: " + describe_range(spec) + ")",
       "use a value " + range_phrase(spec) + (spec.help.empty() ? "" : "; " + spec.help));
}

double Reader::read_number(const YAML::Node& node, const ParamSpec& spec,
                           const std::string& path) const {
  double x = 0;
  if (!node.IsScalar()) wrong_type(node, spec, path);
  if (spec.kind == ParamKind::duration) {
    if (!parse_duration(node.Scalar(), x))
      fail(node, path, describe_node(node) + " is not a duration",
           std::string("write ") + duration_forms);
  } else {
    if (!parse_number(node.Scalar(), x)) wrong_type(node, spec, path);
    const bool whole = spec.kind == ParamKind::integer || spec.kind == ParamKind::integer_list;
    if (whole && x != std::floor(x)) wrong_type(node, spec, path);
    check_range(x, node, spec, path);
    // Beyond 2^53 a double no longer holds every whole number exactly.
    if (whole && std::fabs(x) > 9007199254740992.0)
      fail(node, path, node.Scalar() + " is too large to be held exactly",
           "use a whole number of magnitude at most 9007199254740992");
    return x;
  }
  check_range(x, node, spec, path);
  return x;
}

ParamValues::Value Reader::read_value(const YAML::Node& node, const ParamSpec& spec,
                                      const std::string& path) const {
  switch (spec.kind) {
    case ParamKind::real:
    case ParamKind::integer:
    case ParamKind::duration:
      return read_number(node, spec, path);
    case ParamKind::boolean: {
      const std::string s = node.IsScalar() ? node.Scalar() : std::string();
      if (s == "true" || s == "True" || s == "TRUE") return 1.0;
      if (s == "false" || s == "False" || s == "FALSE") return 0.0;
      wrong_type(node, spec, path);
    }
    case ParamKind::choice: {
      if (!node.IsScalar()) wrong_type(node, spec, path);
      const std::string word = node.Scalar();
      if (std::find(spec.choices.begin(), spec.choices.end(), word) == spec.choices.end())
        fail(node, path, "'" + word + "' is not a valid choice",
             suggestion(word, spec.choices) + "allowed: " + join(spec.choices));
      return word;
    }
    case ParamKind::text:
      if (!node.IsScalar()) wrong_type(node, spec, path);
      return node.Scalar();
    case ParamKind::real_list:
    case ParamKind::integer_list: {
      if (!node.IsSequence()) wrong_type(node, spec, path);
      // Each element is checked as a single number, so messages speak of one value.
      ParamSpec element = spec;
      element.kind = spec.kind == ParamKind::real_list ? ParamKind::real : ParamKind::integer;
      std::vector<double> list;
      std::size_t i = 0;
      for (auto it = node.begin(); it != node.end(); ++it, ++i)
        list.push_back(read_number(*it, element, path + "[" + std::to_string(i) + "]"));
      return list;
    }
  }
  wrong_type(node, spec, path);
}

std::string Reader::resolve_path(const std::string& text) const {
  if (text.empty()) return text;
  const fs::path p(text);
  if (p.is_absolute()) return p.lexically_normal().string();
  return fs::absolute(folder_ / p).lexically_normal().string();
}

ParamValues Reader::read_params(const Section& s, const std::vector<ParamSpec>& specs,
                                const ParamValues* preset) const {
  ParamValues values;
  for (const ParamSpec& spec : specs) {
    const Entry* e = s.find(spec.name);
    if (e == nullptr && preset != nullptr && preset->has(spec.name)) {
      values.set(spec.name, preset->all().at(spec.name));
      continue;
    }
    if (e == nullptr) {
      const bool is_text = spec.kind == ParamKind::choice || spec.kind == ParamKind::text;
      const bool is_list =
          spec.kind == ParamKind::real_list || spec.kind == ParamKind::integer_list;
      const bool has_default = is_text ? !spec.default_text.empty() || spec.kind == ParamKind::text
                                       : is_list || !std::isnan(spec.default_value);
      if (spec.required || (!spec.optional && !has_default))
        fail_missing(s, spec.name,
                     "add '" + spec.name + ": ...' " + s.label() + ": " + allowed_phrase(spec));
      if (spec.optional &&
          (is_list || (is_text ? spec.default_text.empty() : std::isnan(spec.default_value))))
        continue;  // optional with no default: absent, callers check `has`
      if (is_text)
        values.set(spec.name, spec.default_text);
      else if (is_list)
        values.set(spec.name, std::vector<double>{});
      else
        values.set(spec.name, spec.default_value);
      continue;
    }
    ParamValues::Value value = read_value(e->value, spec, s.key_path(spec.name));
    if (spec.kind == ParamKind::text && is_path_param(spec.name)) {
      std::string resolved = resolve_path(std::get<std::string>(value));
      // Input files are checked now, so a typo fails before hours of network building.
      std::error_code ec;
      if (resolved.empty() || !fs::is_regular_file(resolved, ec))
        fail(e->value, s.key_path(spec.name),
             "file '" + e->value.Scalar() + "' " +
                 (fs::exists(resolved, ec) ? "is not a regular file" : "does not exist") +
                 (resolved != e->value.Scalar() ? " (looked for " + resolved + ")" : ""),
             "check the path; relative paths are resolved against the scenario's folder");
      value = std::move(resolved);
    }
    values.set(spec.name, std::move(value));
  }
  return values;
}

bool Reader::read_key(const Section& s, const ParamSpec& spec, ParamValues& values) const {
  const Entry* e = s.find(spec.name);
  if (e == nullptr) {
    if (spec.required)
      fail_missing(s, spec.name,
                   "add '" + spec.name + ": ...' " + s.label() + ": " + allowed_phrase(spec));
    return false;
  }
  values.set(spec.name, read_value(e->value, spec, s.key_path(spec.name)));
  return true;
}

void Reader::apply_override(YAML::Node& root, const std::string& text) {
  const std::size_t eq = text.find('=');
  const std::string key = text.substr(0, std::min(eq, text.size()));
  const std::string fix =
      "write --set KEY=VALUE with a dotted key, e.g. --set model.beta=0.2 or --set time.end=30d";
  if (eq == std::string::npos)
    throw ScenarioError({file_, 0, 0}, key,
                        "in --set " + text + ": expected KEY=VALUE (no '=' found)", fix);
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (const std::string& part : parts)
    if (trim(part).size() != part.size() || part.empty())
      throw ScenarioError({file_, 0, 0}, key,
                          "in --set " + text + ": '" + key + "' is not a valid key path", fix);

  YAML::Node value;
  try {
    value = YAML::Load(text.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(
        {file_, 0, 0}, key, "in --set " + text + ": the value is not valid YAML: " + e.msg,
        "check the value's brackets and quotes; in a shell, quote the whole override, "
        "e.g. --set '" +
            key + "=...'");
  }

  OverrideOrigin origin{text, {}};
  // Node assignment in yaml-cpp rebinds shared data, so walk with reset() and never `cur = child`.
  YAML::Node cur;
  cur.reset(root);
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    const YAML::Node existing = std::as_const(cur)[part];
    const bool existed = existing.IsDefined();
    // `list[i]`: entry i of a list, the form error messages use (brands[0].campaign[1].end).
    if (const std::size_t open = part.find('[');
        open != std::string::npos && open > 0 && part.back() == ']') {
      const std::string name = part.substr(0, open);
      const std::string digits = part.substr(open + 1, part.size() - open - 2);
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        throw ScenarioError({file_, 0, 0}, key,
                            "in --set " + text + ": '" + part + "' is not a valid list entry",
                            "write NAME[i] with a whole number i >= 0, e.g. brands[0].style");
      const YAML::Node list = std::as_const(cur)[name];
      const std::string where = walked + name;
      if (!list.IsDefined() || !list.IsSequence() || index >= list.size())
        throw ScenarioError(
            {file_, 0, 0}, key,
            "in --set " + text + ": '" + where + "' " +
                (!list.IsDefined()    ? std::string("does not exist")
                 : !list.IsSequence() ? "is not a list (it is " + describe_node(list) + ")"
                                      : "has " + std::to_string(list.size()) +
                                            (list.size() == 1 ? " entry" : " entries") +
                                            ", so no [" + std::to_string(index) + "]"),
            "give an index from 0 to the list's length - 1, or set the whole list: --set '" +
                where + "=[...]'");
      const YAML::Node entry = list[index];
      if (last) {
        YAML::Node slot = entry;
        slot = value;
        collect_nodes(value, origin.nodes);
      } else {
        if (!entry.IsMap())
          throw ScenarioError({file_, 0, 0}, key,
                              "in --set " + text + ": '" + walked + part +
                                  "' is not a section (it is " + describe_node(entry) +
                                  "), so it has no key '" + parts[i + 1] + "'",
                              "set '" + walked + part + "' itself, or check the key path");
        cur.reset(entry);
        walked += part + ".";
      }
      continue;
    }
    // `brands.NAME.key`: the brand list is a sequence, and a brand's name picks its entry, so
    // overrides (and sweeps, which are overrides) address a brand by name, never by position.
    if (walked.empty() && part == "brands" && !last && (!existed || existing.IsSequence())) {
      const std::string& brand = parts[i + 1];
      std::vector<std::string> names;
      YAML::Node match;
      bool found = false;
      if (existed)
        for (auto it = existing.begin(); it != existing.end(); ++it) {
          const YAML::Node item = *it;  // const: a lookup must not add a key
          const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
          if (!name.IsDefined() || !name.IsScalar()) continue;
          names.push_back(name.Scalar());
          if (name.Scalar() == brand && !found) {
            match.reset(item);
            found = true;
          }
        }
      if (!found && !existed)
        throw ScenarioError(
            {file_, 0, 0}, key,
            "in --set " + text + ": the scenario has no 'brands' list, so no brand '" + brand + "'",
            "list the brand under 'brands:' in the file, or set the whole list: "
            "--set 'brands=[{name: " +
                brand + ", ...}]'");
      if (!found)
        throw ScenarioError({file_, 0, 0}, key,
                            "in --set " + text + ": there is no brand named '" + brand + "'",
                            names.empty() ? "the 'brands' list is empty: add the brand to it first"
                                          : suggestion(brand, names) + "brands: " + join(names));
      if (i + 2 == parts.size())
        throw ScenarioError({file_, 0, 0}, key,
                            "in --set " + text + ": 'brands." + brand +
                                "' is a whole brand; an override sets one of its keys",
                            "write e.g. --set brands." + brand + ".style=...");
      cur.reset(match);
      walked += part + "." + brand + ".";
      ++i;
      continue;
    }
    if (last) {
      cur[part] = value;
      collect_nodes(value, origin.nodes);
    } else if (!existed || existing.IsNull()) {
      YAML::Node fresh(YAML::NodeType::Map);
      cur[part] = fresh;
      origin.nodes.push_back(fresh);
    } else if (!existing.IsMap()) {
      throw ScenarioError({file_, 0, 0}, key,
                          "in --set " + text + ": '" + walked + part +
                              "' is not a section (it is " + describe_node(existing) +
                              "), so it has no key '" + parts[i + 1] + "'",
                          "set '" + walked + part + "' itself, or check the key path");
    }
    if (!existed)
      for (auto it = cur.begin(); it != cur.end(); ++it)
        if (it->first.Scalar() == part) origin.nodes.push_back(it->first);
    if (!last) {
      const YAML::Node child = std::as_const(cur)[part];
      cur.reset(child);
      walked += part + ".";
    }
  }
  origins_.push_back(std::move(origin));
}

std::vector<BrandSpec> Reader::read_brands(const Section& top, const Entry* entry,
                                           const ModelInfo& model) const {
  // Per-brand outputs need a brand dimension: such a model needs one brand even if it says 0.
  std::uint32_t at_least = model.min_brands;
  for (const auto* metrics : {&model.series, &model.summaries})
    for (const MetricSpec& m : *metrics)
      if (m.per_brand) at_least = std::max(at_least, 1u);
  std::vector<std::string> style_names;
  for (const StylePreset& style : model.styles) style_names.push_back(style.name);
  const std::string example =
      "'brands: [{name: A" +
      (style_names.empty() ? std::string() : ", style: " + style_names.front()) + "}, ...]'";
  const std::string how_many =
      model.max_brands > 0
          ? (model.max_brands == at_least
                 ? "exactly " + std::to_string(at_least)
                 : std::to_string(at_least) + " to " + std::to_string(model.max_brands))
          : "at least " + std::to_string(at_least);
  if (entry == nullptr) {
    if (at_least == 0) return {};
    fail_missing(top, "brands",
                 "add a list of " + how_many + " brands, e.g. " + example + "; model " +
                     model.name + " simulates brands");
  }
  const YAML::Node& list = entry->value;
  if (!list.IsNull() && !list.IsSequence())
    fail(list, "brands", "'brands' must be a list of brands, found " + describe_node(list),
         "write it as " + example + ", or one '- name: ...' line per brand");
  const std::size_t n = list.IsSequence() ? list.size() : 0;
  if (n < at_least)
    fail(list.IsSequence() ? list : entry->key, "brands",
         "lists " + std::to_string(n) + (n == 1 ? " brand" : " brands") + "; model " + model.name +
             " needs " + how_many,
         "add brands to the list, e.g. " + example);
  if (model.max_brands > 0 && n > model.max_brands)
    fail(list[model.max_brands], "brands[" + std::to_string(model.max_brands) + "]",
         "lists " + std::to_string(n) + " brands; model " + model.name + " takes " + how_many,
         "remove brands from the list, or compare them in separate scenarios");

  std::vector<std::string> allowed{"name", "style", "campaign"};
  for (const ParamSpec& p : model.brand_params) allowed.push_back(p.name);
  ParamSpec name_spec = make_spec("name", ParamKind::text, "a short label, unique in the scenario");
  name_spec.required = true;
  std::vector<BrandSpec> brands;
  for (std::size_t i = 0; i < n; ++i) {
    const YAML::Node item = list[i];
    const std::string path = "brands[" + std::to_string(i) + "]";
    const Section b = section(item, item, path, "'- {name: ..., style: ..., <parameters>}'");
    check_keys(b, allowed);
    BrandSpec brand;
    ParamValues v;
    read_key(b, name_spec, v);
    brand.name = v.text("name");
    const YAML::Node& at = b.find("name")->value;
    const std::string key = path + ".name";
    if (brand.name.empty())
      fail(at, key, "the brand name is empty", "give each brand a short label, e.g. 'PitchCo'");
    if (brand.name.size() > max_brand_name)
      fail(at, key,
           "the brand name is " + std::to_string(brand.name.size()) + " characters long (at most " +
               std::to_string(max_brand_name) + ")",
           "use a short label; 'description' is the place for prose");
    if (brand.name.find('.') != std::string::npos)
      fail(at, key, "brand name '" + brand.name + "' contains '.'",
           "use a name without dots (e.g. '_' instead): --set brands.NAME.key and sweeps "
           "address a brand by its name");
    for (std::size_t j = 0; j < brands.size(); ++j)
      if (brands[j].name == brand.name)
        fail(at, key,
             "brand name '" + brand.name + "' is used twice (first by brands[" + std::to_string(j) +
                 "])",
             "give each brand its own name");

    ParamValues preset;
    if (const Entry* st = b.find("style")) {
      if (style_names.empty())
        fail(st->key, path + ".style", "model " + model.name + " has no style presets",
             "remove 'style' and set the brand's parameters directly");
      const std::string word = st->value.IsScalar() ? st->value.Scalar() : std::string();
      const auto style = std::find_if(model.styles.begin(), model.styles.end(),
                                      [&](const StylePreset& s) { return s.name == word; });
      if (style == model.styles.end())
        fail(st->value, path + ".style",
             (st->value.IsScalar() ? "unknown style '" + word + "'"
                                   : "expected a style name, found " + describe_node(st->value)),
             suggestion(word, style_names) + "styles: " + join(style_names) +
                 " (`hearsay describe " + model.name + "` shows what each sets)");
      brand.style = word;
      for (const auto& [param, value] : style->values) {
        const auto spec = std::find_if(model.brand_params.begin(), model.brand_params.end(),
                                       [&](const ParamSpec& p) { return p.name == param; });
        if (spec == model.brand_params.end() || spec->kind == ParamKind::choice ||
            spec->kind == ParamKind::text)
          throw std::logic_error("model " + model.name + ": style " + word + " sets '" + param +
                                 "', which is not a numeric brand parameter");
        preset.set(param, value);
      }
    }
    brand.params = read_params(b, model.brand_params, &preset);
    if (const Entry* c = b.find("campaign"))
      brand.campaign = read_campaign(*c, path + ".campaign", model);
    brands.push_back(std::move(brand));
  }
  return brands;
}

std::vector<PhaseSpec> Reader::read_campaign(const Entry& entry, const std::string& path,
                                             const ModelInfo& model) const {
  if (model.phase_params.empty())
    fail(entry.key, path, "model " + model.name + " has no parameters a campaign phase can set",
         "remove 'campaign' and set the brand's parameters directly");
  const std::string example = "'campaign: [{start: 0d, end: 30d, " + model.phase_params.front() +
                              ": ...}, {start: 60d, end: 90d, ...}]'";
  const YAML::Node& list = entry.value;
  if (list.IsNull()) return {};  // `campaign:` with nothing after it: no phases
  if (!list.IsSequence())
    fail(list, path, "'campaign' must be a list of phases, found " + describe_node(list),
         "write it as " + example);

  std::vector<const ParamSpec*> phase_specs;
  for (const std::string& name : model.phase_params) {
    const auto spec = std::find_if(model.brand_params.begin(), model.brand_params.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    if (spec == model.brand_params.end())
      throw std::logic_error("model " + model.name + ": phase parameter '" + name +
                             "' is not a brand parameter");
    phase_specs.push_back(&*spec);
  }
  std::vector<std::string> allowed{"start", "end"};
  allowed.insert(allowed.end(), model.phase_params.begin(), model.phase_params.end());
  ParamSpec start = make_spec("start", ParamKind::duration, "when the phase begins");
  start.unit = "d";
  start.min = 0;
  start.required = true;
  ParamSpec end = start;
  end.name = "end";
  end.help = "when the phase ends (after its start)";

  std::vector<PhaseSpec> phases;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const Section p = section(item, item, path + "[" + std::to_string(i) + "]",
                              "'{start: 0d, end: 30d, <parameters>}'");
    // A brand parameter a phase may not change deserves a clearer word than "unknown key".
    for (const Entry& e : p.entries)
      if (std::find(allowed.begin(), allowed.end(), e.name) == allowed.end() &&
          std::any_of(model.brand_params.begin(), model.brand_params.end(),
                      [&](const ParamSpec& s) { return s.name == e.name; }))
        fail(e.key, p.key_path(e.name), "'" + e.name + "' cannot change during a campaign phase",
             "set it on the brand itself; a phase may set: " + join(model.phase_params));
    check_keys(p, allowed);
    ParamValues v;
    read_key(p, start, v);
    read_key(p, end, v);
    PhaseSpec phase;
    phase.start = v.real("start");
    phase.end = v.real("end");
    if (!(phase.start < phase.end))
      fail(p.find("end")->value, p.key_path("end"),
           "the phase ends at " + format_number(phase.end) + " d, not after its start (" +
               format_number(phase.start) + " d)",
           "make 'end' later than 'start'");
    if (!phases.empty() && phase.start < phases.back().end)
      fail(p.find("start")->value, p.key_path("start"),
           "phase " + std::to_string(i) + " starts at " + format_number(phase.start) +
               " d, before phase " + std::to_string(i - 1) + " ends (" +
               format_number(phases.back().end) + " d)",
           "list phases in time order without overlap: each 'start' at or after the previous "
           "'end'");
    for (const ParamSpec* spec : phase_specs)
      if (const Entry* e = p.find(spec->name))
        phase.params.set(spec->name, read_value(e->value, *spec, p.key_path(spec->name)));
    phases.push_back(std::move(phase));
  }
  return phases;
}

Scenario Reader::read(const YAML::Node& root) {
  Scenario sc;
  sc.file = file_;
  if (root.IsNull())
    throw ScenarioError({file_, 0, 0}, "", "the scenario is empty",
                        "write at least 'seed', 'time: {end: ...}' and 'model: {name: ...}'");
  const Section top = section(root, root, "", "'key: value' lines, e.g. 'seed: 42'");
  check_keys(top, top_level_keys);

  ParamValues v;
  ParamSpec name_spec = make_spec("name", ParamKind::text, "a short name for the run");
  sc.name = read_key(top, name_spec, v) ? v.text("name") : fs::path(file_).stem().string();
  ParamSpec description_spec =
      make_spec("description", ParamKind::text, "what the scenario is about");
  const Entry* description = top.find("description");
  if (description != nullptr && !description->value.IsNull() && read_key(top, description_spec, v))
    sc.description = v.text("description");

  {
    ParamSpec seed =
        make_spec("seed", ParamKind::integer, "master seed; the same seed gives the same results");
    seed.min = 0;
    seed.required = true;
    const Entry* e = top.find("seed");
    if (e == nullptr)
      fail_missing(top, "seed",
                   "add 'seed: <whole number>' at the top level (e.g. seed: 42); " + seed.help);
    // Parsed as an integer directly: a double would round seeds above 2^53.
    std::uint64_t value = 0;
    const std::string text = e->value.IsScalar() ? e->value.Scalar() : std::string();
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
      double x = 0;
      if (parse_number(text, x) && x == std::floor(x) && x < 0)
        check_range(x, e->value, seed, "seed");
      if (!parse_number(text, x) || x != std::floor(x)) wrong_type(e->value, seed, "seed");
      if (!(x < 18446744073709551616.0))
        fail(e->value, "seed", text + " is too large (allowed: 0 to 18446744073709551615)",
             "use a smaller whole number");
      value = static_cast<std::uint64_t>(x);
    }
    sc.seed = value;
  }
  {
    ParamSpec reps =
        make_spec("replications", ParamKind::integer, "independent runs of the scenario");
    reps.min = 1;
    reps.max = 1e7;
    if (read_key(top, reps, v))
      sc.replications = static_cast<std::uint32_t>(v.integer("replications"));
  }

  // time
  {
    const Entry* e = top.find("time");
    if (e == nullptr) fail_missing(top, "time", "add 'time: {end: 30d, sample_every: 1d}'");
    const Section t = section(e->key, e->value, "time", "'time: {end: 30d, sample_every: 1d}'");
    check_keys(t, {"end", "sample_every"});
    ParamSpec end = make_spec("end", ParamKind::duration, "simulated horizon");
    end.unit = "d";
    end.min = 0;
    end.min_exclusive = true;
    end.required = true;
    ParamSpec step = end;
    step.name = "sample_every";
    step.help = "time between samples of the series (default end/100)";
    step.required = false;
    read_key(t, end, v);
    sc.time.end = v.real("end");
    sc.time.sample_every = sc.time.end / 100;
    if (read_key(t, step, v)) {
      sc.time.sample_every = v.real("sample_every");
      if (sc.time.sample_every > sc.time.end) {
        const YAML::Node& at = t.find("sample_every")->value;
        fail(at, "time.sample_every",
             "sample_every (" + format_number(sc.time.sample_every) + " d) is longer than end (" +
                 format_number(sc.time.end) + " d)",
             "use a sampling step <= time.end");
      }
    }
  }

  // model: read first, because it decides whether a network is needed.
  const ModelInfo* model = nullptr;
  {
    const Entry* e = top.find("model");
    if (e == nullptr)
      fail_missing(top, "model", "add 'model: {name: ...}'; models: " + join(models_.names));
    const Section m = section(e->key, e->value, "model", "'model: {name: ..., <parameters>}'");
    const Entry* name = m.find("name");
    if (name == nullptr)
      fail_missing(m, "name", "add 'name: ...' in 'model'; models: " + join(models_.names), true);
    if (!name->value.IsScalar())
      fail(name->value, "model.name", "expected a model name, found " + describe_node(name->value),
           "models: " + join(models_.names));
    sc.model.name = name->value.Scalar();
    model = models_.find ? models_.find(sc.model.name) : nullptr;
    if (model == nullptr)
      fail(name->value, "model.name", "unknown model '" + sc.model.name + "'",
           suggestion(sc.model.name, models_.names) + "models: " + join(models_.names));
    std::vector<std::string> allowed{"name"};
    for (const ParamSpec& p : model->params) allowed.push_back(p.name);
    check_keys(m, allowed);
    sc.model.params = read_params(m, model->params);
  }

  // network
  const GeneratorInfo* generator = nullptr;
  {
    const Entry* e = top.find("network");
    if (!model->needs_network && e != nullptr)
      fail(e->key, "network", "model " + sc.model.name + " runs without a network",
           "remove 'network'");
    std::vector<std::string> generator_names;
    for (const GeneratorInfo& g : generator_catalog()) generator_names.push_back(g.name);
    if (model->needs_network) {
      if (e == nullptr)
        fail(top.where, "network",
             "model " + sc.model.name + " needs a network, and there is no 'network' section",
             "add e.g. 'network: {generator: erdos_renyi, nodes: 1000, mean_degree: 8}'; "
             "generators: " +
                 join(generator_names));
      sc.has_network = true;
      const Section n =
          section(e->key, e->value, "network", "'network: {generator: ..., <parameters>}'");
      const Entry* gen = n.find("generator");
      if (gen == nullptr)
        fail_missing(n, "generator",
                     "add 'generator: ...' in 'network'; generators: " + join(generator_names),
                     true);
      if (!gen->value.IsScalar())
        fail(gen->value, "network.generator",
             "expected a generator name, found " + describe_node(gen->value),
             "generators: " + join(generator_names));
      sc.network.generator = gen->value.Scalar();
      generator = find_generator(sc.network.generator);
      if (generator == nullptr)
        fail(gen->value, "network.generator", "unknown generator '" + sc.network.generator + "'",
             suggestion(sc.network.generator, generator_names) +
                 "generators: " + join(generator_names));
      std::vector<std::string> allowed{"generator", "fixed"};
      for (const ParamSpec& p : generator->params) allowed.push_back(p.name);
      check_keys(n, allowed);
      ParamSpec fixed =
          make_spec("fixed", ParamKind::boolean, "one network shared by every replication");
      if (read_key(n, fixed, v)) sc.network.fixed = v.flag("fixed");
      // An edge list is one given network: there is nothing to redraw.
      if (sc.network.generator == "edge_list") sc.network.fixed = true;
      sc.network.params = read_params(n, generator->params);
    }
  }

  // seeding
  if (const Entry* e = top.find("seeding"); e != nullptr && !model->uses_seeding)
    fail(e->key, "seeding",
         "model " + sc.model.name + " does not use 'seeding'" +
             (model->brand_params.empty() ? std::string() : ": each brand seeds its own product"),
         model->brand_params.empty() ? "remove 'seeding'"
                                     : "remove 'seeding'; give brands seed_count and seed_strategy");
  if (const Entry* e = top.find("seeding")) {
    const Section s =
        section(e->key, e->value, "seeding", "'seeding: {count: 10, strategy: random}'");
    check_keys(s, {"count", "fraction", "nodes", "strategy"});
    const Entry* mode = nullptr;
    for (const Entry& entry : s.entries) {
      if (entry.name != "count" && entry.name != "fraction" && entry.name != "nodes") continue;
      if (mode != nullptr)
        fail(entry.key, "seeding." + entry.name,
             "'" + mode->name + "' and '" + entry.name + "' are both given",
             "keep exactly one of 'count', 'fraction', 'nodes'");
      mode = &entry;
    }
    ParamSpec count = make_spec("count", ParamKind::integer, "number of initially active agents");
    count.min = 0;
    ParamSpec fraction = make_spec("fraction", ParamKind::real, "share of agents initially active");
    fraction.min = 0;
    fraction.min_exclusive = true;
    fraction.max = 1;
    ParamSpec nodes =
        make_spec("nodes", ParamKind::integer_list, "ids of the initially active agents");
    nodes.min = 0;
    nodes.max = 4294967294.0;  // ids are 32-bit and below the node count
    ParamSpec strategy = make_spec("strategy", ParamKind::choice, "how seeds are picked");
    strategy.choices = {"random", "top_degree"};
    if (read_key(s, count, v)) {
      sc.seeding.mode = SeedingSpec::Mode::count;
      sc.seeding.count = static_cast<std::uint64_t>(v.integer("count"));
    } else if (read_key(s, fraction, v)) {
      sc.seeding.mode = SeedingSpec::Mode::fraction;
      sc.seeding.fraction = v.real("fraction");
    } else if (read_key(s, nodes, v)) {
      sc.seeding.mode = SeedingSpec::Mode::nodes;
      std::set<double> seen;
      std::size_t i = 0;
      for (double id : v.list("nodes")) {
        if (!seen.insert(id).second)
          fail(mode->value[i], "seeding.nodes[" + std::to_string(i) + "]",
               "node " + format_number(id) + " is listed twice", "list each seed node once");
        sc.seeding.nodes.push_back(static_cast<NodeId>(id));
        ++i;
      }
    }
    // Without a network there is no population to draw from: seeds are initial events.
    if (!sc.has_network && mode != nullptr && sc.seeding.mode != SeedingSpec::Mode::count)
      fail(mode->key, "seeding." + mode->name,
           "model " + sc.model.name + " runs without a network, so seeds cannot be given as '" +
               mode->name + "'",
           "use 'count: N' (N initial events)");
    if (const Entry* st = s.find("strategy")) {
      if (sc.seeding.mode == SeedingSpec::Mode::nodes)
        fail(st->key, "seeding.strategy", "'strategy' does not apply to a given list of 'nodes'",
             "remove 'strategy', or replace 'nodes' by 'count' or 'fraction'");
      read_key(s, strategy, v);
      sc.seeding.strategy = v.text("strategy") == "top_degree" ? SeedingSpec::Strategy::top_degree
                                                               : SeedingSpec::Strategy::random;
      if (sc.seeding.strategy == SeedingSpec::Strategy::top_degree && !sc.has_network)
        fail(st->value, "seeding.strategy",
             "top_degree seeding needs a network, and model " + sc.model.name + " has none",
             "use 'strategy: random'");
    }
    // With a known population, impossible seedings fail now rather than at run time.
    if (sc.has_network && sc.network.params.has("nodes") && mode != nullptr) {
      const auto population = static_cast<std::uint64_t>(sc.network.params.integer("nodes"));
      if (sc.seeding.mode == SeedingSpec::Mode::count && sc.seeding.count > population)
        fail(mode->value, "seeding.count",
             "asks for " + std::to_string(sc.seeding.count) + " seeds but the network has only " +
                 std::to_string(population) + " nodes",
             "use a count <= " + std::to_string(population) + ", or a 'fraction'");
      if (sc.seeding.mode == SeedingSpec::Mode::nodes)
        for (std::size_t i = 0; i < sc.seeding.nodes.size(); ++i)
          if (sc.seeding.nodes[i] >= population)
            fail(mode->value[i], "seeding.nodes[" + std::to_string(i) + "]",
                 "node " + std::to_string(sc.seeding.nodes[i]) +
                     " does not exist: the network has " + std::to_string(population) + " nodes",
                 "use node ids from 0 to " + std::to_string(population - 1));
    }
  }

  // brands
  {
    const Entry* e = top.find("brands");
    if (e != nullptr && model->brand_params.empty())
      fail(e->key, "brands", "model " + sc.model.name + " has no brands", "remove 'brands'");
    if (!model->brand_params.empty()) sc.brands = read_brands(top, e, *model);
  }

  // output
  if (const Entry* e = top.find("output")) {
    const Section o = section(e->key, e->value, "output", "'output: {path: results/run.h5}'");
    check_keys(o, {"path", "cascades"});
    ParamSpec path = make_spec("path", ParamKind::text, "results file (HDF5)");
    if (read_key(o, path, v)) sc.output_path = resolve_path(v.text("path"));
    if (const Entry* c = o.find("cascades")) {
      if (!model->has_cascades)
        fail(c->key, "output.cascades", "model " + sc.model.name + " does not record cascades",
             "remove 'cascades' from 'output'");
      ParamSpec cascades =
          make_spec("cascades", ParamKind::boolean, "write who told whom to /cascades");
      read_key(o, cascades, v);
      sc.output_cascades = v.flag("cascades");
    }
  }

  // The resolved form: every default explicit, so it alone reproduces the run.
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << sc.name;
  out << YAML::Key << "description" << YAML::Value << sc.description;
  out << YAML::Key << "seed" << YAML::Value << std::to_string(sc.seed);
  out << YAML::Key << "replications" << YAML::Value << std::to_string(sc.replications);
  out << YAML::Key << "time" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "end" << YAML::Value << format_number(sc.time.end);
  out << YAML::Key << "sample_every" << YAML::Value << format_number(sc.time.sample_every);
  out << YAML::EndMap;
  auto emit_params = [&out](const std::vector<ParamSpec>& specs, const ParamValues& values) {
    for (const ParamSpec& spec : specs) {
      if (!values.has(spec.name)) continue;
      out << YAML::Key << spec.name << YAML::Value;
      switch (spec.kind) {
        case ParamKind::boolean:
          out << (values.flag(spec.name) ? "true" : "false");
          break;
        case ParamKind::choice:
        case ParamKind::text:
          out << values.text(spec.name);
          break;
        case ParamKind::real_list:
        case ParamKind::integer_list:
          out << YAML::Flow << YAML::BeginSeq;
          for (double x : values.list(spec.name)) out << format_number(x);
          out << YAML::EndSeq;
          break;
        default:
          out << format_number(values.real(spec.name));
          break;
      }
    }
  };
  if (sc.has_network) {
    out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "generator" << YAML::Value << sc.network.generator;
    out << YAML::Key << "fixed" << YAML::Value << (sc.network.fixed ? "true" : "false");
    emit_params(generator->params, sc.network.params);
    out << YAML::EndMap;
  }
  out << YAML::Key << "model" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << sc.model.name;
  emit_params(model->params, sc.model.params);
  out << YAML::EndMap;
  if (model->uses_seeding) {
  out << YAML::Key << "seeding" << YAML::Value << YAML::BeginMap;
  switch (sc.seeding.mode) {
    case SeedingSpec::Mode::count:
      out << YAML::Key << "count" << YAML::Value << std::to_string(sc.seeding.count);
      break;
    case SeedingSpec::Mode::fraction:
      out << YAML::Key << "fraction" << YAML::Value << format_number(sc.seeding.fraction);
      break;
    case SeedingSpec::Mode::nodes:
      out << YAML::Key << "nodes" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (NodeId id : sc.seeding.nodes) out << std::to_string(id);
      out << YAML::EndSeq;
      break;
  }
  if (sc.seeding.mode != SeedingSpec::Mode::nodes)
    out << YAML::Key << "strategy" << YAML::Value
        << (sc.seeding.strategy == SeedingSpec::Strategy::top_degree ? "top_degree" : "random");
  out << YAML::EndMap;
  }
  if (!model->brand_params.empty()) {
    out << YAML::Key << "brands" << YAML::Value;
    if (sc.brands.empty()) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const BrandSpec& brand : sc.brands) {
      out << YAML::BeginMap;
      out << YAML::Key << "name" << YAML::Value << brand.name;
      if (!brand.style.empty()) out << YAML::Key << "style" << YAML::Value << brand.style;
      // Every value explicit: the style only explains where they came from.
      emit_params(model->brand_params, brand.params);
      if (!brand.campaign.empty()) {
        out << YAML::Key << "campaign" << YAML::Value << YAML::BeginSeq;
        for (const PhaseSpec& phase : brand.campaign) {
          out << YAML::BeginMap;
          out << YAML::Key << "start" << YAML::Value << format_number(phase.start);
          out << YAML::Key << "end" << YAML::Value << format_number(phase.end);
          emit_params(model->brand_params, phase.params);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::Key << "output" << YAML::Value;
  // "output: {}" rather than a dangling "{}" line
  if (sc.output_path.empty() && !model->has_cascades) out << YAML::Flow;
  out << YAML::BeginMap;
  if (!sc.output_path.empty()) out << YAML::Key << "path" << YAML::Value << sc.output_path;
  if (model->has_cascades)
    out << YAML::Key << "cascades" << YAML::Value << (sc.output_cascades ? "true" : "false");
  out << YAML::EndMap;
  out << YAML::EndMap;
  sc.resolved_yaml = std::string(out.c_str()) + "\n";
  return sc;
}

}  // namespace

bool parse_duration(const std::string& text, double& days) {
  const std::string_view s = trim(text);
  std::size_t split = s.size();
  while (split > 0 && std::isalpha(static_cast<unsigned char>(s[split - 1]))) --split;
  const std::string_view unit = s.substr(split);
  double value = 0;
  if (!parse_number(trim(s.substr(0, split)), value)) return false;
  // Divide rather than multiply by 1/24 etc., so "36h" is exactly 1.5 days.
  if (unit.empty() || unit == "d")
    days = value;
  else if (unit == "s")
    days = value / 86400.0;
  else if (unit == "m")
    days = value / 1440.0;
  else if (unit == "h")
    days = value / 24.0;
  else if (unit == "w")
    days = value * 7.0;
  else if (unit == "y")
    days = value * 365.0;
  else
    return false;
  return std::isfinite(days);
}

Scenario parse_scenario(const std::string& text, const std::string& file,
                        const std::vector<std::string>& overrides, const ModelCatalog& models) {
  Reader reader(file, models);
  YAML::Node root = reader.parse(text);
  if (!overrides.empty() && root.IsNull()) root.reset(YAML::Node(YAML::NodeType::Map));
  if (root.IsMap())
    for (const std::string& o : overrides) reader.apply_override(root, o);
  Scenario sc = reader.read(root);
  if (sc.points.empty()) {
    ScenarioPoint point;
    point.has_network = sc.has_network;
    point.network = sc.network;
    point.model = sc.model;
    point.seeding = sc.seeding;
    point.brands = sc.brands;
    sc.points.push_back(std::move(point));
  }
  return sc;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const ModelCatalog& models) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw ScenarioError({path, 0, 0}, "", "is a folder, not a scenario file",
                        "give the path of a .yaml file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ScenarioError(
        {path, 0, 0}, "",
        fs::exists(path, ec) ? "cannot read the scenario file" : "the scenario file does not exist",
        "check the path and the file's permissions");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw ScenarioError({path, 0, 0}, "", "reading the scenario file failed", "check the file");
  return parse_scenario(text.str(), path, overrides, models);
}

}  // namespace hearsay

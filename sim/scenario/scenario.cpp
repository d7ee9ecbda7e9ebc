// Scenario files: YAML parsing, --set overrides, validation against schemas, the resolved form.
#include "sim/scenario/scenario.hpp"

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

#include "sim/files/input_file.hpp"
#include "sim/network/generators.hpp"

namespace hearsay {
namespace {

namespace fs = std::filesystem;

constexpr const char* duration_forms =
    "a number of days, or a number with a unit: s, min, h, d, w, mo (month, 365/12 d) or y "
    "(365 d), e.g. 90min, 36h, 1.5d, 1w, 6mo";

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

/// Nodes that a `--set`, a sweep value or an arm brought into the tree, so errors in them say
/// where the value came from.
struct OverrideOrigin {
  std::string context;   ///< "in --set model.beta=2", "in sweep value model.beta = -1"
  bool from_set = true;  ///< a command-line value: no line in the file
  YAML::Mark fallback;   ///< sweep and arm values: the key's place, for nodes the value created
  std::vector<YAML::Node> nodes;
};

// An override value's nodes are collected (to name the override in errors) with limits: YAML
// aliases can make a value refer to itself (`&a [*a]`) or multiply (an "alias bomb").
constexpr std::size_t max_value_nodes = 100000;
constexpr int max_value_depth = 64;

/// False when the value is deeper or larger than the limits above.
bool collect_nodes(const YAML::Node& node, std::vector<YAML::Node>& out, int depth = 0) {
  if (depth > max_value_depth || out.size() > max_value_nodes) return false;
  out.push_back(node);
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      out.push_back(it->first);
      if (!collect_nodes(it->second, out, depth + 1)) return false;
    }
  } else if (node.IsSequence()) {
    for (auto it = node.begin(); it != node.end(); ++it)
      if (!collect_nodes(*it, out, depth + 1)) return false;
  }
  return true;
}

/// "a NUL byte", "a control character (0x1b)": the first control character of a name, or empty.
std::string control_character(const std::string& name) {
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0) return "a NUL byte";
    if (u < 0x20 || u == 0x7f) {
      static const char digits[] = "0123456789abcdef";
      return std::string("a control character (0x") + digits[u >> 4] + digits[u & 15] + ")";
    }
  }
  return {};
}

/// A name for a message, its control characters escaped ("a\x00b"), so the message shows it whole.
std::string escaped_name(const std::string& name) {
  static const char digits[] = "0123456789abcdef";
  std::string text;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      text += "\\x";
      text += digits[u >> 4];
      text += digits[u & 15];
    } else {
      text += c;
    }
  }
  return text;
}

std::string quoted_name(const std::string& name) {
  return "'" + escaped_name(name) + "'";
}

const std::vector<std::string> top_level_keys = {"name",   "description", "seed",  "replications",
                                                 "time",   "network",     "model", "seeding",
                                                 "brands", "output",      "sweep", "arms"};
// Keys the design reserves for later versions: refused with a clearer word than "unknown".
const std::vector<std::string> reserved_keys = {"population", "campaigns"};
// Brand names are addressed as `brands.NAME.key` by --set and sweeps, so they are short labels.
constexpr std::size_t max_brand_name = 64;
// Arm names label results (and may become file or group names), so the same rules apply.
constexpr std::size_t max_arm_name = 64;
// Plans larger than this are almost always a mistake (a forgotten zip), and each point is
// validated and held in memory.
constexpr std::uint64_t max_points = 1000000;
constexpr std::uint64_t max_runs = 4294967295ULL;  // runs are counted in 32 bits

/// One step of a dotted key path: a mapping key, or an entry of a list.
struct Step {
  std::string key;  ///< the mapping key; empty for a list entry
  std::size_t index = 0;
  bool is_index = false;
};

/// "brands[0].style": a key path with brand names replaced by positions, for comparisons.
std::string step_text(const std::vector<Step>& steps) {
  std::string text;
  for (const Step& step : steps) {
    if (step.is_index)
      text += "[" + std::to_string(step.index) + "]";
    else
      text += (text.empty() ? "" : ".") + step.key;
  }
  return text;
}

/// True when `a` is `b` or one of its ancestors.
bool is_prefix(const std::vector<Step>& a, const std::vector<Step>& b) {
  if (a.size() > b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].is_index != b[i].is_index || a[i].key != b[i].key || a[i].index != b[i].index)
      return false;
  return true;
}

/// A new handle on the data `node` holds now, which later assignments to `node` leave alone
/// (in yaml-cpp, `a = b` makes the node `a` share b's data; `a`'s old data is otherwise lost).
YAML::Node keep_contents(const YAML::Node& node) {
  YAML::Node kept(YAML::NodeType::Null);
  YAML::Node alias = kept;
  alias = node;
  return kept;
}

/// Text yaml-cpp would write plain but not read back the same (a control character such as a
/// final carriage return, or spaces at either end) is written double-quoted.
bool needs_quotes(const std::string& text) {
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) return true;
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

/// Text that reads back as written.
struct Text {
  const std::string& value;
};

YAML::Emitter& operator<<(YAML::Emitter& out, Text text) {
  if (needs_quotes(text.value)) out << YAML::DoubleQuoted;
  return out << text.value;
}

/// A value as YAML flow text; quoted scalars stay quoted when they would otherwise read as
/// something else (null, true).
void emit_value(YAML::Emitter& out, const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      if (needs_quotes(node.Scalar()))
        out << Text{node.Scalar()};
      else if (node.Tag() == "!")
        out << node.Scalar();  // the emitter quotes it if needed
      else
        out << node;
      break;
    case YAML::NodeType::Sequence:
      out << YAML::Flow << YAML::BeginSeq;
      for (auto it = node.begin(); it != node.end(); ++it) emit_value(out, *it);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Map:
      out << YAML::Flow << YAML::BeginMap;
      for (auto it = node.begin(); it != node.end(); ++it) {
        out << YAML::Key;
        emit_value(out, it->first);
        out << YAML::Value;
        emit_value(out, it->second);
      }
      out << YAML::EndMap;
      break;
    default:
      out << YAML::Null;
      break;
  }
}

/// A value that a sweep or an arm gives a key.
struct PlannedValue {
  YAML::Node node;      ///< the value in the file: what the point's tree receives
  YAML::Node emitted;   ///< the value for the resolved scenario (relative paths made absolute)
  YAML::Node key_node;  ///< where its key is written
  SweptValue shown;
  std::string context;  ///< "in sweep value model.beta = -1": the start of messages about it
};

/// A key that the plan varies, and how to give it back the scenario's own value.
struct PlannedKey {
  std::vector<Step> steps;
  std::string canonical;  ///< step_text(steps)
  std::string text;       ///< as first written
  std::string where;      ///< "in 'sweep'", "in arm 'soft'": for messages about clashes
  YAML::Node key_node;
  bool swept = false;
  // The scenario without sweep and arms (the base):
  bool present = false;         ///< the base has a value at this path: `kept`
  std::size_t absent_from = 0;  ///< else the first step the base lacks or holds empty
  bool empty_section = false;   ///< the base holds an empty section there: `kept`
  YAML::Node kept;
};

/// One factor of the sweep's cartesian product: a key, or a zip group of keys varying together.
struct Factor {
  std::vector<std::size_t> keys;                  ///< into Plan::keys
  std::vector<std::string> texts;                 ///< the keys as written
  std::vector<std::vector<PlannedValue>> values;  ///< [key in factor][value]
  std::size_t size = 0;
  bool zip = false;
};

struct Arm {
  std::string name;
  std::vector<std::pair<std::size_t, PlannedValue>> sets;  ///< key (into Plan::keys), value
  std::vector<std::string> texts;                          ///< the keys as written
};

/// `sweep:` and `arms:` as read: what varies, and which values each point takes.
struct Plan {
  std::vector<PlannedKey> keys;
  std::vector<Factor> factors;  ///< in file order; zip groups at the place of `zip`
  bool zip_list = false;        ///< `zip:` was written as a list of groups
  std::vector<Arm> arms;
  bool has_sweep = false, has_arms = false;
  YAML::Node sweep_key, arms_key;  ///< the `sweep` and `arms` keys in the file
  std::uint64_t sweep_size = 1;

  bool empty() const { return !has_sweep && !has_arms; }
  bool touches(const std::vector<Step>& steps) const {
    for (const PlannedKey& k : keys)
      if (is_prefix(steps, k.steps)) return true;
    return false;
  }
};

/// Where a dotted key is written, for messages about its path.
struct KeySource {
  const std::string* set_text = nullptr;  ///< `--set TEXT`
  YAML::Node key_node;                    ///< else: the key in `sweep:` or `arms:`
  std::string path;                       ///< and its key path there, e.g. sweep.model.beta
};

class Reader {
 public:
  Reader(std::string file, const ModelRegistry& models, const GeneratorRegistry& generators)
      : file_(std::move(file)),
        folder_(fs::path(file_).parent_path()),
        models_(models),
        generators_(generators) {}

  YAML::Node parse(const std::string& text) const {
    try {
      return YAML::Load(text);
    } catch (const YAML::Exception& e) {
      throw ScenarioError(location(e.mark), "", "invalid YAML: " + e.msg,
                          "check this line and the ones above it: indentation, the ': ' after each "
                          "key, closing ] and }; quote text that contains ': ' or ' #'");
    }
  }

  /// `--set KEY=VALUE`: VALUE parsed as YAML replaces (or adds) the value at the dotted KEY.
  void apply_override(YAML::Node& root, const std::string& text);
  /// The scenario with its plan: `sweep` and `arms` are read and taken out of `root`, the rest is
  /// the base scenario, and every point is the base with its arm's and sweep values applied.
  /// `overrides` are the `--set` texts already applied to `root`.
  Scenario read_all(YAML::Node& root, const std::vector<std::string>& overrides);

 private:
  /// Reads a scenario tree without `sweep` or `arms`. `resolve`: also write the resolved form,
  /// which then describes `plan` too.
  Scenario read(const YAML::Node& root, bool resolve = true, const Plan* plan = nullptr);

  [[noreturn]] void fail(const YAML::Node& at, const std::string& key, std::string problem,
                         const std::string& fix) const {
    problem += point_words();
    // The latest override that brought the node in tells where it came from.
    for (auto origin = origins_.rbegin(); origin != origins_.rend(); ++origin) {
      if (!claims(*origin, at)) continue;
      if (origin->from_set)
        throw ScenarioError({file_, 0, 0}, key, origin->context + ": " + problem, fix);
      problem = origin->context + ": " + problem;
      // A plan given with --set: its nodes have marks, but in the --set text.
      for (auto set = std::next(origin); set != origins_.rend(); ++set)
        if (set->from_set && claims(*set, at))
          throw ScenarioError({file_, 0, 0}, key, set->context + ": " + problem, fix);
      throw ScenarioError(location(at.Mark().is_null() ? origin->fallback : at.Mark()), key,
                          problem, fix);
    }
    throw ScenarioError(location(at.Mark()), key, problem, fix);
  }

  /// Whether a --set brought the node in (its marks are then in the --set text, not the file).
  bool given_by_set(const YAML::Node& at) const {
    for (const OverrideOrigin& origin : origins_)
      if (origin.from_set && claims(origin, at)) return true;
    return false;
  }

  static bool claims(const OverrideOrigin& origin, const YAML::Node& at) {
    for (const YAML::Node& node : origin.nodes)
      if (node.is(at)) return true;
    return false;
  }

  /// " (at point 5: arm 'soft', model.beta = 0.3)" while points are read, else empty.
  std::string point_words() const;

  /// The steps of a dotted key (`model.beta`, `brands.NAME.style`, `brands[0].campaign[1].end`)
  /// in `root`, which it does not change. A missing section is fine (assign creates it).
  std::vector<Step> resolve_key(const YAML::Node& root, const std::string& key,
                                const KeySource& source) const;
  /// Puts `value` at `steps` (as resolve_key gave them), creating missing sections. The nodes it
  /// brings in are added to `origin` when given.
  void assign(YAML::Node& root, const std::vector<Step>& steps, const YAML::Node& value,
              OverrideOrigin* origin) const;
  /// Adds the nodes of an override value to `origin`, refusing self-referencing or huge values.
  void collect_value(const YAML::Node& value, OverrideOrigin& origin) const;

  Plan read_plan(const YAML::Node& root, const std::vector<std::string>& overrides) const;
  /// Reads the values of one swept key (a non-empty list).
  std::vector<PlannedValue> read_sweep_values(const Entry& entry, const std::string& path,
                                              const PlannedKey& key) const;
  /// Checks a key of `sweep`, a zip group or an arm and adds it to the plan (or finds the same
  /// key of another arm); returns its index in plan.keys.
  std::size_t add_key(Plan& plan, const YAML::Node& root, const Entry& entry,
                      const std::string& path, const std::string& where, int arm,
                      const std::vector<std::pair<std::string, std::vector<Step>>>& set_keys) const;
  PlannedValue planned_value(const YAML::Node& node, const YAML::Node& key_node,
                             const PlannedKey& key, const std::string& context) const;
  /// Records what the base holds at each planned key, so a point can give it back.
  void locate_in_base(const YAML::Node& root, PlannedKey& key) const;
  void restore(YAML::Node& root, const PlannedKey& key) const;
  void emit_plan(YAML::Emitter& out, const Plan& plan) const;

  /// Where read_params found each parameter (first reading wins: the base scenario's).
  mutable std::map<std::string, SourceLocation> locations_;

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
  /// `given`: for each brand, the keys its entry wrote.
  std::vector<BrandSpec> read_brands(const Section& top, const Entry* entry, const ModelInfo& model,
                                     std::vector<std::vector<std::string>>& given) const;
  std::vector<PhaseSpec> read_campaign(const Entry& entry, const std::string& path,
                                       const ModelInfo& model) const;

  std::string file_;
  fs::path folder_;
  const ModelRegistry& models_;
  const GeneratorRegistry& generators_;
  std::vector<OverrideOrigin> origins_;
  /// Keys the plan varies (step_text form), for hints when the base lacks one.
  std::set<std::string> planned_;
  /// The point being read, for messages: its plan, arm, sweep combination and factor digits.
  const Plan* plan_ = nullptr;
  std::size_t point_arm_ = 0, point_sweep_ = 0;
  std::vector<std::size_t> digits_;
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
  std::string hint;
  if (planned_.count(s.key_path(name)) != 0)
    hint = "; '" + s.key_path(name) +
           "' varies in 'sweep' or 'arms', but the scenario must be complete without them: "
           "give it a value here too (each point replaces it)";
  fail(s.where, s.key_path(name),
       "missing required key '" + name + "'" + (s.path.empty() ? "" : " in '" + s.path + "'"),
       fix + hint);
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
    if (!parse_duration(node.Scalar(), x)) {
      // "6m" reads as six minutes to some and six months to others: neither is guessed.
      const std::string_view text = trim(node.Scalar());
      if (text.size() > 1 && text.back() == 'm' &&
          !std::isalpha(static_cast<unsigned char>(text[text.size() - 2]))) {
        const std::string number(trim(text.substr(0, text.size() - 1)));
        fail(node, path,
             "'" + node.Scalar() + "' is ambiguous: the unit m could mean minutes or months",
             "write " + number + "min for minutes or " + number + "mo for months (365/12 d)");
      }
      fail(node, path, describe_node(node) + " is not a duration",
           std::string("write ") + duration_forms);
    }
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
    if (!e->value.Mark().is_null() && !given_by_set(e->value))
      locations_.emplace(s.key_path(spec.name), location(e->value.Mark()));
    if (spec.kind == ParamKind::text && is_path_param(spec.name)) {
      std::string resolved = resolve_path(std::get<std::string>(value));
      // Input files are checked now, so a typo fails before hours of network building.
      // A device or FIFO would never end: refused here, before anything opens it.
      const std::uint64_t limit =
          spec.name == "degree_file" ? max_degree_file_bytes : max_edge_list_bytes;
      const std::string problem =
          resolved.empty() ? std::string("does not exist") : input_file_problem(resolved, limit);
      if (!problem.empty())
        fail(e->value, s.key_path(spec.name),
             "file '" + e->value.Scalar() + "' " + problem +
                 (resolved != e->value.Scalar() ? " (looked for " + resolved + ")" : ""),
             problem == "does not exist"
                 ? "check the path; relative paths are resolved against the scenario's folder"
                 : "give the path of a regular file of at most " + byte_size_text(limit));
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
  const std::vector<Step> steps = resolve_key(root, key, KeySource{&text, {}, {}});
  OverrideOrigin origin{"in --set " + text, true, YAML::Mark::null_mark(), {}};
  assign(root, steps, value, &origin);
  origins_.push_back(std::move(origin));
}

std::vector<Step> Reader::resolve_key(const YAML::Node& root, const std::string& key,
                                      const KeySource& source) const {
  const bool from_set = source.set_text != nullptr;
  auto path_error = [&](const std::string& problem, const std::string& fix) {
    if (from_set)
      throw ScenarioError({file_, 0, 0}, key, "in --set " + *source.set_text + ": " + problem, fix);
    fail(source.key_node, source.path, problem, fix);
  };
  // How a fix shows setting KEY to VALUE, on the command line or in the file.
  auto setting = [&](const std::string& k, const std::string& v) {
    return from_set ? "--set '" + k + "=" + v + "'" : "'" + k + ": " + v + "'";
  };
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (const std::string& part : parts)
    if (trim(part).size() != part.size() || part.empty())
      path_error("'" + key + "' is not a valid key path",
                 from_set ? "write --set KEY=VALUE with a dotted key, e.g. --set model.beta=0.2 "
                            "or --set time.end=30d"
                          : "write a dotted key, e.g. model.beta or brands.NAME.style");

  std::vector<Step> steps;
  // `cur` is the node at the steps so far; once a section is missing, nothing below exists yet.
  YAML::Node cur;
  cur.reset(root);
  bool exists = true;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    const YAML::Node existing = exists ? std::as_const(cur)[part] : YAML::Node();
    const bool existed = exists && existing.IsDefined();
    // `list[i]`: entry i of a list, the form error messages use (brands[0].campaign[1].end).
    if (const std::size_t open = part.find('[');
        open != std::string::npos && open > 0 && part.back() == ']') {
      const std::string name = part.substr(0, open);
      const std::string digits = part.substr(open + 1, part.size() - open - 2);
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        path_error("'" + part + "' is not a valid list entry",
                   "write NAME[i] with a whole number i >= 0, e.g. brands[0].style");
      const YAML::Node list = exists ? std::as_const(cur)[name] : YAML::Node();
      const std::string where = walked + name;
      if (!exists || !list.IsDefined() || !list.IsSequence() || index >= list.size())
        path_error("'" + where + "' " +
                       (!exists || !list.IsDefined() ? std::string("does not exist")
                        : !list.IsSequence() ? "is not a list (it is " + describe_node(list) + ")"
                                             : "has " + std::to_string(list.size()) +
                                                   (list.size() == 1 ? " entry" : " entries") +
                                                   ", so no [" + std::to_string(index) + "]"),
                   "give an index from 0 to the list's length - 1, or set the whole list: " +
                       setting(where, "[...]"));
      const YAML::Node entry = list[index];
      if (!last && !entry.IsMap())
        path_error("'" + walked + part + "' is not a section (it is " + describe_node(entry) +
                       "), so it has no key '" + parts[i + 1] + "'",
                   "set '" + walked + part + "' itself, or check the key path");
      steps.push_back({name, 0, false});
      steps.push_back({{}, index, true});
      cur.reset(entry);
      walked += part + ".";
      continue;
    }
    // `brands.NAME.key`: the brand list is a sequence, and a brand's name picks its entry, so
    // overrides (and sweeps, which are overrides) address a brand by name, never by position.
    if (walked.empty() && part == "brands" && !last && (!existed || existing.IsSequence())) {
      const std::string& brand = parts[i + 1];
      std::vector<std::string> names;
      std::size_t match = 0;
      bool found = false;
      if (existed)
        for (std::size_t j = 0; j < existing.size(); ++j) {
          const YAML::Node item = existing[j];  // const: a lookup must not add a key
          const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
          if (!name.IsDefined() || !name.IsScalar()) continue;
          names.push_back(name.Scalar());
          if (name.Scalar() == brand && !found) {
            match = j;
            found = true;
          }
        }
      if (!found && !existed)
        path_error("the scenario has no 'brands' list, so no brand '" + brand + "'",
                   "list the brand under 'brands:' in the file, or set the whole list: " +
                       setting("brands", "[{name: " + brand + ", ...}]"));
      if (!found)
        path_error("there is no brand named '" + brand + "'",
                   names.empty() ? "the 'brands' list is empty: add the brand to it first"
                                 : suggestion(brand, names) + "brands: " + join(names));
      if (i + 2 == parts.size())
        path_error("'brands." + brand + "' is a whole brand; " +
                       (from_set ? "an override sets" : "a sweep or an arm varies") +
                       " one of its keys",
                   from_set ? "write e.g. --set brands." + brand + ".style=..."
                            : "write e.g. 'brands." + brand + ".style: ...'");
      steps.push_back({"brands", 0, false});
      steps.push_back({{}, match, true});
      cur.reset(existing[match]);
      walked += part + "." + brand + ".";
      ++i;
      continue;
    }
    steps.push_back({part, 0, false});
    if (last) break;
    if (existed && !existing.IsNull() && !existing.IsMap())
      path_error("'" + walked + part + "' is not a section (it is " + describe_node(existing) +
                     "), so it has no key '" + parts[i + 1] + "'",
                 "set '" + walked + part + "' itself, or check the key path");
    if (existed && existing.IsMap())
      cur.reset(existing);
    else
      exists = false;
    walked += part + ".";
  }
  return steps;
}

void Reader::collect_value(const YAML::Node& value, OverrideOrigin& origin) const {
  if (collect_nodes(value, origin.nodes)) return;
  const std::string problem = origin.context + ": the value is nested more than " +
                              std::to_string(max_value_depth) + " levels deep or has more than " +
                              std::to_string(max_value_nodes) +
                              " parts (a YAML alias that refers to itself, or aliases of aliases)";
  const std::string fix = "write the value out in full, without & anchors and * aliases";
  if (origin.from_set) throw ScenarioError({file_, 0, 0}, "", problem, fix);
  throw ScenarioError(location(origin.fallback), "", problem, fix);
}

void Reader::assign(YAML::Node& root, const std::vector<Step>& steps, const YAML::Node& value,
                    OverrideOrigin* origin) const {
  // Node assignment in yaml-cpp rebinds shared data, so walk with reset() and never `cur = child`.
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const bool last = i + 1 == steps.size();
    if (step.is_index) {  // resolve_key checked that the entry exists
      const YAML::Node entry = std::as_const(cur)[step.index];
      if (last) {
        YAML::Node slot = entry;
        slot = value;
        if (origin != nullptr) collect_value(value, *origin);
      } else {
        cur.reset(entry);
      }
      continue;
    }
    const YAML::Node existing = std::as_const(cur)[step.key];
    const bool existed = existing.IsDefined();
    if (last) {
      cur[step.key] = value;
      if (origin != nullptr) collect_value(value, *origin);
    } else if (steps[i + 1].is_index) {
      // A list resolve_key found: never created here.
    } else if (!existed || existing.IsNull()) {
      YAML::Node fresh(YAML::NodeType::Map);
      cur[step.key] = fresh;
      if (origin != nullptr) origin->nodes.push_back(fresh);
    }
    if (!existed && origin != nullptr)
      for (auto it = cur.begin(); it != cur.end(); ++it)
        if (it->first.Scalar() == step.key) origin->nodes.push_back(it->first);
    if (!last) {
      const YAML::Node child = std::as_const(cur)[step.key];
      cur.reset(child);
    }
  }
}

std::string count_of(std::size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

std::string Reader::point_words() const {
  if (plan_ == nullptr) return {};
  std::string words =
      " (at point " + std::to_string(point_arm_ * plan_->sweep_size + point_sweep_) + ":";
  const char* separator = " ";
  if (!plan_->arms.empty()) {
    words += separator + ("arm '" + plan_->arms[point_arm_].name + "'");
    separator = ", ";
  }
  for (std::size_t f = 0; f < plan_->factors.size(); ++f) {
    const Factor& factor = plan_->factors[f];
    for (std::size_t j = 0; j < factor.keys.size(); ++j) {
      words += separator + factor.texts[j] + " = " + factor.values[j][digits_[f]].shown.text;
      separator = ", ";
    }
  }
  return words + ")";
}

PlannedValue Reader::planned_value(const YAML::Node& node, const YAML::Node& key_node,
                                   const PlannedKey& key, const std::string& context) const {
  // Aliases can make a value refer to itself or multiply: refuse before writing it out as text.
  if (std::vector<YAML::Node> parts; !collect_nodes(node, parts))
    fail(node, key.text,
         context + "...: the value is nested more than " + std::to_string(max_value_depth) +
             " levels deep or has more than " + std::to_string(max_value_nodes) +
             " parts (a YAML alias that refers to itself, or aliases of aliases)",
         "write the value out in full, without & anchors and * aliases");
  PlannedValue value;
  value.node = node;
  value.emitted = node;
  value.key_node = key_node;
  // A relative file name is resolved against this scenario's folder: the resolved scenario,
  // stored elsewhere, names the same file.
  const Step& last = key.steps.back();
  if (!last.is_index && is_path_param(last.key) && node.IsScalar() && !node.Scalar().empty())
    value.emitted = YAML::Node(resolve_path(node.Scalar()));
  YAML::Emitter out;
  emit_value(out, value.emitted);
  value.shown.text = out.c_str();
  double x = 0;
  if (node.IsScalar() && parse_number(node.Scalar(), x)) value.shown.number = x;
  value.context = context + value.shown.text;
  return value;
}

std::size_t Reader::add_key(
    Plan& plan, const YAML::Node& root, const Entry& entry, const std::string& path,
    const std::string& where, int arm,
    const std::vector<std::pair<std::string, std::vector<Step>>>& set_keys) const {
  const std::string& text = entry.name;
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    parts.push_back(text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  // What every point shares is refused by name, before the key is looked up.
  const std::string head = parts[0].substr(0, parts[0].find('['));
  const std::string remove_it = "remove '" + text + "' from " + (arm >= 0 ? "the arm" : "'sweep'");
  auto refuse = [&](const std::string& why, const std::string& fix) {
    fail(entry.key, path, "'" + text + "' cannot vary between points: " + why, fix);
  };
  if (head == "name" || head == "description")
    refuse("the scenario has one name and one description", remove_it);
  if (head == "seed")
    refuse(
        "every point uses the master seed (each run's seed derives from it, the point and "
        "the replication)",
        remove_it + "; more replications give more independent runs");
  if (head == "replications")
    refuse("every point runs the same number of replications",
           remove_it + "; set 'replications' at the top level");
  if (head == "time")
    refuse("all points share one time grid (the results have one time axis)",
           remove_it + "; compare horizons in separate scenario files");
  if (head == "output")
    refuse("all points are written to one results file, with the same outputs", remove_it);
  if (head == "sweep" || head == "arms")
    refuse("a sweep or an arm cannot change the plan itself", remove_it);
  if (head == "model" && parts.size() >= 2 && parts[1] == "name")
    refuse("every point runs the same model",
           remove_it +
               "; vary the model's parameters (model.KEY), or compare models in "
               "separate scenario files");
  const bool by_name = parts[0] == "brands";  // brands.NAME... rather than brands[i]...
  const std::size_t rest = parts.size() - (by_name ? 1 : 0);
  if (head == "brands" && (rest <= 1 || (rest == 2 && parts.back() == "name")))
    refuse(
        "brand names and their number must be the same at every point (the results have "
        "one brand axis)",
        remove_it + "; vary a brand's keys instead, e.g. brands.NAME.style");

  PlannedKey key;
  key.steps = resolve_key(root, text, KeySource{nullptr, entry.key, path});
  key.canonical = step_text(key.steps);
  key.text = text;
  key.where = where;
  key.key_node = entry.key;
  key.swept = arm < 0;
  auto at_line = [](const YAML::Node& node) {
    return node.Mark().line >= 0 ? " (line " + std::to_string(node.Mark().line + 1) + ")"
                                 : std::string();
  };
  for (std::size_t i = 0; i < plan.keys.size(); ++i) {
    const PlannedKey& other = plan.keys[i];
    const std::string other_words =
        other.where + at_line(other.key_node) +
        (other.text != text ? " as '" + other.text + "'" : std::string());
    if (other.canonical == key.canonical) {
      if (arm >= 0 && !other.swept) return i;  // the same key in another arm: what arms are for
      fail(entry.key, path, "'" + text + "' is varied twice: " + where + " and " + other_words,
           "vary each key in one place: either sweep it or set it in the arms");
    }
    if (is_prefix(other.steps, key.steps) || is_prefix(key.steps, other.steps))
      fail(entry.key, path,
           "'" + text + "' overlaps '" + other.text + "' " + other.where + at_line(other.key_node) +
               ": one contains the other",
           "vary either a whole section or keys inside it, the same way everywhere in 'sweep' "
           "and 'arms'");
  }
  for (const auto& [set_text, steps] : set_keys)
    if (is_prefix(steps, key.steps) || is_prefix(key.steps, steps))
      fail(entry.key, path,
           "'" + text + "' is varied " + where + ", and --set " + set_text + " sets " +
               (steps.size() == key.steps.size() ? "it" : "an overlapping key") +
               " for every point",
           "remove one of them: the --set, or '" + text + "' " + where);
  plan.keys.push_back(std::move(key));
  return plan.keys.size() - 1;
}

std::vector<PlannedValue> Reader::read_sweep_values(const Entry& entry, const std::string& path,
                                                    const PlannedKey& key) const {
  const YAML::Node& list = entry.value;
  const std::string fix =
      "write its values as a list, e.g. '" + entry.name + ": [" +
      (list.IsScalar() ? list.Scalar() + ", ...]'" : std::string("..., ...]'")) +
      "; to give it one value at every point, set it in the scenario instead";
  if (list.IsNull())
    fail(entry.key, path, "a swept key needs a list of values, found nothing", fix);
  if (!list.IsSequence())
    fail(list, path, "a swept key needs a list of values, found " + describe_node(list), fix);
  if (list.size() == 0)
    fail(list, path, "the list of values is empty",
         "give at least one value, or remove '" + entry.name + "' from the sweep");
  std::vector<PlannedValue> values;
  for (auto it = list.begin(); it != list.end(); ++it)
    values.push_back(planned_value(*it, entry.key, key, "in sweep value " + entry.name + " = "));
  return values;
}

Plan Reader::read_plan(const YAML::Node& root, const std::vector<std::string>& overrides) const {
  Plan plan;
  const Section top = section(root, root, "", "'key: value' lines, e.g. 'seed: 42'");
  const Entry* sweep = top.find("sweep");
  const Entry* arms = top.find("arms");
  if (sweep == nullptr && arms == nullptr) return plan;

  // The keys --set gave, to refuse a key that the plan also varies.
  std::vector<std::pair<std::string, std::vector<Step>>> set_keys;
  for (const std::string& text : overrides) {
    try {
      set_keys.emplace_back(text,
                            resolve_key(root, text.substr(0, text.find('=')), {&text, {}, {}}));
    } catch (const ScenarioError&) {
      // A later --set renamed its brand: it no longer names a key a plan could vary.
    }
  }

  if (sweep != nullptr) {
    plan.has_sweep = true;
    plan.sweep_key = sweep->key;
    const std::string example =
        "'sweep: {model.beta: [0.1, 0.2], brands.NAME.pitches_per_day: [1, 4]}'";
    const YAML::Node& node = sweep->value;
    if (node.IsNull() || (node.IsMap() && node.size() == 0))
      fail(node.IsNull() ? sweep->key : node, "sweep", "'sweep' is empty: it varies nothing",
           "remove 'sweep', or list keys with their values, e.g. " + example);
    if (!node.IsMap())
      fail(node, "sweep",
           "'sweep' must be a mapping of dotted keys to lists of values, found " +
               describe_node(node),
           "write it as " + example);
    const Section s = section(sweep->key, node, "sweep", example);
    for (const Entry& e : s.entries) {
      if (e.name != "zip") {
        Factor factor;
        const std::string path = "sweep." + e.name;
        const std::size_t k = add_key(plan, root, e, path, "in 'sweep'", -1, set_keys);
        factor.keys.push_back(k);
        factor.texts.push_back(e.name);
        factor.values.push_back(read_sweep_values(e, path, plan.keys[k]));
        factor.size = factor.values.back().size();
        plan.factors.push_back(std::move(factor));
        continue;
      }
      // `zip`: keys that vary together, one mapping or a list of them (one factor each).
      const std::string zip_example = "'zip: {model.alpha: [1, 2, 3], model.gamma: [4, 5, 6]}'";
      const YAML::Node& zip = e.value;
      if (zip.IsNull() || ((zip.IsMap() || zip.IsSequence()) && zip.size() == 0))
        fail(zip.IsNull() ? e.key : zip, "sweep.zip", "'zip' is empty: it varies nothing",
             "remove 'zip', or write it as " + zip_example);
      if (!zip.IsMap() && !zip.IsSequence())
        fail(zip, "sweep.zip",
             "'zip' must be a mapping of keys to lists of equal length, or a list of such "
             "mappings, found " +
                 describe_node(zip),
             "write it as " + zip_example);
      plan.zip_list = zip.IsSequence();
      std::vector<YAML::Node> groups;
      if (zip.IsMap())
        groups.push_back(zip);
      else
        for (auto it = zip.begin(); it != zip.end(); ++it) groups.push_back(*it);
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const YAML::Node& group = groups[g];
        const std::string path =
            plan.zip_list ? "sweep.zip[" + std::to_string(g) + "]" : std::string("sweep.zip");
        if (!group.IsMap() || group.size() == 0)
          fail(group, path,
               group.IsMap() || group.IsNull()
                   ? std::string("this zip group is empty")
                   : "a zip group must be a mapping of keys to lists of equal length, found " +
                         describe_node(group),
               "write each group as " + zip_example);
        const Section z = section(group, group, path, zip_example);
        Factor factor;
        factor.zip = true;
        for (const Entry& ze : z.entries) {
          const std::string key_path = path + "." + ze.name;
          if (ze.name == "zip")
            fail(ze.key, key_path, "zip groups do not nest",
                 "list the inner group's keys in this group: keys of one group all vary "
                 "together");
          const std::size_t k =
              add_key(plan, root, ze, key_path, "in '" + path + "'", -1, set_keys);
          std::vector<PlannedValue> values = read_sweep_values(ze, key_path, plan.keys[k]);
          if (!factor.keys.empty() && values.size() != factor.size)
            fail(ze.value, key_path,
                 "the lists of a zip group must have the same length: '" + factor.texts[0] +
                     "' has " + count_of(factor.size, "value") + ", '" + ze.name + "' has " +
                     count_of(values.size(), "value"),
                 "give every key of the group the same number of values (the i-th values go "
                 "together), or move '" +
                     ze.name + "' out of 'zip' to combine it with every value");
          factor.size = values.size();
          factor.keys.push_back(k);
          factor.texts.push_back(ze.name);
          factor.values.push_back(std::move(values));
        }
        plan.factors.push_back(std::move(factor));
      }
    }
  }

  if (arms != nullptr) {
    plan.has_arms = true;
    plan.arms_key = arms->key;
    const std::string example =
        "'arms: {soft: {brands.PitchCo.style: soft_sell}, hard: {brands.PitchCo.style: "
        "hard_sell}}'";
    const YAML::Node& node = arms->value;
    if (node.IsNull() || (node.IsMap() && node.size() == 0))
      fail(node.IsNull() ? arms->key : node, "arms", "'arms' is empty: it names no arm",
           "remove 'arms', or name each arm with the keys it sets, e.g. " + example);
    if (!node.IsMap())
      fail(node, "arms",
           "'arms' must be a mapping of arm names to the keys each arm sets, found " +
               describe_node(node),
           "write it as " + example);
    const Section a = section(arms->key, node, "arms", example);
    for (const Entry& e : a.entries) {
      const std::string path = "arms." + e.name;
      if (e.name.empty())
        fail(e.key, "arms", "an arm's name is empty", "give each arm a short label, e.g. 'soft'");
      if (e.name.size() > max_arm_name)
        fail(e.key, path,
             "the arm name is " + std::to_string(e.name.size()) + " characters long (at most " +
                 std::to_string(max_arm_name) + ")",
             "use a short label; 'description' is the place for prose");
      if (const std::size_t bad = e.name.find_first_of("/."); bad != std::string::npos)
        fail(e.key, path, "arm name '" + e.name + "' contains '" + e.name[bad] + "'",
             "use a name without '/' or '.' (e.g. '_' instead): arm names label results");
      if (const std::string bad = control_character(e.name); !bad.empty())
        fail(e.key, "arms." + escaped_name(e.name),
             "arm name " + quoted_name(e.name) + " contains " + bad,
             "use printable characters: arm names label results, and a NUL would cut one short "
             "in the results file");
      Arm arm;
      arm.name = e.name;
      if (!e.value.IsNull()) {
        const std::string arm_example = "'" + e.name +
                                        ": {brands.PitchCo.style: soft_sell}', or '" + e.name +
                                        ": {}' for the scenario as written";
        if (!e.value.IsMap())
          fail(e.value, path,
               "an arm must be a mapping of dotted keys to values, found " + describe_node(e.value),
               "write it as " + arm_example);
        const Section keys = section(e.key, e.value, path, arm_example);
        for (const Entry& ke : keys.entries) {
          const std::string key_path = path + "." + ke.name;
          const std::size_t k = add_key(plan, root, ke, key_path, "in arm '" + e.name + "'",
                                        static_cast<int>(plan.arms.size()), set_keys);
          for (std::size_t j = 0; j < arm.sets.size(); ++j)
            if (arm.sets[j].first == k)
              fail(ke.key, key_path,
                   "arm '" + e.name + "' sets the same key twice, as '" + arm.texts[j] +
                       "' and as '" + ke.name + "'",
                   "keep one of them");
          arm.sets.emplace_back(k, planned_value(ke.value, ke.key, plan.keys[k],
                                                 "in arm '" + e.name + "': " + ke.name + " = "));
          arm.texts.push_back(ke.name);
        }
      }
      plan.arms.push_back(std::move(arm));
    }
  }

  // The size, before anything is expanded (and without overflow).
  const std::uint64_t arm_count = std::max<std::size_t>(plan.arms.size(), 1);
  std::uint64_t points = arm_count;
  bool over = false;
  std::string sizes = plan.arms.empty() ? "" : count_of(plan.arms.size(), "arm");
  for (const Factor& factor : plan.factors) {
    sizes += (sizes.empty() ? "" : " x ") + count_of(factor.size, "value");
    if (over || points > std::numeric_limits<std::uint64_t>::max() / factor.size)
      over = true;
    else
      points *= factor.size;
  }
  if (over || points > max_points)
    fail(plan.has_sweep ? plan.sweep_key : plan.arms_key, plan.has_sweep ? "sweep" : "arms",
         "the plan has " +
             (over ? "more than " + std::to_string(max_points) : std::to_string(points)) +
             " points (" + sizes + "); at most " + std::to_string(max_points) + " are allowed",
         "sweep fewer values, put keys that vary together in a 'zip' group, or split the plan "
         "over several scenario files");
  plan.sweep_size = points / arm_count;
  return plan;
}

void Reader::locate_in_base(const YAML::Node& root, PlannedKey& key) const {
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < key.steps.size(); ++i) {
    const Step& step = key.steps[i];
    const YAML::Node child =
        step.is_index ? std::as_const(cur)[step.index] : std::as_const(cur)[step.key];
    if (!child.IsDefined()) {
      key.absent_from = i;
      return;
    }
    if (i + 1 == key.steps.size()) {
      key.present = true;
      key.kept = keep_contents(child);
      return;
    }
    if (child.IsNull()) {
      key.absent_from = i;
      key.empty_section = true;
      key.kept = keep_contents(child);
      return;
    }
    cur.reset(child);
  }
}

void Reader::restore(YAML::Node& root, const PlannedKey& key) const {
  if (key.present) {
    assign(root, key.steps, key.kept, nullptr);
    return;
  }
  // The steps before absent_from are the base's own sections: no plan key replaces them.
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < key.absent_from; ++i) {
    const Step& step = key.steps[i];
    const YAML::Node child =
        step.is_index ? std::as_const(cur)[step.index] : std::as_const(cur)[step.key];
    cur.reset(child);
  }
  const std::string& name = key.steps[key.absent_from].key;  // lists are never absent
  if (key.empty_section) {
    YAML::Node slot = cur[name];
    slot = key.kept;
  } else if (std::as_const(cur)[name].IsDefined()) {
    cur.remove(name);
  }
}

void Reader::emit_plan(YAML::Emitter& out, const Plan& plan) const {
  if (!plan.arms.empty()) {
    out << YAML::Key << "arms" << YAML::Value << YAML::BeginMap;
    for (const Arm& arm : plan.arms) {
      out << YAML::Key << Text{arm.name} << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (std::size_t i = 0; i < arm.sets.size(); ++i) {
        out << YAML::Key << Text{arm.texts[i]} << YAML::Value;
        emit_value(out, arm.sets[i].second.emitted);
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  if (plan.factors.empty()) return;
  auto emit_factor = [&out](const Factor& factor) {
    for (std::size_t j = 0; j < factor.keys.size(); ++j) {
      out << YAML::Key << Text{factor.texts[j]} << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const PlannedValue& value : factor.values[j]) emit_value(out, value.emitted);
      out << YAML::EndSeq;
    }
  };
  out << YAML::Key << "sweep" << YAML::Value << YAML::BeginMap;
  for (std::size_t f = 0; f < plan.factors.size(); ++f) {
    if (!plan.factors[f].zip) {
      emit_factor(plan.factors[f]);
      continue;
    }
    // The zip groups are consecutive factors, at the place of the one `zip` key.
    out << YAML::Key << "zip" << YAML::Value;
    if (plan.zip_list) out << YAML::BeginSeq;
    for (; f < plan.factors.size() && plan.factors[f].zip; ++f) {
      out << YAML::BeginMap;
      emit_factor(plan.factors[f]);
      out << YAML::EndMap;
    }
    if (plan.zip_list) out << YAML::EndSeq;
    --f;
  }
  out << YAML::EndMap;
}

Scenario Reader::read_all(YAML::Node& root, const std::vector<std::string>& overrides) {
  Plan plan;
  if (root.IsMap()) plan = read_plan(root, overrides);
  if (plan.empty()) {
    Scenario sc = read(root);
    ScenarioPoint point;
    point.has_network = sc.has_network;
    point.network = sc.network;
    point.model = sc.model;
    point.seeding = sc.seeding;
    point.brands = sc.brands;
    sc.points.push_back(std::move(point));
    sc.locations = locations_;
    return sc;
  }
  root.remove("sweep");
  root.remove("arms");
  for (const PlannedKey& key : plan.keys) planned_.insert(key.canonical);
  Scenario sc = read(root, true, &plan);

  const std::size_t arm_count = std::max<std::size_t>(plan.arms.size(), 1);
  const std::uint64_t points = arm_count * plan.sweep_size;
  if (points * sc.replications > max_runs)  // at most 1e6 x 1e7: no overflow
    fail(plan.has_sweep ? plan.sweep_key : plan.arms_key, plan.has_sweep ? "sweep" : "arms",
         "the plan has " + std::to_string(points) + " points x " + std::to_string(sc.replications) +
             " replications = " + std::to_string(points * sc.replications) + " runs; at most " +
             std::to_string(max_runs) + " are allowed",
         "use fewer replications or fewer points");
  for (const Arm& arm : plan.arms) sc.arms.push_back(arm.name);
  for (const Factor& factor : plan.factors)
    sc.swept_keys.insert(sc.swept_keys.end(), factor.texts.begin(), factor.texts.end());
  sc.sweep_size = static_cast<std::uint32_t>(plan.sweep_size);
  for (PlannedKey& key : plan.keys) locate_in_base(root, key);

  // Where a point differs from the base in what every point shares, point at it.
  auto node_at = [&root](std::initializer_list<const char*> keys) {
    YAML::Node cur;
    cur.reset(root);
    for (const char* key : keys) {
      const YAML::Node child = std::as_const(cur)[key];
      if (!child.IsDefined()) break;
      cur.reset(child);
    }
    return cur;
  };
  auto brand_names = [](const std::vector<BrandSpec>& brands) {
    std::vector<std::string> names;
    for (const BrandSpec& brand : brands) names.push_back(brand.name);
    return names;
  };
  const std::vector<std::string> base_brands = brand_names(sc.brands);

  std::vector<bool> in_arm(plan.keys.size());
  digits_.assign(plan.factors.size(), 0);
  plan_ = &plan;
  sc.points.reserve(points);
  for (std::size_t a = 0; a < arm_count; ++a) {
    const Arm* arm = plan.arms.empty() ? nullptr : &plan.arms[a];
    std::fill(in_arm.begin(), in_arm.end(), false);
    if (arm != nullptr)
      for (const auto& set : arm->sets) in_arm[set.first] = true;
    for (std::uint64_t s = 0; s < plan.sweep_size; ++s) {
      std::uint64_t rest = s;  // mixed radix, the last factor varying fastest
      for (std::size_t f = plan.factors.size(); f-- > 0;) {
        digits_[f] = rest % plan.factors[f].size;
        rest /= plan.factors[f].size;
      }
      point_arm_ = a;
      point_sweep_ = s;
      // Back to the base where the previous point left its mark, then this point's values:
      // the arm's first, the sweep's last.
      for (std::size_t k = 0; k < plan.keys.size(); ++k)
        if (!plan.keys[k].present || (!plan.keys[k].swept && !in_arm[k]))
          restore(root, plan.keys[k]);
      const std::size_t origins = origins_.size();
      auto put = [&](const PlannedKey& key, const PlannedValue& value) {
        OverrideOrigin origin{value.context, false, value.key_node.Mark(), {}};
        assign(root, key.steps, value.node, &origin);
        origins_.push_back(std::move(origin));
      };
      if (arm != nullptr)
        for (const auto& [k, value] : arm->sets) put(plan.keys[k], value);
      for (std::size_t f = 0; f < plan.factors.size(); ++f)
        for (std::size_t j = 0; j < plan.factors[f].keys.size(); ++j)
          put(plan.keys[plan.factors[f].keys[j]], plan.factors[f].values[j][digits_[f]]);

      Scenario p = read(root, false);
      if (p.model.name != sc.model.name)
        fail(node_at({"model", "name"}), "model.name",
             "every point must run the same model: this point runs " + p.model.name +
                 ", the scenario " + sc.model.name,
             "vary the model's parameters (model.KEY), not the model; compare models in "
             "separate scenario files");
      if (const std::vector<std::string> names = brand_names(p.brands); names != base_brands)
        fail(node_at({"brands"}), "brands",
             "every point must have the same brands in the same order: this point has [" +
                 join(names) + "], the scenario [" + join(base_brands) + "]",
             "vary a brand's keys (brands.NAME.KEY), not the list of brands");
      if (p.time.end != sc.time.end || p.time.sample_every != sc.time.sample_every)
        fail(node_at({"time"}), "time", "every point must share the scenario's time grid",
             "do not vary 'time'");
      if (p.output_cascades != sc.output_cascades || p.output_path != sc.output_path ||
          p.has_network != sc.has_network)
        fail(node_at({"output"}), "output", "every point must have the same outputs",
             "do not vary 'output'");
      origins_.erase(origins_.begin() + static_cast<std::ptrdiff_t>(origins), origins_.end());

      ScenarioPoint point;
      point.arm = arm != nullptr ? arm->name : std::string();
      point.arm_index = static_cast<std::uint32_t>(a);
      point.sweep_index = static_cast<std::uint32_t>(s);
      for (std::size_t f = 0; f < plan.factors.size(); ++f)
        for (std::size_t j = 0; j < plan.factors[f].keys.size(); ++j)
          point.values.push_back(plan.factors[f].values[j][digits_[f]].shown);
      point.has_network = p.has_network;
      point.network = std::move(p.network);
      point.model = std::move(p.model);
      point.seeding = std::move(p.seeding);
      point.brands = std::move(p.brands);
      sc.points.push_back(std::move(point));
    }
  }
  plan_ = nullptr;
  sc.locations = locations_;
  return sc;
}

std::vector<BrandSpec> Reader::read_brands(const Section& top, const Entry* entry,
                                           const ModelInfo& model,
                                           std::vector<std::vector<std::string>>& given) const {
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
    given.emplace_back();
    for (const Entry& written : b.entries) given.back().push_back(written.name);
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
    if (const std::string bad = control_character(brand.name); !bad.empty())
      fail(at, key, "brand name " + quoted_name(brand.name) + " contains " + bad,
           "use printable characters: brand names label results, and a NUL would cut one short "
           "in the results file");
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

Scenario Reader::read(const YAML::Node& root, bool resolve, const Plan* plan) {
  Scenario sc;
  sc.file = file_;
  if (root.IsNull())
    throw ScenarioError({file_, 0, 0}, "", "the scenario is empty",
                        "write at least 'seed', 'time: {end: ...}' and 'model: {name: ...}'");
  const Section top = section(root, root, "", "'key: value' lines, e.g. 'seed: 42'");
  check_keys(top, top_level_keys);

  ParamValues v;
  // The keys the file wrote (rather than defaults), for sections a plan may reshape.
  std::vector<std::string> network_given, seeding_given;
  std::vector<std::vector<std::string>> brands_given;
  bool fixed_given = false;
  ParamSpec name_spec = make_spec("name", ParamKind::text, "a short name for the run");
  sc.name = read_key(top, name_spec, v) ? v.text("name")
            : file_ == stdin_name       ? std::string("stdin")
                                        : fs::path(file_).stem().string();
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
      // Every run holds its series in memory: T samples x metrics (x brands) doubles.
      constexpr double max_samples = 1e7;
      const double samples = std::floor(sc.time.end / sc.time.sample_every) + 1;
      if (!(samples <= max_samples)) {
        const YAML::Node& at = t.find("sample_every")->value;
        fail(at, "time.sample_every",
             "end / sample_every asks for " + format_number(samples) +
                 " samples per run (at most 10000000)",
             "use a longer sampling step, e.g. sample_every: " + format_number(sc.time.end / 1000) +
                 " for 1000 samples");
      }
    }
  }

  // model: read first, because it decides whether a network is needed.
  const ModelInfo* model = nullptr;
  {
    const Entry* e = top.find("model");
    if (e == nullptr)
      fail_missing(top, "model", "add 'model: {name: ...}'; models: " + join(models_.names()));
    const Section m = section(e->key, e->value, "model", "'model: {name: ..., <parameters>}'");
    const Entry* name = m.find("name");
    if (name == nullptr)
      fail_missing(m, "name", "add 'name: ...' in 'model'; models: " + join(models_.names()), true);
    if (!name->value.IsScalar())
      fail(name->value, "model.name", "expected a model name, found " + describe_node(name->value),
           "models: " + join(models_.names()));
    sc.model.name = name->value.Scalar();
    const ModelEntry* entry = models_.find(sc.model.name);
    model = entry != nullptr ? &entry->info : nullptr;
    if (model == nullptr)
      fail(name->value, "model.name", "unknown model '" + sc.model.name + "'",
           suggestion(sc.model.name, models_.names()) + "models: " + join(models_.names()));
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
    const std::vector<std::string>& generator_names = generators_.names();
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
      const GeneratorEntry* found = generators_.find(sc.network.generator);
      generator = found != nullptr ? &found->info : nullptr;
      if (generator == nullptr)
        fail(gen->value, "network.generator", "unknown generator '" + sc.network.generator + "'",
             suggestion(sc.network.generator, generator_names) +
                 "generators: " + join(generator_names));
      std::vector<std::string> allowed{"generator", "fixed"};
      for (const ParamSpec& p : generator->params) allowed.push_back(p.name);
      check_keys(n, allowed);
      ParamSpec fixed =
          make_spec("fixed", ParamKind::boolean, "one network shared by every replication");
      for (const Entry& written : n.entries) network_given.push_back(written.name);
      if (read_key(n, fixed, v)) sc.network.fixed = fixed_given = v.flag("fixed");
      // An edge list is one given network: there is nothing to redraw.
      if (sc.network.generator == "edge_list") sc.network.fixed = true;
      sc.network.params = read_params(n, generator->params);
      // What the values cannot make together (k >= nodes, ...) is an error at the key's line too.
      try {
        check_network_params(sc.network.generator, sc.network.params);
      } catch (const GeneratorError& g) {
        const Entry* at = n.find(g.key());
        fail(at != nullptr ? at->value : e->key, "network." + g.key(), g.problem(), g.fix());
      }
    }
  }

  // seeding
  if (const Entry* e = top.find("seeding"); e != nullptr && !model->uses_seeding)
    fail(e->key, "seeding",
         "model " + sc.model.name + " does not use 'seeding'" +
             (model->brand_params.empty() ? std::string() : ": each brand seeds its own product"),
         model->brand_params.empty()
             ? "remove 'seeding'"
             : "remove 'seeding'; give brands seed_count and seed_strategy");
  if (const Entry* e = top.find("seeding")) {
    const Section s =
        section(e->key, e->value, "seeding", "'seeding: {count: 10, strategy: random}'");
    check_keys(s, {"count", "fraction", "nodes", "strategy"});
    for (const Entry& written : s.entries) seeding_given.push_back(written.name);
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
    if (!model->brand_params.empty()) sc.brands = read_brands(top, e, *model, brands_given);
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

  if (!resolve) return sc;
  // The resolved form: every default explicit, so it alone reproduces the run. Where a sweep or
  // an arm changes what other values default to (a brand's style, the network's generator,
  // the seeding mode), the section keeps only the keys the file wrote, else its explicit
  // defaults would override what each point's own value implies.
  const auto given = [](const std::vector<std::string>& keys, const std::string& name) {
    return std::find(keys.begin(), keys.end(), name) != keys.end();
  };
  const bool loose_network = plan != nullptr && plan->touches({{"network"}, {"generator"}});
  const bool loose_seeding = plan != nullptr && plan->touches({{"seeding"}});
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << Text{sc.name};
  out << YAML::Key << "description" << YAML::Value << Text{sc.description};
  out << YAML::Key << "seed" << YAML::Value << std::to_string(sc.seed);
  out << YAML::Key << "replications" << YAML::Value << std::to_string(sc.replications);
  out << YAML::Key << "time" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "end" << YAML::Value << format_number(sc.time.end);
  out << YAML::Key << "sample_every" << YAML::Value << format_number(sc.time.sample_every);
  out << YAML::EndMap;
  // `only`: emit just these keys (the ones the file wrote), when given.
  auto emit_params = [&out, &given](const std::vector<ParamSpec>& specs, const ParamValues& values,
                                    const std::vector<std::string>* only = nullptr) {
    for (const ParamSpec& spec : specs) {
      if (!values.has(spec.name)) continue;
      if (only != nullptr && !given(*only, spec.name)) continue;
      out << YAML::Key << spec.name << YAML::Value;
      switch (spec.kind) {
        case ParamKind::boolean:
          out << (values.flag(spec.name) ? "true" : "false");
          break;
        case ParamKind::choice:
        case ParamKind::text:
          out << Text{values.text(spec.name)};
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
    if (!loose_network)
      out << YAML::Key << "fixed" << YAML::Value << (sc.network.fixed ? "true" : "false");
    else if (given(network_given, "fixed"))
      out << YAML::Key << "fixed" << YAML::Value << (fixed_given ? "true" : "false");
    emit_params(generator->params, sc.network.params, loose_network ? &network_given : nullptr);
    out << YAML::EndMap;
  }
  out << YAML::Key << "model" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << sc.model.name;
  emit_params(model->params, sc.model.params);
  out << YAML::EndMap;
  if (model->uses_seeding) {
    const bool mode_given = !loose_seeding || given(seeding_given, "count") ||
                            given(seeding_given, "fraction") || given(seeding_given, "nodes");
    const bool strategy_given = !loose_seeding || given(seeding_given, "strategy");
    out << YAML::Key << "seeding" << YAML::Value;
    if (!mode_given && !strategy_given) out << YAML::Flow;
    out << YAML::BeginMap;
    if (mode_given) switch (sc.seeding.mode) {
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
    if (sc.seeding.mode != SeedingSpec::Mode::nodes && strategy_given)
      out << YAML::Key << "strategy" << YAML::Value
          << (sc.seeding.strategy == SeedingSpec::Strategy::top_degree ? "top_degree" : "random");
    out << YAML::EndMap;
  }
  if (!model->brand_params.empty()) {
    out << YAML::Key << "brands" << YAML::Value;
    if (sc.brands.empty()) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (std::size_t i = 0; i < sc.brands.size(); ++i) {
      const BrandSpec& brand = sc.brands[i];
      const bool loose = plan != nullptr && plan->touches({{"brands"}, {{}, i, true}, {"style"}});
      out << YAML::BeginMap;
      out << YAML::Key << "name" << YAML::Value << Text{brand.name};
      if (!brand.style.empty()) out << YAML::Key << "style" << YAML::Value << brand.style;
      // Every value explicit: the style only explains where they came from.
      emit_params(model->brand_params, brand.params, loose ? &brands_given[i] : nullptr);
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
  if (!sc.output_path.empty()) out << YAML::Key << "path" << YAML::Value << Text{sc.output_path};
  if (model->has_cascades)
    out << YAML::Key << "cascades" << YAML::Value << (sc.output_cascades ? "true" : "false");
  out << YAML::EndMap;
  if (plan != nullptr) emit_plan(out, *plan);
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
  else if (unit == "min")
    days = value / 1440.0;
  else if (unit == "mo")
    days = value * 365.0 / 12.0;
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
                        const std::vector<std::string>& overrides, const ModelRegistry& models,
                        const GeneratorRegistry& generators) {
  Reader reader(file, models, generators);
  YAML::Node root = reader.parse(text);
  if (!overrides.empty() && root.IsNull()) root.reset(YAML::Node(YAML::NodeType::Map));
  if (root.IsMap())
    for (const std::string& o : overrides) reader.apply_override(root, o);
  return reader.read_all(root, overrides);
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const ModelRegistry& models, const GeneratorRegistry& generators) {
  if (path == "-") {
    std::string text;
    try {
      text = read_input_file(path, max_scenario_bytes);
    } catch (const DataFileError& e) {
      throw ScenarioError({stdin_name, 0, 0}, "", e.what(),
                          "give a scenario of at most " + byte_size_text(max_scenario_bytes));
    }
    return parse_scenario(text, stdin_name, overrides, models, generators);
  }
  // A device or FIFO is refused before it is opened: reading /dev/zero would never end.
  if (const std::string problem = input_file_problem(path, max_scenario_bytes); !problem.empty())
    throw ScenarioError({path, 0, 0}, "", "the scenario file " + problem,
                        problem == "does not exist"
                            ? "check the path"
                            : "give the path of a scenario file (.yaml) of at most " +
                                  byte_size_text(max_scenario_bytes) +
                                  ", or - to read it from standard input");
  std::string text;
  try {
    text = read_input_file(path, max_scenario_bytes);
  } catch (const DataFileError& e) {
    throw ScenarioError({path, 0, 0}, "", e.what(), "check the file and its permissions");
  }
  return parse_scenario(text, path, overrides, models, generators);
}

std::vector<std::string> scenario_inputs(const Scenario& scenario) {
  std::vector<std::string> files;
  if (scenario.file != stdin_name) files.push_back(scenario.file);
  auto add = [&files](const ParamValues& values) {
    for (const auto& [name, value] : values.all())
      if (is_path_param(name) && std::holds_alternative<std::string>(value) &&
          std::find(files.begin(), files.end(), std::get<std::string>(value)) == files.end())
        files.push_back(std::get<std::string>(value));
  };
  for (const ScenarioPoint& point : scenario.points) {
    add(point.network.params);
    add(point.model.params);
  }
  return files;
}

}  // namespace hearsay

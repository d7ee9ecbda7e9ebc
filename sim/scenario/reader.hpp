// The scenario reader's insides, shared by the files of sim/scenario: YAML helpers, the plan of
// sweeps and arms, and the reader class whose steps those files define.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/design/plan.hpp"
#include "sim/scenario/calibration.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay::scenarios {

namespace fs = std::filesystem;

inline constexpr const char* duration_forms =
    "a number of days, or a number with a unit: s, min, h, d, w, mo (month, 365/12 d) or y "
    "(365 d), e.g. 90min, 36h, 1.5d, 1w, 6mo";

std::string_view trim(std::string_view s);

/// A finite decimal number (optional sign, fraction, exponent); nothing else, not even "inf".
bool parse_number(std::string_view text, double& value);

/// Shortest text that reads back as the same double; whole numbers without an exponent, so the
/// resolved scenario shows `nodes: 100000` rather than `1e+05`.
std::string format_number(double x);

std::string join(const std::vector<std::string>& words);

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates);

bool is_path_param(const std::string& name);

/// How a value reads in a message: the scalar in quotes, or the kind of node it is.
std::string describe_node(const YAML::Node& node);

std::string kind_phrase(ParamKind kind);

/// "in [0, 1] (unit: probability)", "> 0 (unit: d)": what a spec allows, for fixes.
std::string range_phrase(const ParamSpec& spec);

/// The full "what is allowed" line for a spec: type, range, unit, meaning.
std::string allowed_phrase(const ParamSpec& spec);

ParamSpec make_spec(std::string name, ParamKind kind, std::string help);

/// One key of a mapping, in file order.
struct KeyValue {
  std::string name;
  YAML::Node key;
  YAML::Node value;
};

/// A mapping being validated: its entries, its dotted path, and where to point for missing keys.
struct Section {
  std::string path;
  YAML::Node where;  ///< the section's key in the file (or the root), for "missing key" errors
  YAML::Node node;   ///< the mapping itself
  std::vector<KeyValue> entries;

  const KeyValue* find(const std::string& name) const {
    for (const KeyValue& e : entries)
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
inline constexpr std::size_t max_value_nodes = 100000;

inline constexpr int max_value_depth = 64;

/// False when the value is deeper or larger than the limits above.
bool collect_nodes(const YAML::Node& node, std::vector<YAML::Node>& out, int depth = 0);

/// "a NUL byte", "a control character (0x1b)": the first control character of a name, or empty.
std::string control_character(const std::string& name);

/// A name for a message, its control characters escaped ("a\x00b"), so the message shows it whole.
std::string escaped_name(const std::string& name);

std::string quoted_name(const std::string& name);

inline const std::vector<std::string> top_level_keys = {
    "name",      "description", "seed",     "replications", "time",     "network",
    "model",     "seeding",     "brands",   "output",       "sweep",    "arms",
    "uncertain", "design",      "segments", "segment_by",   "calibrate"};

// Keys the design reserves for later versions: refused with a clearer word than "unknown".
inline const std::vector<std::string> reserved_keys = {"population", "campaigns"};

// Brand names are addressed as `brands.NAME.key` by --set and sweeps, so they are short labels.
inline constexpr std::size_t max_brand_name = 64;

// Segments label a dimension of the results; a handful is what a strategist can read.
inline constexpr std::size_t max_segments = 64;

// Arm names label results (and may become file or group names), so the same rules apply.
inline constexpr std::size_t max_arm_name = 64;

// Plans larger than this are almost always a mistake (a forgotten zip), and each point is
// validated and held in memory.
inline constexpr std::uint64_t max_points = 1000000;

inline constexpr std::uint64_t max_runs = 4294967295ULL;  // runs are counted in 32 bits

/// One step of a dotted key path: a mapping key, or an entry of a list.
struct Step {
  std::string key;  ///< the mapping key; empty for a list entry
  std::size_t index = 0;
  bool is_index = false;
};

/// "brands[0].style": a key path with brand names replaced by positions, for comparisons.
std::string step_text(const std::vector<Step>& steps);

/// "a.b[0].c" -> {"a", "b[0]", "c"}; empty parts stay (the caller refuses them).
std::vector<std::string> dotted_parts(const std::string& key);

/// True when `a` is `b` or one of its ancestors.
bool is_prefix(const std::vector<Step>& a, const std::vector<Step>& b);

/// A new handle on the data `node` holds now, which later assignments to `node` leave alone
/// (in yaml-cpp, `a = b` makes the node `a` share b's data; `a`'s old data is otherwise lost).
YAML::Node keep_contents(const YAML::Node& node);

/// Text yaml-cpp would write plain but not read back the same (a control character such as a
/// final carriage return, or spaces at either end) is written double-quoted.
bool needs_quotes(const std::string& text);

/// Text that reads back as written.
struct Text {
  const std::string& value;
};

YAML::Emitter& operator<<(YAML::Emitter& out, Text text);

/// A value as YAML flow text; quoted scalars stay quoted when they would otherwise read as
/// something else (null, true).
void emit_value(YAML::Emitter& out, const YAML::Node& node);

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

/// `uncertain:` and `design:` as read. The design is one factor of the plan (Plan::factors[0]):
/// its keys vary together, row by row; the values are filled in once the seed is known.
struct PlannedDesign {
  std::vector<design::UncertainKey> keys;  ///< in the order of `uncertain:`
  design::DesignSpec spec;
  YAML::Node uncertain_key, uncertain, design_key, design;  ///< as written, for the resolved form
  /// `calibrate:` stands in for `design:` (design_key and design are then its key and value):
  /// the rows are the particles a calibration gives (ScenarioReader::given_rows).
  bool calibration = false;
  CalibrationSpec calibrate;  ///< `calibrate:` as read
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
  std::optional<PlannedDesign> design;

  bool empty() const { return !has_sweep && !has_arms && !design; }
  /// The section a too large plan is blamed on: the design, else the sweep, else the arms.
  std::pair<YAML::Node, const char*> size_key() const {
    if (design) return {design->design_key, "design"};
    return has_sweep ? std::pair<YAML::Node, const char*>{sweep_key, "sweep"}
                     : std::pair<YAML::Node, const char*>{arms_key, "arms"};
  }
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

std::string count_of(std::size_t n, const std::string& what);

class ScenarioReader {
 public:
  /// One scenario tree being read: the scenario so far, and what the resolved form needs.
  struct Reading {
    Scenario sc;
    ParamValues v;  ///< scratch for built-in keys read like parameters
    const ModelInfo* model = nullptr;
    const GeneratorInfo* generator = nullptr;
    // The keys the file wrote (rather than defaults), for sections a plan may reshape.
    std::vector<std::string> network_given, seeding_given;
    std::vector<std::vector<std::string>> brands_given;
    bool fixed_given = false;
  };

  ScenarioReader(std::string file, const ModelRegistry& models, const GeneratorRegistry& generators)
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

  /// Set before read_all to read a calibration scenario (`calibrate:` is refused otherwise):
  /// its points are these rows of values of the uncertain keys.
  const std::vector<std::vector<double>>* given_rows = nullptr;
  /// After read_all of a calibration scenario: `calibrate:` and the priors.
  CalibrationSpec calibration;
  std::vector<design::UncertainKey> priors;

 private:
  /// Point (arm `a`, sweep combination `s`): the base with the point's values put in, read
  /// whole. `in_arm[k]`: arm `a` sets plan key k.
  ScenarioPoint read_point(YAML::Node& root, const Plan& plan, const Scenario& sc, std::size_t a,
                           std::uint64_t s, const std::vector<bool>& in_arm);
  /// Refuses a point `p` that differs from the scenario `sc` in what every point shares.
  void check_shared(const YAML::Node& root, const Scenario& p, const Scenario& sc) const;

 private:
  /// Reads a scenario tree without `sweep` or `arms`. `resolve`: also write the resolved form,
  /// which then describes `plan` too.
  Scenario read(const YAML::Node& root, bool resolve = true, const Plan* plan = nullptr);
  // The steps of read(), in order; each reads its part of the top-level section into `r`.
  void read_name(const Section& top, Reading& r) const;
  void read_seed(const Section& top, Reading& r) const;
  void read_replications(const Section& top, Reading& r) const;
  void read_time(const Section& top, Reading& r) const;
  void read_model(const Section& top, Reading& r) const;
  void read_network(const Section& top, Reading& r) const;
  void read_seeding(const Section& top, Reading& r) const;
  void read_brand_list(const Section& top, Reading& r) const;
  /// `segments:` for models that declare segment parameters.
  void read_segments(const Section& top, Reading& r) const;
  void read_output(const Section& top, Reading& r) const;
  /// The resolved form of what `r` read (and of `plan`, when given), as YAML text.
  std::string resolved_yaml(const Reading& r, const Plan* plan) const;

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
  /// The keys --set gave (text, steps), which a plan may not vary.
  using SetKeys = std::vector<std::pair<std::string, std::vector<Step>>>;
  void read_sweep(Plan& plan, const YAML::Node& root, const KeyValue& sweep,
                  const SetKeys& set_keys) const;
  void read_zip(Plan& plan, const YAML::Node& root, const KeyValue& zip,
                const SetKeys& set_keys) const;
  void read_arms(Plan& plan, const YAML::Node& root, const KeyValue& arms,
                 const SetKeys& set_keys) const;
  /// `uncertain:` and `design:` (either may be null, then the other is refused), or
  /// `uncertain:` and `calibrate:` (then design is null).
  void read_design(Plan& plan, const YAML::Node& root, const KeyValue* uncertain,
                   const KeyValue* design, const SetKeys& set_keys,
                   const KeyValue* calibrate = nullptr) const;
  design::Distribution read_distribution(const YAML::Node& root, const KeyValue& entry,
                                         const PlannedKey& key) const;
  design::DesignSpec read_design_spec(const KeyValue& entry) const;
  /// `calibrate:` (sim/scenario/calibrate.cpp); the model's metrics and the brands checked.
  CalibrationSpec read_calibrate(const YAML::Node& root, const KeyValue& entry) const;
  /// Draws the design's rows (from the master seed) and gives its factor their values.
  design::DesignRecord fill_design(Plan& plan, std::uint64_t seed) const;
  /// Refuses a plan of more than max_points points; sets its sweep size.
  void check_plan_size(Plan& plan) const;
  /// Reads the values of one swept key (a non-empty list).
  std::vector<PlannedValue> read_sweep_values(const KeyValue& entry, const std::string& path,
                                              const PlannedKey& key) const;
  /// Checks a key of `sweep`, a zip group or an arm and adds it to the plan (or finds the same
  /// key of another arm); returns its index in plan.keys.
  std::size_t add_key(Plan& plan, const YAML::Node& root, const KeyValue& entry,
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
  std::vector<BrandSpec> read_brands(const Section& top, const KeyValue* entry,
                                     const ModelInfo& model,
                                     std::vector<std::vector<std::string>>& given) const;
  /// A brand's or segment's name (`kind`): not empty, short, printable (without dots unless
  /// `dots`), and not one of `earlier` (the list's names before it).
  void check_label(const YAML::Node& at, const std::string& key, const char* kind,
                   const std::string& name, const std::vector<std::string>& earlier,
                   const char* example, bool dots) const;
  std::vector<PhaseSpec> read_campaign(const KeyValue& entry, const std::string& path,
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

}  // namespace hearsay::scenarios

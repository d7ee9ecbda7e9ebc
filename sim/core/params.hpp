// Parameter schemas (declared once per model or generator) and resolved parameter values.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace hearsay {

enum class ParamKind {
  real,          ///< a real number
  integer,       ///< a whole number
  boolean,       ///< true / false
  choice,        ///< one word out of `choices`
  duration,      ///< a time span: plain number = days, or "90min", "36h", "2d", "1w", "6mo"
  text,          ///< free text (e.g. a path; relative paths resolve against the scenario folder)
  real_list,     ///< a list of real numbers
  integer_list,  ///< a list of whole numbers
};

const char* to_string(ParamKind kind);

/// One parameter: declared once, used to validate scenarios and to print `hearsay describe`.
struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::real;
  std::string unit;  ///< e.g. "1/d", "d", "agents", "probability"; empty when dimensionless
  std::string help;  ///< one line: what it means
  /// Default for numeric kinds; NaN means "no default" (then `required` or `optional` applies).
  double default_value = std::numeric_limits<double>::quiet_NaN();
  std::string default_text;  ///< default for choice/text kinds
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;        ///< value must be > min rather than >= min
  std::vector<std::string> choices;  ///< allowed words for `choice`
  bool required = false;             ///< must be given in the scenario
  bool optional = false;             ///< may be absent with no default (check `has`)
  std::string source;                ///< where the default comes from (paper, or "assumption")
};

/// Human-readable range, e.g. "[0, 1]" or "> 0" or "one of: a, b".
std::string describe_range(const ParamSpec& spec);
/// Human-readable default, e.g. "0.3" or "(required)".
std::string describe_default(const ParamSpec& spec);

/// Values after validation against a schema: every declared parameter that has a value is here.
class ParamValues {
 public:
  using Value = std::variant<double, std::string, std::vector<double>>;

  void set(const std::string& name, Value value) { values_[name] = std::move(value); }
  bool has(const std::string& name) const { return values_.count(name) != 0; }

  /// Numbers (real, integer, boolean as 0/1, duration in days). Throws std::out_of_range if absent.
  double real(const std::string& name) const;
  std::int64_t integer(const std::string& name) const;
  bool flag(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  const std::vector<double>& list(const std::string& name) const;

  const std::map<std::string, Value>& all() const { return values_; }

 private:
  const Value& get(const std::string& name) const;
  std::map<std::string, Value> values_;
};

/// Values holding every default of a schema (required and optional parameters are left out).
ParamValues default_values(const std::vector<ParamSpec>& schema);

}  // namespace hearsay

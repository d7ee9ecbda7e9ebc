// YAML text for the scenario reader: numbers, names, key paths, phrases, values written back.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {

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
  return fmt::format("{}", fmt::join(words, ", "));
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string best =
      closest_match(word, candidates.data(), candidates.data() + candidates.size());
  return best.empty() ? std::string() : "did you mean '" + best + "'? ";
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
    if (spec.kind == ParamKind::choice) s += fmt::format(", {}", describe_range(spec));
  } else if (spec.kind == ParamKind::duration) {
    if (describe_range(spec) != "any") s += fmt::format(" {}", range_phrase(spec));
    s += fmt::format(" ({})", duration_forms);
  } else if (spec.kind != ParamKind::text) {
    if (describe_range(spec) != "any")
      s += fmt::format(" {}", range_phrase(spec));
    else if (!spec.unit.empty())
      s += fmt::format(" (unit: {})", spec.unit);
  }
  if (!spec.help.empty()) s += fmt::format("; {}", spec.help);
  return s;
}

ParamSpec make_spec(std::string name, ParamKind kind, std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.kind = kind;
  spec.help = std::move(help);
  return spec;
}

/// False when the value is deeper or larger than the limits above.
bool collect_nodes(const YAML::Node& node, std::vector<YAML::Node>& out, int depth) {
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
  return fmt::format("'{}'", escaped_name(name));
}

/// "brands[0].style": a key path with brand names replaced by positions, for comparisons.
std::string step_text(const std::vector<Step>& steps) {
  std::string text;
  for (const Step& step : steps) {
    if (step.is_index)
      text += fmt::format("[{}]", step.index);
    else
      text += fmt::format("{}{}", text.empty() ? "" : ".", step.key);
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

std::string count_of(std::size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace hearsay::scenarios

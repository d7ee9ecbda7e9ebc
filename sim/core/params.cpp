// Parameter schema helpers and typed access to resolved values.
#include "sim/core/params.hpp"

#include <fmt/ranges.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace hearsay {
namespace {

std::string number(double x) {
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  std::ostringstream out;
  out.precision(10);
  out << x;
  return out.str();
}

}  // namespace

const char* to_string(ParamKind kind) {
  switch (kind) {
    case ParamKind::real:
      return "real";
    case ParamKind::integer:
      return "integer";
    case ParamKind::boolean:
      return "boolean";
    case ParamKind::choice:
      return "choice";
    case ParamKind::duration:
      return "duration";
    case ParamKind::text:
      return "text";
    case ParamKind::real_list:
      return "list of reals";
    case ParamKind::integer_list:
      return "list of integers";
  }
  return "?";
}

std::string describe_range(const ParamSpec& spec) {
  switch (spec.kind) {
    case ParamKind::boolean:
      return "true or false";
    case ParamKind::text:
      return "text";
    case ParamKind::choice: {
      return fmt::format("one of: {}", fmt::join(spec.choices, ", "));
    }
    default:
      break;
  }
  const bool has_min = !std::isinf(spec.min);
  const bool has_max = !std::isinf(spec.max);
  std::string prefix =
      spec.kind == ParamKind::real_list || spec.kind == ParamKind::integer_list ? "each " : "";
  if (has_min && has_max)
    return prefix + (spec.min_exclusive ? "(" : "[") + number(spec.min) + ", " + number(spec.max) +
           "]";
  if (has_min) return prefix + (spec.min_exclusive ? "> " : ">= ") + number(spec.min);
  if (has_max) return prefix + "<= " + number(spec.max);
  return "any";
}

std::string describe_default(const ParamSpec& spec) {
  if (spec.required) return "(required)";
  if (spec.kind == ParamKind::choice || spec.kind == ParamKind::text)
    return spec.default_text.empty() ? "(none)" : spec.default_text;
  if (std::isnan(spec.default_value)) return "(none)";
  if (spec.kind == ParamKind::boolean) return spec.default_value != 0 ? "true" : "false";
  return number(spec.default_value);
}

const ParamValues::Value& ParamValues::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::out_of_range("parameter '" + name + "' has no value");
  return it->second;
}

double ParamValues::real(const std::string& name) const {
  return std::get<double>(get(name));
}

std::int64_t ParamValues::integer(const std::string& name) const {
  return static_cast<std::int64_t>(std::llround(real(name)));
}

bool ParamValues::flag(const std::string& name) const {
  return real(name) != 0.0;
}

const std::string& ParamValues::text(const std::string& name) const {
  return std::get<std::string>(get(name));
}

const std::vector<double>& ParamValues::list(const std::string& name) const {
  return std::get<std::vector<double>>(get(name));
}

ParamValues default_values(const std::vector<ParamSpec>& schema) {
  ParamValues values;
  for (const ParamSpec& spec : schema) {
    if (spec.required) continue;
    switch (spec.kind) {
      case ParamKind::choice:
      case ParamKind::text:
        if (!spec.default_text.empty() || spec.kind == ParamKind::choice)
          values.set(spec.name, spec.default_text);
        break;
      case ParamKind::real_list:
      case ParamKind::integer_list:
        break;
      default:
        if (!std::isnan(spec.default_value)) values.set(spec.name, spec.default_value);
    }
  }
  return values;
}

}  // namespace hearsay

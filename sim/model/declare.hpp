// Declaring a model once: each parameter bound to a field of the model's Params, read from a
// scenario's values through the same declarations that validate them and document them.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.hpp"

namespace hearsay {

/// The values a numeric parameter may take.
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
};
inline Range at_least(double min) {
  return {.min = min};
}
inline Range above(double min) {
  return {.min = min, .min_exclusive = true};
}
inline Range between(double min, double max) {
  return {.min = min, .max = max};
}

/// One declared parameter of P: its schema, and how its value reaches P.
template <class P>
struct ParamBinding {
  ParamSpec spec;
  std::function<void(P&, const ParamValues&)> read;
};

/// A model's (or a brand's) parameters in declaration order, each bound to a field of P.
template <class P>
class ParamTable {
 public:
  ParamTable(std::initializer_list<ParamBinding<P>> bindings) : bindings_(bindings) {}

  /// The schemas, for ModelInfo (validation, `hearsay describe`, the README reference).
  std::vector<ParamSpec> specs() const {
    std::vector<ParamSpec> out;
    for (const ParamBinding<P>& b : bindings_) out.push_back(b.spec);
    return out;
  }
  /// P with every declared field read from validated `values`.
  P read(const ParamValues& values) const {
    P p{};
    for (const ParamBinding<P>& b : bindings_) b.read(p, values);
    return p;
  }

 private:
  std::vector<ParamBinding<P>> bindings_;
};

namespace declare {

/// A parameter with a numeric default; `source` says where the default comes from.
inline ParamSpec numeric(const char* name, ParamKind kind, const char* unit, double value,
                         Range range, const char* help, const char* source) {
  return {.name = name,
          .kind = kind,
          .unit = unit,
          .help = help,
          .default_value = value,
          .min = range.min,
          .max = range.max,
          .min_exclusive = range.min_exclusive,
          .source = source};
}

}  // namespace declare

/// A real number, read into a double field.
template <class P>
ParamBinding<P> real(const char* name, double P::*field, const char* unit, double value,
                     Range range, const char* help, const char* source) {
  return {declare::numeric(name, ParamKind::real, unit, value, range, help, source),
          [name, field](P& p, const ParamValues& v) { p.*field = v.real(name); }};
}

/// A real number the scenario may leave out (no default): absent, the field reads `absent`.
template <class P>
ParamBinding<P> optional_real(const char* name, double P::*field, const char* unit, Range range,
                              double absent, const char* help, const char* source) {
  ParamSpec spec = declare::numeric(name, ParamKind::real, unit,
                                    std::numeric_limits<double>::quiet_NaN(), range, help, source);
  spec.optional = true;
  return {std::move(spec), [name, field, absent](P& p, const ParamValues& v) {
            p.*field = v.has(name) ? v.real(name) : absent;
          }};
}

/// A time span in days (the scenario may write units: 90min, 36h, 2d...).
template <class P>
ParamBinding<P> duration(const char* name, double P::*field, double value, Range range,
                         const char* help, const char* source) {
  return {declare::numeric(name, ParamKind::duration, "d", value, range, help, source),
          [name, field](P& p, const ParamValues& v) { p.*field = v.real(name); }};
}

/// A whole number, read into an integer field.
template <class P, class T>
ParamBinding<P> integer(const char* name, T P::*field, const char* unit, double value, Range range,
                        const char* help, const char* source) {
  return {
      declare::numeric(name, ParamKind::integer, unit, value, range, help, source),
      [name, field](P& p, const ParamValues& v) { p.*field = static_cast<T>(v.integer(name)); }};
}

/// A switch, read into a bool field.
template <class P>
ParamBinding<P> flag(const char* name, bool P::*field, bool value, const char* help,
                     const char* source) {
  return {declare::numeric(name, ParamKind::boolean, "", value ? 1.0 : 0.0, {}, help, source),
          [name, field](P& p, const ParamValues& v) { p.*field = v.flag(name); }};
}

/// One word out of `choices`, each standing for a value of the field; the first is the default.
template <class P, class T>
ParamBinding<P> choice(const char* name, T P::*field,
                       std::vector<std::pair<std::string, T>> choices, const char* help,
                       const char* source = "") {
  ParamSpec spec{.name = name, .kind = ParamKind::choice, .help = help, .source = source};
  for (const auto& [word, value] : choices) spec.choices.push_back(word);
  spec.default_text = spec.choices.front();
  return {std::move(spec), [name, field, choices](P& p, const ParamValues& v) {
            const std::string& word = v.text(name);
            for (const auto& [w, value] : choices)
              if (w == word) p.*field = value;
          }};
}

}  // namespace hearsay

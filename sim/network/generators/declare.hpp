// What the generators share when they declare their parameters: the usual specs, and references.
#pragma once

#include <limits>
#include <string>
#include <utility>

#include "sim/core/params.hpp"

namespace hearsay::generators {

inline constexpr double max_nodes = 4294967294.0;  // 2^32 - 2: ids and id + 1 both fit in NodeId

inline const char* const batagelj_brandes = "Batagelj & Brandes (2005), Phys. Rev. E 71:036113";

/// A parameter the scenario must give, in [min, max].
inline ParamSpec required_param(std::string name, ParamKind kind, std::string unit,
                                std::string help, double min, double max) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = kind;
  p.unit = std::move(unit);
  p.help = std::move(help);
  p.min = min;
  p.max = max;
  p.required = true;
  return p;
}

inline ParamSpec integer_param(std::string name, std::string unit, std::string help, double min,
                               double max = max_nodes) {
  return required_param(std::move(name), ParamKind::integer, std::move(unit), std::move(help), min,
                        max);
}

inline ParamSpec real_param(std::string name, std::string unit, std::string help, double min,
                            double max = std::numeric_limits<double>::infinity()) {
  return required_param(std::move(name), ParamKind::real, std::move(unit), std::move(help), min,
                        max);
}

/// Text the scenario must give (a path: relative ones resolve against the scenario's folder).
inline ParamSpec text_param(std::string name, std::string help) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::text;
  p.help = std::move(help);
  p.required = true;
  return p;
}

/// A switch, false unless the scenario says true.
inline ParamSpec switch_param(std::string name, std::string help) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = ParamKind::boolean;
  p.help = std::move(help);
  p.default_value = 0;
  return p;
}

inline ParamSpec nodes_param() {
  return integer_param("nodes", "agents", "number of agents (nodes) in the network", 1);
}

inline ParamSpec probability_param(std::string name, std::string help) {
  return real_param(std::move(name), "probability", std::move(help), 0, 1);
}

inline ParamSpec with_default(ParamSpec p, double value, std::string source) {
  p.required = false;
  p.default_value = value;
  p.source = std::move(source);
  return p;
}

inline ParamSpec optional(ParamSpec p) {
  p.required = false;
  p.optional = true;
  return p;
}

}  // namespace hearsay::generators

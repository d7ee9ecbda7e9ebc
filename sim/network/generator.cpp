// A generator's parameter access: values checked against the declared schema.
#include "sim/network/generator.hpp"

#include <fmt/core.h>

#include <cmath>

namespace hearsay {

GeneratorError::GeneratorError(const std::string& generator, std::string key, std::string problem,
                               std::string fix)
    : std::invalid_argument("network generator '" + generator + "': " + problem),
      key_(std::move(key)),
      problem_(std::move(problem)),
      fix_(std::move(fix)) {}

double GeneratorParams::real(const std::string& name) const {
  const ParamSpec& spec = spec_of(name);
  double x = spec.default_value;
  if (values_.has(name)) {
    x = values_.real(name);
  } else if (std::isnan(x)) {
    fail(name, "parameter '" + name + "' is required", "add '" + name + ": ...'");
  }
  check_range(spec, x);
  return x;
}

std::uint64_t GeneratorParams::count(const std::string& name) const {
  const double x = real(name);
  if (x < 0 || x != std::floor(x))
    fail(name, "'" + name + "' must be a whole number >= 0", "give a whole number");
  return static_cast<std::uint64_t>(x);
}

std::uint64_t GeneratorParams::count_below_nodes(const std::string& name, NodeId nodes,
                                                 const std::string& named,
                                                 const std::string& why) const {
  const std::uint64_t x = count(name);
  if (x >= nodes)
    fail(name,
         name + " = " + std::to_string(x) + " must be below nodes = " + std::to_string(nodes) + why,
         "use " + named + " below " + std::to_string(nodes) + ", or more nodes");
  return x;
}

const std::string& GeneratorParams::text(const std::string& name) const {
  if (!values_.has(name))
    fail(name, "parameter '" + name + "' is required", "add '" + name + ": ...'");
  return values_.text(name);
}

std::vector<std::uint64_t> GeneratorParams::counts(const std::string& name) const {
  const ParamSpec& spec = spec_of(name);
  if (!values_.has(name))
    fail(name, "parameter '" + name + "' is required", "add '" + name + ": [...]'");
  std::vector<std::uint64_t> out;
  for (double x : values_.list(name)) {
    check_range(spec, x);
    if (x != std::floor(x))
      fail(name, "'" + name + "' must hold whole numbers", "give whole numbers");
    out.push_back(static_cast<std::uint64_t>(x));
  }
  return out;
}

const ParamSpec& GeneratorParams::spec_of(const std::string& name) const {
  for (const ParamSpec& p : info_.params)
    if (p.name == name) return p;
  fail(name, "has no parameter '" + name + "'", "remove it");
}

void GeneratorParams::check_range(const ParamSpec& spec, double x) const {
  const bool below = spec.min_exclusive ? !(x > spec.min) : !(x >= spec.min);
  if (below || !(x <= spec.max) || std::isnan(x))
    fail(spec.name, fmt::format("'{}' = {:g} is outside {}", spec.name, x, describe_range(spec)),
         "use a value in " + describe_range(spec));
}

}  // namespace hearsay

// Drawing a design and mapping it onto the uncertain keys' distributions.
#include "sim/design/plan.hpp"

#include <cmath>

namespace hearsay::design {

std::size_t DesignSpec::rows(std::size_t k) const {
  switch (method) {
    case Method::sobol:
      return samples * (k + 2);
    case Method::morris:
      return trajectories * (k + 1);
    case Method::latin:
      return samples;
  }
  return 0;
}

DesignPlan plan_design(const std::vector<UncertainKey>& keys, const DesignSpec& spec,
                       std::uint64_t seed) {
  const std::size_t k = keys.size();
  DesignPlan plan;
  switch (spec.method) {
    case Method::sobol:
      plan.unit = saltelli(k, spec.samples, seed);
      break;
    case Method::morris:
      plan.unit = morris(k, spec.trajectories, spec.levels, seed);
      break;
    case Method::latin:
      plan.unit = latin(k, spec.samples, seed);
      break;
  }
  const std::size_t rows = plan.unit.rows();
  plan.numbers.assign(rows, std::vector<double>(k, std::nan("")));
  plan.choices.assign(rows, std::vector<std::string>(k));
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < k; ++i) {
      const Distribution& d = keys[i].distribution;
      // Morris points lie on a grid that includes 0 and 1: map them inside (0, 1) by the
      // midpoint of the grid cell, so every quantile is finite.
      double u = plan.unit.at(r, i);
      if (spec.method == Method::morris) {
        const double cells = spec.levels;
        u = (u * (cells - 1) + 0.5) / cells;
      }
      if (d.kind == Distribution::Kind::choice)
        plan.choices[r][i] = d.choices[choice_index(d, u)];
      else
        plan.numbers[r][i] = quantile(d, u);
    }
  return plan;
}

}  // namespace hearsay::design

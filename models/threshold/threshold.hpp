// Threshold cascades: Watts (2002) fractional and Kempe et al. (2003) linear thresholds.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::threshold {

/// The registry entry: parameters, metrics and the run function.
const ModelEntry& entry();

struct Params {
  enum class Variant { watts, linear };
  Variant variant = Variant::watts;
  double phi = 0.18;      ///< Watts: mean adoption threshold (fraction of neighbours)
  double phi_sd = 0.0;    ///< Watts: sd of the normal the thresholds come from (0: all phi)
  Time delay_mean = 1.0;  ///< mean delay between an adoption and a neighbour hearing of it, d
  double global_fraction = 0.1;  ///< a cascade is global when it reaches more than this fraction
};

/// The parameters as declared (schema and field), read by the run function.
const ParamTable<Params>& declared_params();

/// Draws one Watts threshold: `phi` when `phi_sd` is 0, otherwise a normal(phi, phi_sd) variate
/// truncated to [0, 1] by rejection (Watts 2002 draws thresholds from a distribution on [0, 1]).
double draw_watts_threshold(double phi, double phi_sd, RandomStream& rng);

/// Threshold cascade. Each agent has a threshold drawn at the start from its own stream (the
/// `agents` purpose, so thresholds do not depend on the delays). When an agent adopts it tells
/// every neighbour that has not adopted: a `hear` event at now + Exp(mean delay_mean). The
/// listener adds the tie's weight to its own tally and adopts once the tally reaches its
/// threshold:
///  - watts: weight 1 / (number of agents it listens to), threshold phi_i (Watts 2002);
///  - linear: weight w_uv = 1 / in-degree(v), or the tie weight over v's total incoming weight
///    when the network has weights; threshold uniform on (0, 1] (Kempe, Kleinberg & Tardos 2003).
/// Influence follows arcs u -> v (v listens to u); undirected ties work both ways. The final
/// set of adopters is that of the synchronous cascade: delays only set the timing.
class Model {
 public:
  enum Kind : std::uint8_t { adopt = 0, hear = 1 };

  Model(const Network& network, const Params& params, std::uint64_t run_seed);

  /// Seeds adopt at time 0 whatever their thresholds.
  void seed(std::span<const NodeId> seeds, Scheduler& scheduler);
  bool handle(const Event& event, Scheduler& scheduler);
  void observe(SeriesRecorder& recorder) const;

  std::uint64_t adopters() const { return adopters_; }
  Time last_adoption() const { return last_adoption_; }
  double threshold(NodeId v) const { return threshold_[v]; }

 private:
  void adopt_now(NodeId v, Scheduler& scheduler);
  double weight_from(NodeId source, NodeId listener) const;

  const Network& network_;
  Params params_;
  std::vector<std::uint8_t> adopted_;
  std::vector<double> threshold_;  ///< watts: fraction of listened-to agents; linear: weight
  std::vector<double> tally_;      ///< watts: adopting agents heard; linear: their total weight
  std::vector<double> in_weight_;  ///< per listener: number of in-arcs, or their total weight
  std::uint64_t adopters_ = 0;
  Time last_adoption_ = 0;
};

}  // namespace hearsay::models::threshold

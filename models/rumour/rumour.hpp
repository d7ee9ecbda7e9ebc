// Ignorant-spreader-stifler rumours: Maki-Thompson (1973) and Daley-Kendall (1965) on a network.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/model/declare.hpp"
#include "sim/model/model_api.hpp"

namespace hearsay::models::rumour {

/// Registry entries: `maki_thompson` and `daley_kendall`.
const ModelEntry& maki_thompson_entry();
const ModelEntry& daley_kendall_entry();

/// What happens when a spreader's contact finds someone who already knows.
enum class Rule {
  maki_thompson,  ///< the initiating spreader stops (becomes a stifler)
  daley_kendall,  ///< spreader meets spreader: both stop; spreader meets stifler: initiator stops
};

struct Params {
  Rule rule = Rule::maki_thompson;
  double contact_rate = 1.0;  ///< contacts a spreader starts per day
  /// Daley-Kendall only: probability that a spreader-spreader contact stops both (otherwise
  /// nothing happens). 1/2 gives the pair rates of Daley & Kendall (1965): a pair of spreaders
  /// is met from either side, every other pair from the spreader's side only. 1 stops both on
  /// every such contact.
  double both_stop_probability = 0.5;
};

/// The parameters each variant declares (the rule is the variant, not a parameter).
const ParamTable<Params>& maki_thompson_params();
const ParamTable<Params>& daley_kendall_params();

/// A spreader contacts a uniformly random neighbour (out-neighbour when directed) at the times of
/// a Poisson process with rate `contact_rate`. The contacted agent's state is read at the contact
/// time; a change to it (ignorant -> spreader, spreader -> stifler) goes through an event for it
/// at the same instant, so every handler writes only its own agent. With one spreader's clock
/// per agent the process on the complete graph is exactly the Markov chain of the papers.
class Model {
 public:
  /// Event kinds, in the order they run when times tie (a change to a contacted agent comes
  /// before anything else at that instant).
  enum Kind : std::uint8_t { hear = 0, stop = 1, contact = 2 };
  enum Metric : std::size_t { ignorant = 0, spreader = 1, stifler = 2 };

  Model(const Network& network, const Params& params);

  /// Seeds start spreading at time 0.
  void seed(std::span<const NodeId> seeds, Scheduler& scheduler);
  bool handle(const Event& event, Scheduler& scheduler);
  void observe(SeriesRecorder& recorder) const;

  std::uint64_t ignorants() const { return network_.nodes() - spreaders_ - stiflers_; }
  std::uint64_t spreaders() const { return spreaders_; }
  std::uint64_t stiflers() const { return stiflers_; }
  /// Largest number of spreaders at once, over every event (not only sampling times).
  std::uint64_t peak_spreaders() const { return peak_spreaders_; }
  Time peak_time() const { return peak_time_; }
  Time last_change() const { return last_change_; }

 private:
  enum State : std::uint8_t { I = 0, S = 1, R = 2 };

  bool start_spreading(NodeId v, Scheduler& scheduler);
  bool stop_spreading(NodeId v, Scheduler& scheduler);
  bool make_contact(NodeId u, Scheduler& scheduler);

  const Network& network_;
  Params params_;
  std::vector<std::uint8_t> state_;
  std::uint64_t spreaders_ = 0;
  std::uint64_t stiflers_ = 0;
  std::uint64_t peak_spreaders_ = 0;
  Time peak_time_ = 0;
  Time last_change_ = 0;
};

}  // namespace hearsay::models::rumour

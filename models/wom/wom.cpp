// The wom model's registry entry: the run function, the checks that need the network, the memory
// estimate and the model's description.
#include "models/wom/wom.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/model/segment_assignment.hpp"

namespace hearsay::models::wom {

namespace {

RunOutput run(const RunInput& input) {
  const Params params = declared_params().read(*input.params);
  std::vector<Brand> brands;
  for (const BrandSpec& spec : input.brands) brands.push_back(read_brand(spec));
  // Each segment: the model's parameters with the segment's values.
  std::vector<Params> segments;
  std::vector<double> shares;
  for (const SegmentSpec& segment : input.segments) {
    ParamValues values = *input.params;
    for (const auto& [name, value] : segment.params.all()) values.set(name, value);
    segments.push_back(declared_params().read(values));
    shares.push_back(segment.share);
  }
  Model model(*input.network, params, std::move(brands), input.seed, input.record_cascades,
              std::move(segments), std::move(shares));
  if (!input.segment_by.empty() && !input.segments.empty())
    model.set_segments(
        segments_by_attribute(*input.network, std::string(input.segment_by), input.segments));
  RunOutput out;
  const EngineResult result =
      run_keyed_model(model, input, out.series, model.series_rows(),
                      [&](EventContext& setup) { model.start(setup, *input.grid); });
  out.events = result.events;
  out.status = result.status;
  out.summary = model.summary();
  out.cascades = model.cascades();
  return out;
}

void check(const ParamValues& values, const Network* network, std::span<const BrandSpec> brands) {
  const std::int64_t node = values.integer("broadcaster_node");
  if (network != nullptr && node >= static_cast<std::int64_t>(network->nodes()))
    throw ModelCheckError("model.broadcaster_node",
                          std::to_string(node) + " does not exist: the network has nodes 0.." +
                              std::to_string(network->nodes() - 1),
                          "give a node id below " + std::to_string(network->nodes()));
  const std::int64_t brand = values.integer("broadcaster_brand");
  if (node >= 0 && brand >= static_cast<std::int64_t>(brands.size()))
    throw ModelCheckError(
        "model.broadcaster_brand",
        std::to_string(brand) + " does not exist: there are " + std::to_string(brands.size()) +
            " brands",
        "give a brand's position (0-based, in brands order) or -1 for every brand");
  if (values.text("market") == "shared" && values.flag("single_transition"))
    throw ModelCheckError("model.market",
                          "shared is not a reduction: single_transition makes hearing adopting, "
                          "with no purchase at which a customer could switch brands",
                          "use market: independent with single_transition, or drop "
                          "single_transition");
  if (network == nullptr) return;
  const auto consumers = static_cast<std::int64_t>(network->nodes());
  const std::int64_t audience = values.integer("broadcaster_audience");
  if (audience > consumers)
    throw ModelCheckError("model.broadcaster_audience",
                          std::to_string(audience) + " is more than the " +
                              std::to_string(consumers) + " consumers of the network",
                          "give at most " + std::to_string(consumers));
  for (std::size_t i = 0; i < brands.size(); ++i) {
    const std::int64_t seeds = brands[i].params.integer("seed_count");
    if (seeds > consumers)
      throw ModelCheckError("brands[" + std::to_string(i) + "].seed_count",
                            "brand " + brands[i].name + " seeds " + std::to_string(seeds) +
                                " consumers, more than the " + std::to_string(consumers) +
                                " of the network",
                            "give at most " + std::to_string(consumers));
  }
}

std::uint64_t state_bytes(const ParamValues&, std::uint64_t nodes) {
  // Per consumer ~19 bytes; per consumer and brand ~60 bytes (two brands assumed); queue.
  return nodes * (19 + 2 * 60) + nodes * 8 * sizeof(Event);
}

ModelInfo make_info() {
  ModelInfo info;
  info.name = "wom";
  info.summary =
      "Word-of-mouth marketing: hard-sell and soft-sell brands, recommendations and "
      "complaints, annoyance, unfollows, answered complaints";
  info.reference =
      "Bass 1969; Goldenberg, Libai & Muller 2001; Goldenberg et al. 2007; Friestad & "
      "Wright 1994; Lee, Hosanagar & Nair 2018; Krugman 1972; Chae, Bruno & Feinberg "
      "2019; Kronrod & Huber 2019; Zhao et al. 2015; Ma, Sun & Kekre 2015; Maxham & "
      "Netemeyer 2002. Calibrated to: Nielsen 2007/2009; de Matos, Henrique & Rossi "
      "2007; East, Hammond & Wright 2007; Goodman & Newman 2003 (TARP); Rival IQ 2019; "
      "ExactTarget 2011; Sprout Social 2016; Sultan, Farley & Lehmann 1990; Bughin, "
      "Doogan & Vetvik 2010; Keller & Fay 2012 (models/wom/README.md)";
  info.params = declared_params().specs();
  info.brands.params = declared_brand_params().specs();
  info.brands.styles = style_presets();
  info.brands.phase_params = {"pitches_per_day", "community_posts_per_day", "advertising"};
  info.brands.min = 1;
  info.brands.max = Model::max_brands;
  info.has_cascades = true;
  info.uses_seeding = false;  // brands seed their own product (seed_count, seed_strategy)
  info.series = series_metrics();
  info.segment_params = segment_params();
  info.summaries = summary_metrics();
  return info;
}

}  // namespace

const ModelEntry& entry() {
  static const ModelEntry model{make_info(), &run, &state_bytes, &check};
  return model;
}

}  // namespace hearsay::models::wom

// Runs the reference markets: replications in parallel (TBB), results by replication index.
#include "models/wom/calibration/markets.hpp"

#include <tbb/parallel_for.h>

#include <stdexcept>

#include "sim/core/rng.hpp"
#include "sim/network/generators.hpp"

namespace hearsay::models::wom::calibration {
namespace {

MarketRuns run_market(const Setting& setting, const ParamValues& brand, Time end, Time every,
                      const Effort& effort, std::uint64_t market) {
  MarketRuns out;
  out.grid = make_time_grid(end, every);
  out.runs.resize(static_cast<std::size_t>(effort.replications));
  BrandSpec spec;
  spec.name = "Brand";
  spec.params = brand;
  const std::vector<BrandSpec> brands{spec};
  tbb::parallel_for(0, effort.replications, [&](int r) {
    ParamValues net;
    net.set("nodes", market_consumers);
    net.set("clique_size", market_clique);
    net.set("weak_ties", market_weak_ties);
    net.set("strong_weight", 1.0);
    net.set("weak_weight", 0.3);
    RandomStream rng(derive_seed(effort.seed, market, static_cast<std::uint64_t>(r)),
                     StreamPurpose::network);
    const Network network = generate_network("clustered_weak_ties", net, rng);
    RunInput input;
    input.network = &network;
    input.params = &setting.model;
    input.grid = &out.grid;
    input.seed = derive_seed(effort.seed, market + 100, static_cast<std::uint64_t>(r));
    input.brands = brands;
    out.runs[static_cast<std::size_t>(r)] = entry().run(input);
  });
  return out;
}

}  // namespace

Setting Setting::defaults() {
  return {default_values(declared_params().specs()),
          default_values(declared_brand_params().specs())};
}

namespace {

/// The declaration of "model.NAME" or "brand.NAME", or an error naming the valid keys.
const ParamSpec& declared(const std::string& key) {
  static const std::vector<ParamSpec> model_params = declared_params().specs();
  static const std::vector<ParamSpec> brands = declared_brand_params().specs();
  const bool is_model = key.rfind("model.", 0) == 0, is_brand = key.rfind("brand.", 0) == 0;
  if (is_model || is_brand) {
    const std::string name = key.substr(6);
    for (const ParamSpec& spec : is_model ? model_params : brands)
      if (spec.name == name) return spec;
  }
  throw std::invalid_argument("unknown parameter " + key +
                              ": give model.NAME or brand.NAME with "
                              "a parameter `hearsay describe wom` lists");
}

}  // namespace

void Setting::set(const std::string& key, double value) {
  const ParamSpec& spec = declared(key);
  if (spec.kind == ParamKind::choice || spec.kind == ParamKind::text)
    throw std::invalid_argument(key + " is not a number");
  if (!(value >= spec.min && value <= spec.max))
    throw std::invalid_argument(key + " = " + std::to_string(value) + " is outside " +
                                describe_range(spec));
  (key.rfind("model.", 0) == 0 ? model : brand).set(spec.name, value);
}

double Setting::get(const std::string& key) const {
  const ParamSpec& spec = declared(key);
  return (key.rfind("model.", 0) == 0 ? model : brand).real(spec.name);
}

double MarketRuns::total(Summary metric) const {
  double sum = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) sum += summary(metric, r);
  return sum;
}

double MarketRuns::total_last(Series metric) const {
  double sum = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) sum += last(metric, r);
  return sum;
}

MarketRuns typical_market(const Setting& setting, const Effort& effort, Time days) {
  return run_market(setting, setting.brand, days, 1, effort, 1);
}

MarketRuns new_product_market(const Setting& setting, const Effort& effort) {
  ParamValues brand = setting.brand;
  brand.set("advertising", 0.1);
  brand.set("pitches_per_day", 0.0);
  brand.set("community_posts_per_day", 0.0);
  brand.set("initial_followers", 0.0);
  return run_market(setting, brand, 3650, 14, effort, 2);
}

}  // namespace hearsay::models::wom::calibration

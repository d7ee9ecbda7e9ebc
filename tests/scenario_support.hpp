// Shared by the scenario and sweep tests: a stand-in model catalog and the scenario data folder.
#pragma once

#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/params.hpp"
#include "sim/model/model_api.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay::testing {

/// CHECKs that two scenarios, or two points of one, set up the same runs: the network, the model,
/// the seeding and the brands with their campaigns.
template <class S>
void require_same_setup(const S& a, const S& b) {
  CHECK(a.has_network == b.has_network);
  CHECK(a.network.generator == b.network.generator);
  CHECK(a.network.fixed == b.network.fixed);
  CHECK(a.network.params.all() == b.network.params.all());
  CHECK(a.model.name == b.model.name);
  CHECK(a.model.params.all() == b.model.params.all());
  CHECK(a.seeding.mode == b.seeding.mode);
  CHECK(a.seeding.count == b.seeding.count);
  CHECK(a.seeding.fraction == b.seeding.fraction);
  CHECK(a.seeding.nodes == b.seeding.nodes);
  CHECK(a.seeding.strategy == b.seeding.strategy);
  REQUIRE(a.brands.size() == b.brands.size());
  for (std::size_t i = 0; i < a.brands.size(); ++i) {
    CHECK(a.brands[i].name == b.brands[i].name);
    CHECK(a.brands[i].style == b.brands[i].style);
    CHECK(a.brands[i].params.all() == b.brands[i].params.all());
    REQUIRE(a.brands[i].campaign.size() == b.brands[i].campaign.size());
    for (std::size_t j = 0; j < a.brands[i].campaign.size(); ++j) {
      CHECK(a.brands[i].campaign[j].start == b.brands[i].campaign[j].start);
      CHECK(a.brands[i].campaign[j].end == b.brands[i].campaign[j].end);
      CHECK(a.brands[i].campaign[j].params.all() == b.brands[i].campaign[j].params.all());
    }
  }
}

/// The folder of the scenario files the tests load (tests/data/scenarios).
inline const std::string scenario_data_dir = std::string(HEARSAY_TEST_DATA) + "/scenarios";

inline ParamSpec make_param(std::string name, ParamKind kind, double default_value,
                            std::string unit = {}) {
  ParamSpec s;
  s.name = std::move(name);
  s.kind = kind;
  s.default_value = default_value;
  s.unit = std::move(unit);
  return s;
}

/// A stand-in registry, in this order:
/// - `toy`: a network model with a parameter of every kind; `rate` is required.
/// - `hawkes`: needs no network.
/// - `shop`: brands (styles, campaign phases, cascades), no network.
inline const ModelRegistry& stand_in_catalog() {
  static const std::vector<ModelEntry> entries = [] {
    const double none = std::numeric_limits<double>::quiet_NaN();
    ModelInfo toy;
    toy.name = "toy";
    ParamSpec beta = make_param("beta", ParamKind::real, 0.3, "probability");
    beta.min = 0;
    beta.max = 1;
    ParamSpec contacts = make_param("contacts", ParamKind::integer, 5, "agents");
    contacts.min = 1;
    ParamSpec style = make_param("style", ParamKind::choice, none);
    style.choices = {"hard_sell", "soft_sell"};
    style.default_text = "soft_sell";
    ParamSpec annoyed = make_param("annoyed", ParamKind::boolean, 0);
    ParamSpec delay = make_param("delay", ParamKind::duration, 1, "d");
    delay.min = 0;
    delay.min_exclusive = true;
    ParamSpec rate = make_param("rate", ParamKind::real, none, "1/d");
    rate.min = 0;
    rate.min_exclusive = true;
    rate.required = true;
    rate.help = "contacts per day";
    ParamSpec cap = make_param("cap", ParamKind::real, none);
    cap.min = 0;
    cap.optional = true;
    ParamSpec weights = make_param("weights", ParamKind::real_list, none);
    weights.min = 0;
    weights.max = 1;
    weights.optional = true;
    ParamSpec label = make_param("label", ParamKind::text, none);
    toy.params = {beta, contacts, style, annoyed, delay, rate, cap, weights, label};

    ModelInfo hawkes;
    hawkes.name = "hawkes";
    hawkes.needs_network = false;
    ParamSpec mu = make_param("mu", ParamKind::real, 1, "1/d");
    mu.min = 0;
    mu.min_exclusive = true;
    hawkes.params = {mu};

    ModelInfo shop;
    shop.name = "shop";
    shop.needs_network = false;
    ParamSpec market = make_param("market", ParamKind::integer, 1000, "agents");
    market.min = 1;
    ParamSpec trust = make_param("trust", ParamKind::real, 0.5, "probability");
    trust.min = 0;
    trust.max = 1;
    ParamSpec patience = make_param("patience", ParamKind::duration, 2, "d");
    patience.min = 0;
    shop.params = {market, trust, patience};
    shop.segment_params = {"trust", "patience"};
    ParamSpec pitches = make_param("pitches_per_day", ParamKind::real, 1, "1/d");
    pitches.min = 0;
    pitches.help = "pitch posts per day";
    ParamSpec answer = make_param("answer_prob", ParamKind::real, 0.5, "probability");
    answer.min = 0;
    answer.max = 1;
    ParamSpec answer_delay = make_param("answer_delay", ParamKind::duration, 1, "d");
    answer_delay.min = 0;
    answer_delay.min_exclusive = true;
    ParamSpec voice = make_param("voice", ParamKind::choice, none);
    voice.choices = {"formal", "casual"};
    voice.default_text = "casual";
    shop.brands.params = {pitches, answer, answer_delay, voice};
    shop.brands.styles = {
        {"hard_sell", "pitch often, answer rarely", {{"pitches_per_day", 4}, {"answer_prob", 0.2}}},
        {"soft_sell",
         "pitch rarely, answer fast",
         {{"pitches_per_day", 0.2}, {"answer_prob", 0.9}, {"answer_delay", 0.25}}}};
    shop.brands.phase_params = {"pitches_per_day"};
    shop.brands.min = 1;
    shop.brands.max = 3;
    shop.has_cascades = true;
    shop.summaries = {{.name = "sales", .unit = "agents", .description = "", .per_brand = true}};
    return std::vector<ModelEntry>{{toy}, {hawkes}, {shop}};
  }();
  static const ModelRegistry models("model", "models", {&entries[0], &entries[1], &entries[2]});
  return models;
}

}  // namespace hearsay::testing

// Brands in scenarios: default <- style <- own keys with campaigns, --set on one brand, the
// resolved list; and the table of user errors in brands.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "scenario_text.hpp"
#include "sim/scenario/scenario.hpp"

using namespace hearsay;
using namespace hearsay::testing;

std::vector<ErrorCase> hearsay::testing::brand_error_cases() {
  const std::string four_brands =
      replace_line(12, "    style: soft_sell\n  - {name: C}\n  - {name: D}", shop_text);
  // shop_text without its brands; line 4 is `output`.
  const std::string no_brands =
      "seed: 1\ntime: {end: 60d}\nmodel: {name: shop}\n"
      "output: {cascades: true}\n";
  return {
      {"unknown brand key with a suggestion",
       replace_line(7, "    answer_prb: 0.3", shop_text),
       {},
       7,
       "brands[0].answer_prb",
       {"unknown key 'answer_prb'", "did you mean 'answer_prob'?",
        "name, style, campaign, pitches_per_day"}},
      {"duplicate brand name",
       replace_line(11, "  - name: PitchCo", shop_text),
       {},
       11,
       "brands[1].name",
       {"brand name 'PitchCo' is used twice (first by brands[0])", "its own name"}},
      {"unknown style lists the styles",
       replace_line(6, "    style: hardsell", shop_text),
       {},
       6,
       "brands[0].style",
       {"unknown style 'hardsell'", "did you mean 'hard_sell'?", "styles: hard_sell, soft_sell"}},
      {"phase ends before it starts",
       replace_line(9, "      - {start: 5d, end: 2d, pitches_per_day: 10}", shop_text),
       {},
       9,
       "brands[0].campaign[0].end",
       {"ends at 2 d, not after its start (5 d)", "later than 'start'"}},
      {"overlapping phases",
       replace_line(10, "      - {start: 5d, end: 37d, pitches_per_day: 8}", shop_text),
       {},
       10,
       "brands[0].campaign[1].start",
       {"phase 1 starts at 5 d, before phase 0 ends (7 d)", "without overlap"}},
      {"a phase sets a parameter phases may not change",
       replace_line(10, "      - {start: 30d, end: 37d, answer_prob: 1}", shop_text),
       {},
       10,
       "brands[0].campaign[1].answer_prob",
       {"'answer_prob' cannot change during a campaign phase", "a phase may set: pitches_per_day"}},
      {"unknown phase key",
       replace_line(10, "      - {start: 30d, stop: 37d}", shop_text),
       {},
       10,
       "brands[0].campaign[1].stop",
       {"unknown key 'stop'", "start, end, pitches_per_day"}},
      {"phase without a start",
       replace_line(9, "      - {end: 7d, pitches_per_day: 10}", shop_text),
       {},
       9,
       "brands[0].campaign[0].start",
       {"missing required key 'start'"}},
      {"phase value out of range",
       replace_line(9, "      - {start: 0d, end: 7d, pitches_per_day: -1}", shop_text),
       {},
       9,
       "brands[0].campaign[0].pitches_per_day",
       {"-1 is out of range", "pitch posts per day"}},
      {"brand value of the wrong type",
       replace_line(7, "    answer_prob: often", shop_text),
       {},
       7,
       "brands[0].answer_prob",
       {"expected a number, found 'often'", "in [0, 1]"}},
      {"too few brands",
       insert_after(3, "brands: []", no_brands),
       {},
       4,
       "brands",
       {"lists 0 brands; model shop needs 1 to 3", "add brands"}},
      {"too many brands",
       four_brands,
       {},
       14,
       "brands[3]",
       {"lists 4 brands; model shop takes 1 to 3"}},
      {"no brands for a model that needs them",
       no_brands,
       {},
       1,
       "brands",
       {"missing required key 'brands'", "1 to 3 brands", "style: hard_sell"}},
      {"brands not a list",
       insert_after(3, "brands: {name: A}", no_brands),
       {},
       4,
       "brands",
       {"'brands' must be a list of brands, found a mapping"}},
      {"brand without a name",
       replace_line(11, "  - answer_prob: 0.5", replace_line(12, "", shop_text)),
       {},
       11,
       "brands[1].name",
       {"missing required key 'name' in 'brands[1]'"}},
      {"brand name with a dot",
       replace_line(5, "  - name: Pitch.Co", shop_text),
       {},
       5,
       "brands[0].name",
       {"contains '.'", "--set brands.NAME.key"}},
      {"brand name too long",
       replace_line(5, "  - name: " + std::string(65, 'x'), shop_text),
       {},
       5,
       "brands[0].name",
       {"65 characters long (at most 64)"}},
      {"brands for a model without brands",
       insert_after(20, "brands: [{name: A}]"),
       {},
       21,
       "brands",
       {"model toy has no brands", "remove 'brands'"}},
      {"cascades for a model without cascades",
       replace_line(20, "  cascades: true"),
       {},
       20,
       "output.cascades",
       {"model toy does not record cascades", "remove 'cascades'"}},
      {"cascades not a boolean",
       replace_line(13, "output: {cascades: maybe}", shop_text),
       {},
       13,
       "output.cascades",
       {"expected true or false", "found 'maybe'"}},
      {"--set on an unknown brand name",
       shop_text,
       {"brands.PichCo.pitches_per_day=8"},
       0,
       "brands.PichCo.pitches_per_day",
       {"no brand named 'PichCo'", "did you mean 'PitchCo'?", "brands: PitchCo, PeopleCo"}},
      {"--set on a brand key out of range",
       shop_text,
       {"brands.PeopleCo.answer_prob=2"},
       0,
       "brands[1].answer_prob",
       {"in --set brands.PeopleCo.answer_prob=2: 2 is out of range", "in [0, 1]"}},
      {"--set on an unknown brand key",
       shop_text,
       {"brands.PeopleCo.pitches_perday=2"},
       0,
       "brands[1].pitches_perday",
       {"in --set brands.PeopleCo.pitches_perday=2: unknown key 'pitches_perday'",
        "did you mean 'pitches_per_day'?"}},
      {"--set on a brand when there are no brands",
       base_text,
       {"brands.A.rate=1"},
       0,
       "brands.A.rate",
       {"the scenario has no 'brands' list, so no brand 'A'", "--set 'brands=[{name: A, ...}]'"}},
      {"--set past the end of a list",
       shop_text,
       {"brands[2].style=soft_sell"},
       0,
       "brands[2].style",
       {"'brands' has 2 entries, so no [2]", "--set 'brands=[...]'"}},
      {"--set with an index into something not a list",
       base_text,
       {"model[0].beta=1"},
       0,
       "model[0].beta",
       {"'model' is not a list (it is a mapping)"}},
      {"--set on a whole brand",
       shop_text,
       {"brands.PeopleCo=1"},
       0,
       "brands.PeopleCo",
       {"is a whole brand", "--set brands.PeopleCo.style="}},
  };
}

TEST_CASE("scenario: brands resolve default <- style <- own keys, with campaigns", "[scenario]") {
  const Scenario s = parse_text(shop_text);
  REQUIRE(s.brands.size() == 2);
  const BrandSpec& pitch = s.brands[0];
  CHECK(pitch.name == "PitchCo");
  CHECK(pitch.style == "hard_sell");
  CHECK(pitch.params.real("pitches_per_day") == 4);  // style
  CHECK(pitch.params.real("answer_prob") == 0.3);    // own key over the style's 0.2
  CHECK(pitch.params.real("answer_delay") == 1);     // schema default
  CHECK(pitch.params.text("voice") == "casual");
  REQUIRE(pitch.campaign.size() == 2);
  CHECK(pitch.campaign[0].start == 0);
  CHECK(pitch.campaign[0].end == 7);
  CHECK(pitch.campaign[0].params.real("pitches_per_day") == 10);
  CHECK(pitch.campaign[1].start == 30);
  CHECK(pitch.campaign[1].params.all().size() == 1);  // a phase holds only what it sets
  const BrandSpec& people = s.brands[1];
  CHECK(people.style == "soft_sell");
  CHECK(people.params.real("pitches_per_day") == 0.2);
  CHECK(people.params.real("answer_prob") == 0.9);
  CHECK(people.params.real("answer_delay") == 0.25);
  CHECK(people.campaign.empty());
  CHECK(s.output_cascades);
  require_round_trip(s);

  SECTION("without a style, every value is the default; cascades default to off") {
    const Scenario d = parse_text(
        "seed: 1\ntime: {end: 5}\nmodel: {name: shop}\nbrands: [{name: Plain, voice: "
        "formal, answer_delay: 90min}]\n");
    REQUIRE(d.brands.size() == 1);
    CHECK(d.brands[0].style.empty());
    CHECK(d.brands[0].params.real("pitches_per_day") == 1);
    CHECK(d.brands[0].params.real("answer_delay") == 0.0625);
    CHECK(d.brands[0].params.text("voice") == "formal");
    CHECK_FALSE(d.output_cascades);
    CHECK_THAT(d.resolved_yaml, Catch::Contains("cascades: false"));
    require_round_trip(d);
  }
  SECTION("an empty campaign is no campaign") {
    const Scenario e = parse_text(
        "seed: 1\ntime: {end: 5}\nmodel: {name: shop}\nbrands: [{name: A, campaign: []}]\n");
    CHECK(e.brands[0].campaign.empty());
  }
  SECTION("phases may touch: one ends when the next starts") {
    const Scenario t = parse_text(
        replace_line(10, "      - {start: 7d, end: 37d, pitches_per_day: 8}", shop_text));
    CHECK(t.brands[0].campaign[1].start == 7);
  }
}

TEST_CASE("scenario: --set brands.NAME.key changes that brand only", "[scenario]") {
  const Scenario s =
      parse_text(shop_text, {"brands.PitchCo.pitches_per_day=8", "brands.PeopleCo.style=hard_sell",
                             "brands.PeopleCo.campaign=[{start: 1d, end: 2d, pitches_per_day: 3}]",
                             "output.cascades=false"});
  REQUIRE(s.brands.size() == 2);
  CHECK(s.brands[0].params.real("pitches_per_day") == 8);
  CHECK(s.brands[0].params.real("answer_prob") == 0.3);  // untouched
  CHECK(s.brands[0].campaign.size() == 2);
  CHECK(s.brands[1].style == "hard_sell");
  CHECK(s.brands[1].params.real("pitches_per_day") == 4);  // from the new style
  CHECK(s.brands[1].params.real("answer_delay") == 1);     // soft_sell's 0.25 is gone
  REQUIRE(s.brands[1].campaign.size() == 1);
  CHECK(s.brands[1].campaign[0].params.real("pitches_per_day") == 3);
  CHECK_FALSE(s.output_cascades);
  require_round_trip(s);

  // The positional form that error messages print works too.
  const Scenario p =
      parse_text(shop_text, {"brands[1].answer_prob=0.1", "brands[0].campaign[1].end=40d",
                             "brands[0].campaign[0]={start: 1d, end: 2d}", "model.name=shop"});
  CHECK(p.brands[1].params.real("answer_prob") == 0.1);
  CHECK(p.brands[0].campaign[1].end == 40);
  CHECK(p.brands[0].campaign[0].start == 1);
  CHECK(p.brands[0].campaign[0].params.all().empty());
  require_round_trip(p);

  // A whole new list replaces the file's.
  const Scenario r = parse_text(shop_text, {"brands=[{name: Solo, style: soft_sell}]"});
  REQUIRE(r.brands.size() == 1);
  CHECK(r.brands[0].name == "Solo");
  // The override reaches a brand added by an earlier override.
  const Scenario a = parse_text(shop_text, {"brands=[{name: Solo}]", "brands.Solo.answer_prob=1"});
  CHECK(a.brands[0].params.real("answer_prob") == 1);
}

TEST_CASE("scenario: resolved brands list every parameter in schema order", "[scenario]") {
  const Scenario s = parse_text(shop_text);
  const std::string& y = s.resolved_yaml;
  INFO(y);
  CHECK(y.find("\nseeding:") < y.find("\nbrands:"));
  CHECK(y.find("\nbrands:") < y.find("\noutput:"));
  const std::size_t people = y.find("name: PeopleCo");
  REQUIRE(people != std::string::npos);
  std::vector<std::size_t> at;
  for (const char* key : {"name: PitchCo", "style: hard_sell", "pitches_per_day: 4",
                          "answer_prob: 0.3", "answer_delay: 1", "voice: casual",
                          "campaign:", "start: 0", "end: 7", "pitches_per_day: 10", "start: 30"})
    at.push_back(y.find(key));
  CHECK(std::is_sorted(at.begin(), at.end()));
  CHECK(at.back() < people);
  CHECK(y.find("answer_delay: 0.25", people) != std::string::npos);
  CHECK_THAT(y, Catch::Contains("cascades: true"));
  // Models without brands show none of it.
  CHECK(parse_text(base_text).resolved_yaml.find("brands") == std::string::npos);
  CHECK(parse_text(base_text).resolved_yaml.find("cascades") == std::string::npos);
}

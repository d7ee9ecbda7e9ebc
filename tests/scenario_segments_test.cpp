// Consumer segments in scenarios (`segments:`): what is read and resolved, and the table of user
// errors in segments.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "scenario_text.hpp"
#include "sim/scenario/scenario.hpp"

using namespace hearsay;
using namespace hearsay::testing;

std::vector<ErrorCase> hearsay::testing::segment_error_cases() {
  const std::string t = segmented_shop_text();
  std::string many = "segments:\n";
  for (int i = 0; i < 65; ++i)
    many += "  - {name: s" + std::to_string(i) + ", share: " + (i == 0 ? "0.36" : "0.01") + "}\n";
  return {
      {"segments for a model without them",
       "seed: 1\ntime: {end: 60d}\nmodel: {name: hawkes}\nsegments: [{name: a, share: 1}]\n",
       {},
       4,
       "segments",
       {"model hawkes has no consumer segments", "remove 'segments'"}},
      {"segments not a list",
       replace_line(14, "  young: 1", replace_line(15, "", t)),
       {},
       14,
       "segments",
       {"must be a non-empty list of segments", "segments: [{name: young"}},
      {"empty segments",
       replace_line(13, "segments: []", replace_line(14, "", replace_line(15, "", t))),
       {},
       13,
       "segments",
       {"must be a non-empty list of segments"}},
      {"segment without a share",
       replace_line(15, "  - {name: rest}", t),
       {},
       15,
       "segments[1].share",
       {"missing", "share"}},
      {"segment without a name",
       replace_line(15, "  - {share: 0.75}", t),
       {},
       15,
       "segments[1].name",
       {"missing", "name"}},
      {"share of 0",
       replace_line(15, "  - {name: rest, share: 0}", t),
       {},
       15,
       "segments[1].share",
       {"share"}},
      {"share above 1",
       replace_line(15, "  - {name: rest, share: 1.5}", t),
       {},
       15,
       "segments[1].share",
       {"share"}},
      {"shares that do not sum to 1",
       replace_line(15, "  - {name: rest, share: 0.7}", t),
       {},
       14,
       "segments",
       {"add up to 0.95 (0.25 + 0.7), not 1", "sum to 1"}},
      {"duplicate segment name",
       replace_line(15, "  - {name: young, share: 0.75}", t),
       {},
       15,
       "segments[1].name",
       {"segment name 'young' is used twice (first by segments[0])"}},
      {"unknown segment key with a suggestion",
       replace_line(15, "  - {name: rest, share: 0.75, trst: 0.2}", t),
       {},
       15,
       "segments[1].trst",
       {"unknown key 'trst'", "did you mean 'trust'?"}},
      {"a model parameter a segment cannot set",
       replace_line(15, "  - {name: rest, share: 0.75, market: 50}", t),
       {},
       15,
       "segments[1].market",
       {"'market' is the same for every consumer", "a segment may set: trust, patience"}},
      {"segment value out of range",
       replace_line(15, "  - {name: rest, share: 0.75, trust: 2}", t),
       {},
       15,
       "segments[1].trust",
       {"trust"}},
      {"segment value of the wrong type",
       replace_line(15, "  - {name: rest, share: 0.75, patience: soon}", t),
       {},
       15,
       "segments[1].patience",
       {"patience"}},
      {"empty segment name",
       replace_line(15, "  - {name: '', share: 0.75}", t),
       {},
       15,
       "segments[1].name",
       {"the segment name is empty"}},
      {"too many segments",
       replace_line(13, many, replace_line(14, "", replace_line(15, "", t))),
       {},
       78,
       "segments[64]",
       {"lists 65 segments; at most 64"}},
      {"segment_by without segments",
       replace_line(13, "segment_by: segment", replace_line(14, "", replace_line(15, "", t))),
       {},
       13,
       "segment_by",
       {"'segment_by' without 'segments'"}},
      {"segment_by on a network without a node file",
       replace_line(13, "segment_by: segment\nsegments:",
                    replace_line(14, "  - {name: young}", replace_line(15, "  - {name: rest}", t))),
       {},
       13,
       "segment_by",
       {"the network has no node file", "node_file: nodes.csv"}},
      {"--set a segment value out of range",
       t,
       {"segments[0].trust=-1"},
       0,
       "segments[0].trust",
       {"in --set segments[0].trust=-1"}},
  };
}

TEST_CASE("scenario: segments are read with their shares and values", "[scenario][segments]") {
  const Scenario sc =
      parse_scenario(segmented_shop_text(), "segments.yaml", {}, stand_in_catalog());
  REQUIRE(sc.segments.size() == 2);
  CHECK(sc.segments[0].name == "young");
  CHECK(sc.segments[0].share == 0.25);
  CHECK(sc.segments[0].params.real("trust") == 0.8);
  CHECK(sc.segments[0].params.real("patience") == 0.5);  // 12h in days
  CHECK(sc.segments[1].name == "rest");
  CHECK(sc.segments[1].params.all().empty());  // sets nothing: the model's values
  // The resolved scenario lists them, and reads back to the same segments.
  CHECK_THAT(sc.resolved_yaml, Catch::Contains("segments:"));
  const Scenario again = parse_scenario(sc.resolved_yaml, "resolved.yaml", {}, stand_in_catalog());
  REQUIRE(again.segments.size() == 2);
  CHECK(again.segments[0].params.real("patience") == 0.5);
  CHECK(again.segments[1].share == 0.75);
  CHECK(again.resolved_yaml == sc.resolved_yaml);
}

TEST_CASE("scenario: --set changes a segment's value", "[scenario][segments]") {
  const Scenario sc = parse_scenario(segmented_shop_text(), "segments.yaml",
                                     {"segments[1].trust=0.1"}, stand_in_catalog());
  CHECK(sc.segments[1].params.real("trust") == 0.1);
  CHECK_FALSE(sc.segments[0].params.real("trust") == 0.1);
}

TEST_CASE("scenario: decimal shares that sum to 1 up to rounding are accepted",
          "[scenario][segments]") {
  const std::string text =
      replace_line(14, "  - {name: a, share: 0.1}\n  - {name: b, share: 0.2}",
                   replace_line(15, "  - {name: c, share: 0.7}", segmented_shop_text()));
  const Scenario sc = parse_scenario(text, "segments.yaml", {}, stand_in_catalog());
  CHECK(sc.segments.size() == 3);
}

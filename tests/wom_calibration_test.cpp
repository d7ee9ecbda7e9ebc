// wom's defaults hit the published market-level targets (models/wom/calibration/targets.cpp),
// measured in the reference markets with seeds other than the calibration's.
#include <catch2/catch.hpp>
#include <string>

#include "models/wom/calibration/targets.hpp"

using namespace hearsay::models::wom::calibration;

namespace {

void check_target(const std::string& id) {
  const Target& t = target(id);
  Evaluation evaluation(Setting::defaults(), Effort{.replications = 8, .seed = 4242});
  const Measurement m = t.measure(evaluation);
  INFO(t.id << ": " << t.what);
  INFO("model " << m.value << " +- " << m.se << " (" << m.detail << ")");
  INFO("published " << t.published << ", band [" << t.lo << ", " << t.hi << "]: " << t.band);
  INFO("source: " << t.source);
  CHECK(m.value >= t.lo);
  CHECK(m.value <= t.hi);
}

}  // namespace

TEST_CASE("wom calibration: 78% trust recommendations from consumers (Nielsen 2007)",
          "[wom][validation][calibration]") {
  check_target("trust_in_consumers");
}

TEST_CASE("wom calibration: 90% trust people they know (Nielsen 2009)",
          "[wom][validation][calibration]") {
  check_target("trust_in_people_known");
}

TEST_CASE("wom calibration: 60% trust brands (Nielsen 2007)", "[wom][validation][calibration]") {
  check_target("trust_in_brands");
}

TEST_CASE(
    "wom calibration: a recovered failure satisfies slightly more than no failure (de Matos et al. "
    "2007)",
    "[wom][validation][calibration]") {
  check_target("service_recovery_paradox");
}

TEST_CASE(
    "wom calibration: about three positive tells per negative one (East, Hammond & Wright 2007)",
    "[wom][validation][calibration]") {
  check_target("positive_negative_ratio");
}

TEST_CASE(
    "wom calibration: 1-5% of bad experiences become complaints (TARP, Goodman & Newman 2003)",
    "[wom][validation][calibration]") {
  check_target("complaints_per_bad_experience");
}

TEST_CASE(
    "wom calibration: brand posts are shared at most as often as Facebook engagement (Rival IQ "
    "2019)",
    "[wom][validation][calibration]") {
  check_target("shares_per_follower_post");
}

TEST_CASE(
    "wom calibration: annoyance causes about 45% of unfollows (ExactTarget 2011, Sprout Social "
    "2016)",
    "[wom][validation][calibration]") {
  check_target("annoyance_unfollow_share");
}

TEST_CASE(
    "wom calibration: about half of a brand's followers leave within a year (ExactTarget 2011)",
    "[wom][validation][calibration]") {
  check_target("followers_lost_per_year");
}

TEST_CASE(
    "wom calibration: a new product's Bass q/p is in the published range (Sultan, Farley & Lehmann "
    "1990)",
    "[wom][validation][calibration]") {
  check_target("bass_q_over_p");
}

TEST_CASE("wom calibration: word of mouth wins 20-50% of customers (Bughin, Doogan & Vetvik 2010)",
          "[wom][validation][calibration]") {
  check_target("wom_share");
}

TEST_CASE("wom calibration: less than 8% of word of mouth is online (Keller & Fay 2012)",
          "[wom][validation][calibration]") {
  check_target("online_wom_share");
}

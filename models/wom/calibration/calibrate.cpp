// hearsay_wom_calibration: prints wom's model figures against the published targets at the
// declared defaults (or with --set), and with --fit reruns the calibration of the fitted
// parameters. Usage in models/wom/README.md; scripts/calibrate-wom builds and runs it.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "models/wom/calibration/targets.hpp"

using namespace hearsay::models::wom::calibration;

namespace {

/// Parameters that follow a fitted one at a fixed ratio (assumptions stated in wom_info.cpp).
struct Link {
  std::string leader, follower;
  double ratio;
};
const std::vector<Link> links = {
    {"model.adopt_prob_strong", "model.adopt_prob_weak", 0.25},
    {"model.community_share_prob", "model.pitch_share_prob", 0.1},
};

void set_fitted(Setting& setting, const std::string& key, double value) {
  setting.set(key, value);
  for (const Link& link : links)
    if (link.leader == key) setting.set(link.follower, value * link.ratio);
}

Measurement measure(const Target& t, const Setting& setting, const Effort& effort) {
  Evaluation e(setting, effort);
  return t.measure(e);
}

/// Moves the target's parameter (log scale, bisection) until its figure meets the published one.
void fit(const Target& t, Setting& setting, const Effort& effort) {
  const double start = setting.get(t.fitted);
  const bool probability =
      t.fitted != "model.unfollow_coefficient" && t.fitted != "model.baseline_unfollow_rate";
  double lo = start / 4, hi = probability ? std::min(1.0, start * 4) : start * 4;
  auto error = [&](double x) {
    Setting s = setting;
    set_fitted(s, t.fitted, x);
    return measure(t, s, effort).value - t.published;
  };
  double e_lo = error(lo), e_hi = error(hi);
  if (!(e_lo * e_hi < 0)) {
    const double best = std::abs(e_lo) < std::abs(e_hi) ? lo : hi;
    fmt::print("  {}: no crossing in [{:.6g}, {:.6g}] (errors {:.4g}, {:.4g}); keeping {:.6g}\n",
               t.fitted, lo, hi, e_lo, e_hi, best);
    set_fitted(setting, t.fitted, best);
    return;
  }
  for (int it = 0; it < 14; ++it) {
    const double mid = std::sqrt(lo * hi);
    const double e_mid = error(mid);
    if ((e_mid < 0) == (e_lo < 0)) {
      lo = mid, e_lo = e_mid;
    } else {
      hi = mid, e_hi = e_mid;
    }
  }
  const double chosen = std::abs(e_lo) < std::abs(e_hi) ? lo : hi;
  set_fitted(setting, t.fitted, chosen);
  fmt::print("  {} = {:.4g} (was {:.4g})\n", t.fitted, chosen, start);
}

bool report(const Setting& setting, const Effort& effort) {
  Evaluation e(setting, effort);
  bool all = true;
  fmt::print("\n{:<30} {:>10} {:>21} {:>19}  {}\n", "target", "published", "band", "model", "");
  for (const Target& t : targets()) {
    const Measurement m = t.measure(e);
    const bool inside = m.value >= t.lo && m.value <= t.hi;
    all = all && inside;
    fmt::print("{:<30} {:>10.4g} {:>21} {:>10.4g} +- {:<6.2g} {}\n", t.id, t.published,
               fmt::format("[{:.4g}, {:.4g}]", t.lo, t.hi), m.value, m.se,
               inside ? "in band" : "OUT OF BAND");
    fmt::print("    {}\n", m.detail);
  }
  return all;
}

int usage() {
  std::fprintf(stderr,
               "usage: hearsay_wom_calibration [--fit] [--rounds N] [--replications R] "
               "[--seed S] [--set model.NAME=VALUE]...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Setting setting = Setting::defaults();
  Effort effort;
  bool fitting = false;
  int rounds = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--fit") {
        fitting = true;
      } else if (arg == "--rounds") {
        rounds = std::stoi(next());
        if (rounds < 1) throw std::invalid_argument("--rounds must be at least 1");
      } else if (arg == "--replications") {
        effort.replications = std::stoi(next());
        if (effort.replications < 2)
          throw std::invalid_argument("--replications must be at least 2");
      } else if (arg == "--seed") {
        effort.seed = std::stoull(next());
      } else if (arg == "--set") {
        const std::string kv = next();
        const auto eq = kv.find('=');
        if (eq == std::string::npos) return usage();
        setting.set(kv.substr(0, eq), std::stod(kv.substr(eq + 1)));
      } else {
        return usage();
      }
    } catch (const std::exception& error) {
      std::fprintf(stderr, "hearsay_wom_calibration: %s\n", error.what());
      return 2;
    }
  }
  fmt::print("wom calibration: {} replications per market, seed {}\n", effort.replications,
             effort.seed);
  if (fitting) {
    for (int round = 1; round <= rounds; ++round) {
      fmt::print("\nround {}\n", round);
      for (const Target& t : targets())
        if (!t.fitted.empty()) fit(t, setting, effort);
    }
    fmt::print("\nfitted values (declare them in models/wom/wom_info.cpp):\n");
    for (const Target& t : targets()) {
      if (t.fitted.empty()) continue;
      fmt::print("  {} = {:.4g}\n", t.fitted, setting.get(t.fitted));
      for (const Link& link : links)
        if (link.leader == t.fitted)
          fmt::print("  {} = {:.4g}\n", link.follower, setting.get(link.follower));
    }
  }
  return report(setting, effort) ? 0 : 1;
}

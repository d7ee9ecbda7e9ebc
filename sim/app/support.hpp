// What the subcommands share: the registered model of a scenario, and text for the terminal.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/model/model_api.hpp"
#include "sim/scenario/scenario.hpp"

namespace hearsay::cli {

const ModelEntry& model_of(const Scenario& scenario);

std::string human_bytes(double bytes);

std::string human_rate(double per_second);

/// Whether something (a file, a folder, a link, even a dangling one) is at `path`.
bool occupied(const std::string& path);

/// Columns a UTF-8 text takes in a terminal ("±" is two bytes, one column).
std::size_t display_width(const std::string& text);

std::string pad_left(const std::string& text, std::size_t width);

/// A duration as a scenario would write it: "1d", "6h", "15min".
std::string duration_text(double days);

std::string join_names(const std::vector<std::string>& names, bool markdown);

/// "1:02:03", "4:05", "0:07": a duration for the progress line.
std::string clock_text(double seconds);

}  // namespace hearsay::cli

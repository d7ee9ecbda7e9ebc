// Entries chosen by the name a scenario gives them (models, network generators), listed explicitly.
#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/error.hpp"

namespace hearsay {

/// "unknown KIND 'x' (did you mean 'y'?); valid PLURAL: a, b, ...".
std::string unknown_name(const std::string& kind, const std::string& plural,
                         const std::string& name, const std::vector<std::string>& names);

/// An explicit list of entries, each named by `entry.info.name`, in the order they are listed
/// (`hearsay models` and `hearsay describe --all` keep it). A list, not self-registration: no
/// linker can drop an entry, and two registries can live in one process (tests make their own).
template <class Entry>
class Registry {
 public:
  /// `kind` and `plural` name the entries in messages: "network generator", "generators".
  Registry(std::string kind, std::string plural, std::vector<const Entry*> entries)
      : kind_(std::move(kind)), plural_(std::move(plural)), entries_(std::move(entries)) {
    for (const Entry* entry : entries_) names_.push_back(entry->info.name);
  }

  const std::vector<const Entry*>& entries() const { return entries_; }
  /// The names in list order.
  const std::vector<std::string>& names() const { return names_; }

  /// The entry called `name`, or null.
  const Entry* find(std::string_view name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    return it == names_.end() ? nullptr : entries_[static_cast<std::size_t>(it - names_.begin())];
  }

  /// The listed name closest to `word` when one is close enough to be a typo, else empty.
  std::string closest(const std::string& word) const {
    return closest_match(word, names_.data(), names_.data() + names_.size());
  }

  /// The entry called `name`; throws std::invalid_argument "unknown KIND 'x' (did you mean
  /// 'y'?); valid PLURAL: a, b, ..." otherwise.
  const Entry& at(const std::string& name) const {
    if (const Entry* entry = find(name)) return *entry;
    throw std::invalid_argument(unknown_name(kind_, plural_, name, names_));
  }

 private:
  std::string kind_, plural_;
  std::vector<const Entry*> entries_;
  std::vector<std::string> names_;
};

}  // namespace hearsay

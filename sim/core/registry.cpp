// The message for a name no registry entry has.
#include "sim/core/registry.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

namespace hearsay {

std::string unknown_name(const std::string& kind, const std::string& plural,
                         const std::string& name, const std::vector<std::string>& names) {
  const std::string guess = closest_match(name, names.data(), names.data() + names.size());
  return fmt::format("unknown {} '{}'{}; valid {}: {}", kind, name,
                     guess.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", guess),
                     plural, fmt::join(names, ", "));
}

}  // namespace hearsay

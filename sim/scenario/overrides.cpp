// `--set KEY=VALUE`: dotted key paths resolved in the tree, and values put there.
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {

void ScenarioReader::apply_override(YAML::Node& root, const std::string& text) {
  const std::size_t eq = text.find('=');
  const std::string key = text.substr(0, std::min(eq, text.size()));
  const std::string fix =
      "write --set KEY=VALUE with a dotted key, e.g. --set model.beta=0.2 or --set time.end=30d";
  if (eq == std::string::npos)
    throw ScenarioError({file_, 0, 0}, key,
                        "in --set " + text + ": expected KEY=VALUE (no '=' found)", fix);
  YAML::Node value;
  try {
    value = YAML::Load(text.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(
        {file_, 0, 0}, key, "in --set " + text + ": the value is not valid YAML: " + e.msg,
        "check the value's brackets and quotes; in a shell, quote the whole override, "
        "e.g. --set '" +
            key + "=...'");
  }
  const std::vector<Step> steps = resolve_key(root, key, KeySource{&text, {}, {}});
  OverrideOrigin origin{"in --set " + text, true, YAML::Mark::null_mark(), {}};
  assign(root, steps, value, &origin);
  origins_.push_back(std::move(origin));
}

std::vector<std::string> dotted_parts(const std::string& key) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::vector<Step> ScenarioReader::resolve_key(const YAML::Node& root, const std::string& key,
                                              const KeySource& source) const {
  const bool from_set = source.set_text != nullptr;
  auto path_error = [&](const std::string& problem, const std::string& fix) {
    if (from_set)
      throw ScenarioError({file_, 0, 0}, key, "in --set " + *source.set_text + ": " + problem, fix);
    fail(source.key_node, source.path, problem, fix);
  };
  // How a fix shows setting KEY to VALUE, on the command line or in the file.
  auto setting = [&](const std::string& k, const std::string& v) {
    return from_set ? "--set '" + k + "=" + v + "'" : "'" + k + ": " + v + "'";
  };
  const std::vector<std::string> parts = dotted_parts(key);
  for (const std::string& part : parts)
    if (trim(part).size() != part.size() || part.empty())
      path_error("'" + key + "' is not a valid key path",
                 from_set ? "write --set KEY=VALUE with a dotted key, e.g. --set model.beta=0.2 "
                            "or --set time.end=30d"
                          : "write a dotted key, e.g. model.beta or brands.NAME.style");

  std::vector<Step> steps;
  // `cur` is the node at the steps so far; once a section is missing, nothing below exists yet.
  YAML::Node cur;
  cur.reset(root);
  bool exists = true;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    const YAML::Node existing = exists ? std::as_const(cur)[part] : YAML::Node();
    const bool existed = exists && existing.IsDefined();
    // `list[i]`: entry i of a list, the form error messages use (brands[0].campaign[1].end).
    if (const std::size_t open = part.find('[');
        open != std::string::npos && open > 0 && part.back() == ']') {
      const std::string name = part.substr(0, open);
      const std::string digits = part.substr(open + 1, part.size() - open - 2);
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        path_error("'" + part + "' is not a valid list entry",
                   "write NAME[i] with a whole number i >= 0, e.g. brands[0].style");
      const YAML::Node list = exists ? std::as_const(cur)[name] : YAML::Node();
      const std::string where = walked + name;
      if (!exists || !list.IsDefined() || !list.IsSequence() || index >= list.size())
        path_error("'" + where + "' " +
                       (!exists || !list.IsDefined() ? std::string("does not exist")
                        : !list.IsSequence() ? "is not a list (it is " + describe_node(list) + ")"
                                             : "has " + std::to_string(list.size()) +
                                                   (list.size() == 1 ? " entry" : " entries") +
                                                   ", so no [" + std::to_string(index) + "]"),
                   "give an index from 0 to the list's length - 1, or set the whole list: " +
                       setting(where, "[...]"));
      const YAML::Node entry = list[index];
      if (!last && !entry.IsMap())
        path_error("'" + walked + part + "' is not a section (it is " + describe_node(entry) +
                       "), so it has no key '" + parts[i + 1] + "'",
                   "set '" + walked + part + "' itself, or check the key path");
      steps.push_back({name, 0, false});
      steps.push_back({{}, index, true});
      cur.reset(entry);
      walked += part + ".";
      continue;
    }
    // `brands.NAME.key`: the brand list is a sequence, and a brand's name picks its entry, so
    // overrides (and sweeps, which are overrides) address a brand by name, never by position.
    if (walked.empty() && part == "brands" && !last && (!existed || existing.IsSequence())) {
      const std::string& brand = parts[i + 1];
      std::vector<std::string> names;
      std::size_t match = 0;
      bool found = false;
      if (existed)
        for (std::size_t j = 0; j < existing.size(); ++j) {
          const YAML::Node item = existing[j];  // const: a lookup must not add a key
          const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
          if (!name.IsDefined() || !name.IsScalar()) continue;
          names.push_back(name.Scalar());
          if (name.Scalar() == brand && !found) {
            match = j;
            found = true;
          }
        }
      if (!found && !existed)
        path_error("the scenario has no 'brands' list, so no brand '" + brand + "'",
                   "list the brand under 'brands:' in the file, or set the whole list: " +
                       setting("brands", "[{name: " + brand + ", ...}]"));
      if (!found)
        path_error("there is no brand named '" + brand + "'",
                   names.empty() ? "the 'brands' list is empty: add the brand to it first"
                                 : suggestion(brand, names) + "brands: " + join(names));
      if (i + 2 == parts.size())
        path_error("'brands." + brand + "' is a whole brand; " +
                       (from_set ? "an override sets" : "a sweep or an arm varies") +
                       " one of its keys",
                   from_set ? "write e.g. --set brands." + brand + ".style=..."
                            : "write e.g. 'brands." + brand + ".style: ...'");
      steps.push_back({"brands", 0, false});
      steps.push_back({{}, match, true});
      cur.reset(existing[match]);
      walked += part + "." + brand + ".";
      ++i;
      continue;
    }
    steps.push_back({part, 0, false});
    if (last) break;
    if (existed && !existing.IsNull() && !existing.IsMap())
      path_error("'" + walked + part + "' is not a section (it is " + describe_node(existing) +
                     "), so it has no key '" + parts[i + 1] + "'",
                 "set '" + walked + part + "' itself, or check the key path");
    if (existed && existing.IsMap())
      cur.reset(existing);
    else
      exists = false;
    walked += part + ".";
  }
  return steps;
}

void ScenarioReader::collect_value(const YAML::Node& value, OverrideOrigin& origin) const {
  if (collect_nodes(value, origin.nodes)) return;
  const std::string problem = origin.context + ": the value is nested more than " +
                              std::to_string(max_value_depth) + " levels deep or has more than " +
                              std::to_string(max_value_nodes) +
                              " parts (a YAML alias that refers to itself, or aliases of aliases)";
  const std::string fix = "write the value out in full, without & anchors and * aliases";
  if (origin.from_set) throw ScenarioError({file_, 0, 0}, "", problem, fix);
  throw ScenarioError(location(origin.fallback), "", problem, fix);
}

void ScenarioReader::assign(YAML::Node& root, const std::vector<Step>& steps,
                            const YAML::Node& value, OverrideOrigin* origin) const {
  // Node assignment in yaml-cpp rebinds shared data, so walk with reset() and never `cur = child`.
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const bool last = i + 1 == steps.size();
    if (step.is_index) {  // resolve_key checked that the entry exists
      const YAML::Node entry = std::as_const(cur)[step.index];
      if (last) {
        YAML::Node slot = entry;
        slot = value;
        if (origin != nullptr) collect_value(value, *origin);
      } else {
        cur.reset(entry);
      }
      continue;
    }
    const YAML::Node existing = std::as_const(cur)[step.key];
    const bool existed = existing.IsDefined();
    if (last) {
      cur[step.key] = value;
      if (origin != nullptr) collect_value(value, *origin);
    } else if (steps[i + 1].is_index) {
      // A list resolve_key found: never created here.
    } else if (!existed || existing.IsNull()) {
      YAML::Node fresh(YAML::NodeType::Map);
      cur[step.key] = fresh;
      if (origin != nullptr) origin->nodes.push_back(fresh);
    }
    if (!existed && origin != nullptr)
      for (auto it = cur.begin(); it != cur.end(); ++it)
        if (it->first.Scalar() == step.key) origin->nodes.push_back(it->first);
    if (!last) {
      const YAML::Node child = std::as_const(cur)[step.key];
      cur.reset(child);
    }
  }
}

}  // namespace hearsay::scenarios

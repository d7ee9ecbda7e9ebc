// Sections and values of a scenario, validated against parameter schemas.
#include "sim/files/input_file.hpp"
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {

Section ScenarioReader::section(const YAML::Node& where, const YAML::Node& node,
                                const std::string& path, const std::string& example) const {
  Section s{path, where, node, {}};
  if (node.IsNull()) return s;  // `seeding:` with nothing after it: an empty section
  if (!node.IsMap())
    fail(node, path,
         (path.empty() ? std::string("the scenario") : "'" + path + "'") +
             " must be a mapping of keys, found " + describe_node(node),
         "write it as " + example);
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar())
      fail(key, path,
           "keys must be plain words, found " + describe_node(key) + " as a key " + s.label(),
           "write 'key: value' with a word as the key");
    const std::string name = key.Scalar();
    if (!seen.insert(name).second) {
      // yaml-cpp keeps both copies and lookups would silently use the first one.
      const KeyValue* first = s.find(name);
      const int line = first->key.Mark().line + 1;
      fail(key, s.key_path(name),
           "key '" + name + "' appears twice " + s.label() +
               (line > 0 ? " (first at line " + std::to_string(line) + ")" : ""),
           "keep only one '" + name + "'");
    }
    s.entries.push_back({name, key, it->second});
  }
  return s;
}

void ScenarioReader::check_keys(const Section& s, const std::vector<std::string>& allowed) const {
  for (const KeyValue& e : s.entries) {
    if (std::find(allowed.begin(), allowed.end(), e.name) != allowed.end()) continue;
    if (s.path.empty() &&
        std::find(reserved_keys.begin(), reserved_keys.end(), e.name) != reserved_keys.end())
      fail(e.key, e.name, "'" + e.name + "' is not supported yet (reserved for a later version)",
           "remove '" + e.name + "'; keys allowed at the top level: " + join(allowed));
    fail(e.key, s.key_path(e.name), "unknown key '" + e.name + "'",
         suggestion(e.name, allowed) + "keys allowed " + s.label() + ": " + join(allowed));
  }
}

void ScenarioReader::fail_missing(const Section& s, const std::string& name, const std::string& fix,
                                  bool typos) const {
  // A near miss ("generater") is more likely than a forgotten key: point at the typo. Stricter
  // than closest_match, since the other keys here may be valid parameters ("rate" vs "name").
  for (const KeyValue& e : s.entries)
    if (typos && edit_distance(e.name, name) <= (name.size() <= 4 ? 1u : 2u))
      fail(e.key, s.key_path(e.name), "unknown key '" + e.name + "'",
           "did you mean '" + name + "'?");
  std::string hint;
  if (planned_.count(s.key_path(name)) != 0)
    hint = "; '" + s.key_path(name) +
           "' varies in 'sweep' or 'arms', but the scenario must be complete without them: "
           "give it a value here too (each point replaces it)";
  fail(s.where, s.key_path(name),
       "missing required key '" + name + "'" + (s.path.empty() ? "" : " in '" + s.path + "'"),
       fix + hint);
}

void ScenarioReader::wrong_type(const YAML::Node& node, const ParamSpec& spec,
                                const std::string& path) const {
  fail(node, path, "expected " + kind_phrase(spec.kind) + ", found " + describe_node(node),
       "write " + allowed_phrase(spec));
}

void ScenarioReader::check_range(double x, const YAML::Node& node, const ParamSpec& spec,
                                 const std::string& path) const {
  const bool below = spec.min_exclusive ? !(x > spec.min) : x < spec.min;
  if (!below && !(x > spec.max)) return;
  std::string shown = node.IsScalar() ? node.Scalar() : format_number(x);
  if (spec.kind == ParamKind::duration && shown != format_number(x))
    shown += " (" + format_number(x) + " d)";
  fail(node, path, shown + " is out of range (allowed: " + describe_range(spec) + ")",
       "use a value " + range_phrase(spec) + (spec.help.empty() ? "" : "; " + spec.help));
}

double ScenarioReader::read_number(const YAML::Node& node, const ParamSpec& spec,
                                   const std::string& path) const {
  double x = 0;
  if (!node.IsScalar()) wrong_type(node, spec, path);
  if (spec.kind == ParamKind::duration) {
    if (!parse_duration(node.Scalar(), x)) {
      // "6m" reads as six minutes to some and six months to others: neither is guessed.
      const std::string_view text = trim(node.Scalar());
      if (text.size() > 1 && text.back() == 'm' &&
          !std::isalpha(static_cast<unsigned char>(text[text.size() - 2]))) {
        const std::string number(trim(text.substr(0, text.size() - 1)));
        fail(node, path,
             "'" + node.Scalar() + "' is ambiguous: the unit m could mean minutes or months",
             "write " + number + "min for minutes or " + number + "mo for months (365/12 d)");
      }
      fail(node, path, describe_node(node) + " is not a duration",
           std::string("write ") + duration_forms);
    }
  } else {
    if (!parse_number(node.Scalar(), x)) wrong_type(node, spec, path);
    const bool whole = spec.kind == ParamKind::integer || spec.kind == ParamKind::integer_list;
    if (whole && x != std::floor(x)) wrong_type(node, spec, path);
    check_range(x, node, spec, path);
    // Beyond 2^53 a double no longer holds every whole number exactly.
    if (whole && std::fabs(x) > 9007199254740992.0)
      fail(node, path, node.Scalar() + " is too large to be held exactly",
           "use a whole number of magnitude at most 9007199254740992");
    return x;
  }
  check_range(x, node, spec, path);
  return x;
}

ParamValues::Value ScenarioReader::read_value(const YAML::Node& node, const ParamSpec& spec,
                                              const std::string& path) const {
  switch (spec.kind) {
    case ParamKind::real:
    case ParamKind::integer:
    case ParamKind::duration:
      return read_number(node, spec, path);
    case ParamKind::boolean: {
      const std::string s = node.IsScalar() ? node.Scalar() : std::string();
      if (s == "true" || s == "True" || s == "TRUE") return 1.0;
      if (s == "false" || s == "False" || s == "FALSE") return 0.0;
      wrong_type(node, spec, path);
    }
    case ParamKind::choice: {
      if (!node.IsScalar()) wrong_type(node, spec, path);
      const std::string word = node.Scalar();
      if (std::find(spec.choices.begin(), spec.choices.end(), word) == spec.choices.end())
        fail(node, path, "'" + word + "' is not a valid choice",
             suggestion(word, spec.choices) + "allowed: " + join(spec.choices));
      return word;
    }
    case ParamKind::text:
      if (!node.IsScalar()) wrong_type(node, spec, path);
      return node.Scalar();
    case ParamKind::real_list:
    case ParamKind::integer_list: {
      if (!node.IsSequence()) wrong_type(node, spec, path);
      // Each element is checked as a single number, so messages speak of one value.
      ParamSpec element = spec;
      element.kind = spec.kind == ParamKind::real_list ? ParamKind::real : ParamKind::integer;
      std::vector<double> list;
      std::size_t i = 0;
      for (auto it = node.begin(); it != node.end(); ++it, ++i)
        list.push_back(read_number(*it, element, path + "[" + std::to_string(i) + "]"));
      return list;
    }
  }
  wrong_type(node, spec, path);
}

std::string ScenarioReader::resolve_path(const std::string& text) const {
  if (text.empty()) return text;
  const fs::path p(text);
  if (p.is_absolute()) return p.lexically_normal().string();
  return fs::absolute(folder_ / p).lexically_normal().string();
}

ParamValues ScenarioReader::read_params(const Section& s, const std::vector<ParamSpec>& specs,
                                        const ParamValues* preset) const {
  ParamValues values;
  for (const ParamSpec& spec : specs) {
    const KeyValue* e = s.find(spec.name);
    if (e == nullptr && preset != nullptr && preset->has(spec.name)) {
      values.set(spec.name, preset->all().at(spec.name));
      continue;
    }
    if (e == nullptr) {
      const bool is_text = spec.kind == ParamKind::choice || spec.kind == ParamKind::text;
      const bool is_list =
          spec.kind == ParamKind::real_list || spec.kind == ParamKind::integer_list;
      const bool has_default = is_text ? !spec.default_text.empty() || spec.kind == ParamKind::text
                                       : is_list || !std::isnan(spec.default_value);
      if (spec.required || (!spec.optional && !has_default))
        fail_missing(s, spec.name,
                     "add '" + spec.name + ": ...' " + s.label() + ": " + allowed_phrase(spec));
      if (spec.optional &&
          (is_list || (is_text ? spec.default_text.empty() : std::isnan(spec.default_value))))
        continue;  // optional with no default: absent, callers check `has`
      if (is_text)
        values.set(spec.name, spec.default_text);
      else if (is_list)
        values.set(spec.name, std::vector<double>{});
      else
        values.set(spec.name, spec.default_value);
      continue;
    }
    ParamValues::Value value = read_value(e->value, spec, s.key_path(spec.name));
    if (!e->value.Mark().is_null() && !given_by_set(e->value))
      locations_.emplace(s.key_path(spec.name), location(e->value.Mark()));
    if (spec.kind == ParamKind::text && is_path_param(spec.name)) {
      std::string resolved = resolve_path(std::get<std::string>(value));
      // Input files are checked now, so a typo fails before hours of network building.
      // A device or FIFO would never end: refused here, before anything opens it.
      const std::uint64_t limit =
          spec.name == "degree_file" ? max_degree_file_bytes : max_edge_list_bytes;
      const std::string problem =
          resolved.empty() ? std::string("does not exist") : input_file_problem(resolved, limit);
      if (!problem.empty())
        fail(e->value, s.key_path(spec.name),
             "file '" + e->value.Scalar() + "' " + problem +
                 (resolved != e->value.Scalar() ? " (looked for " + resolved + ")" : ""),
             problem == "does not exist"
                 ? "check the path; relative paths are resolved against the scenario's folder"
                 : "give the path of a regular file of at most " + byte_size_text(limit));
      value = std::move(resolved);
    }
    values.set(spec.name, std::move(value));
  }
  return values;
}

bool ScenarioReader::read_key(const Section& s, const ParamSpec& spec, ParamValues& values) const {
  const KeyValue* e = s.find(spec.name);
  if (e == nullptr) {
    if (spec.required)
      fail_missing(s, spec.name,
                   "add '" + spec.name + ": ...' " + s.label() + ": " + allowed_phrase(spec));
    return false;
  }
  values.set(spec.name, read_value(e->value, spec, s.key_path(spec.name)));
  return true;
}

}  // namespace hearsay::scenarios

// `sweep:` and `arms:`: the keys a plan varies, their values, and the plan written back.
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {

std::string ScenarioReader::point_words() const {
  if (plan_ == nullptr) return {};
  std::string words =
      " (at point " + std::to_string(point_arm_ * plan_->sweep_size + point_sweep_) + ":";
  const char* separator = " ";
  if (plan_->design) {
    words += " design row " + std::to_string(point_sweep_);
    separator = ", ";
  }
  if (!plan_->arms.empty()) {
    words += separator + ("arm '" + plan_->arms[point_arm_].name + "'");
    separator = ", ";
  }
  for (std::size_t f = 0; f < plan_->factors.size(); ++f) {
    const Factor& factor = plan_->factors[f];
    for (std::size_t j = 0; j < factor.keys.size(); ++j) {
      words += separator + factor.texts[j] + " = " + factor.values[j][digits_[f]].shown.text;
      separator = ", ";
    }
  }
  return words + ")";
}

PlannedValue ScenarioReader::planned_value(const YAML::Node& node, const YAML::Node& key_node,
                                           const PlannedKey& key,
                                           const std::string& context) const {
  // Aliases can make a value refer to itself or multiply: refuse before writing it out as text.
  if (std::vector<YAML::Node> parts; !collect_nodes(node, parts))
    fail(node, key.text,
         context + "...: the value is nested more than " + std::to_string(max_value_depth) +
             " levels deep or has more than " + std::to_string(max_value_nodes) +
             " parts (a YAML alias that refers to itself, or aliases of aliases)",
         "write the value out in full, without & anchors and * aliases");
  PlannedValue value;
  value.node = node;
  value.emitted = node;
  value.key_node = key_node;
  // A relative file name is resolved against this scenario's folder: the resolved scenario,
  // stored elsewhere, names the same file.
  const Step& last = key.steps.back();
  if (!last.is_index && is_path_param(last.key) && node.IsScalar() && !node.Scalar().empty())
    value.emitted = YAML::Node(resolve_path(node.Scalar()));
  YAML::Emitter out;
  emit_value(out, value.emitted);
  value.shown.text = out.c_str();
  double x = 0;
  if (node.IsScalar() && parse_number(node.Scalar(), x)) value.shown.number = x;
  value.context = context + value.shown.text;
  return value;
}

std::size_t ScenarioReader::add_key(
    Plan& plan, const YAML::Node& root, const KeyValue& entry, const std::string& path,
    const std::string& where, int arm,
    const std::vector<std::pair<std::string, std::vector<Step>>>& set_keys) const {
  const std::string& text = entry.name;
  const std::vector<std::string> parts = dotted_parts(text);
  // What every point shares is refused by name, before the key is looked up.
  const std::string head = parts[0].substr(0, parts[0].find('['));
  const std::string remove_it = "remove '" + text + "' from " + (arm >= 0 ? "the arm" : "'sweep'");
  auto refuse = [&](const std::string& why, const std::string& fix) {
    fail(entry.key, path, "'" + text + "' cannot vary between points: " + why, fix);
  };
  if (head == "name" || head == "description")
    refuse("the scenario has one name and one description", remove_it);
  if (head == "seed")
    refuse(
        "every point uses the master seed (each run's seed derives from it, the point and "
        "the replication)",
        remove_it + "; more replications give more independent runs");
  if (head == "replications")
    refuse("every point runs the same number of replications",
           remove_it + "; set 'replications' at the top level");
  if (head == "time")
    refuse("all points share one time grid (the results have one time axis)",
           remove_it + "; compare horizons in separate scenario files");
  if (head == "output")
    refuse("all points are written to one results file, with the same outputs", remove_it);
  if (head == "sweep" || head == "arms")
    refuse("a sweep or an arm cannot change the plan itself", remove_it);
  if (head == "model" && parts.size() >= 2 && parts[1] == "name")
    refuse("every point runs the same model",
           remove_it +
               "; vary the model's parameters (model.KEY), or compare models in "
               "separate scenario files");
  const bool by_name = parts[0] == "brands";  // brands.NAME... rather than brands[i]...
  const std::size_t rest = parts.size() - (by_name ? 1 : 0);
  if (head == "brands" && (rest <= 1 || (rest == 2 && parts.back() == "name")))
    refuse(
        "brand names and their number must be the same at every point (the results have "
        "one brand axis)",
        remove_it + "; vary a brand's keys instead, e.g. brands.NAME.style");

  PlannedKey key;
  key.steps = resolve_key(root, text, KeySource{nullptr, entry.key, path});
  key.canonical = step_text(key.steps);
  key.text = text;
  key.where = where;
  key.key_node = entry.key;
  key.swept = arm < 0;
  auto at_line = [](const YAML::Node& node) {
    return node.Mark().line >= 0 ? " (line " + std::to_string(node.Mark().line + 1) + ")"
                                 : std::string();
  };
  for (std::size_t i = 0; i < plan.keys.size(); ++i) {
    const PlannedKey& other = plan.keys[i];
    const std::string other_words =
        other.where + at_line(other.key_node) +
        (other.text != text ? " as '" + other.text + "'" : std::string());
    if (other.canonical == key.canonical) {
      if (arm >= 0 && !other.swept) return i;  // the same key in another arm: what arms are for
      fail(entry.key, path, "'" + text + "' is varied twice: " + where + " and " + other_words,
           "vary each key in one place: either sweep it or set it in the arms");
    }
    if (is_prefix(other.steps, key.steps) || is_prefix(key.steps, other.steps))
      fail(entry.key, path,
           "'" + text + "' overlaps '" + other.text + "' " + other.where + at_line(other.key_node) +
               ": one contains the other",
           "vary either a whole section or keys inside it, the same way everywhere in 'sweep' "
           "and 'arms'");
  }
  for (const auto& [set_text, steps] : set_keys)
    if (is_prefix(steps, key.steps) || is_prefix(key.steps, steps))
      fail(entry.key, path,
           "'" + text + "' is varied " + where + ", and --set " + set_text + " sets " +
               (steps.size() == key.steps.size() ? "it" : "an overlapping key") +
               " for every point",
           "remove one of them: the --set, or '" + text + "' " + where);
  plan.keys.push_back(std::move(key));
  return plan.keys.size() - 1;
}

std::vector<PlannedValue> ScenarioReader::read_sweep_values(const KeyValue& entry,
                                                            const std::string& path,
                                                            const PlannedKey& key) const {
  const YAML::Node& list = entry.value;
  const std::string fix =
      "write its values as a list, e.g. '" + entry.name + ": [" +
      (list.IsScalar() ? list.Scalar() + ", ...]'" : std::string("..., ...]'")) +
      "; to give it one value at every point, set it in the scenario instead";
  if (list.IsNull())
    fail(entry.key, path, "a swept key needs a list of values, found nothing", fix);
  if (!list.IsSequence())
    fail(list, path, "a swept key needs a list of values, found " + describe_node(list), fix);
  if (list.size() == 0)
    fail(list, path, "the list of values is empty",
         "give at least one value, or remove '" + entry.name + "' from the sweep");
  std::vector<PlannedValue> values;
  for (auto it = list.begin(); it != list.end(); ++it)
    values.push_back(planned_value(*it, entry.key, key, "in sweep value " + entry.name + " = "));
  return values;
}

Plan ScenarioReader::read_plan(const YAML::Node& root,
                               const std::vector<std::string>& overrides) const {
  Plan plan;
  const Section top = section(root, root, "", "'key: value' lines, e.g. 'seed: 42'");
  const KeyValue* sweep = top.find("sweep");
  const KeyValue* arms = top.find("arms");
  const KeyValue* uncertain = top.find("uncertain");
  const KeyValue* design = top.find("design");
  const KeyValue* calibrate = top.find("calibrate");
  if (calibrate != nullptr && given_rows == nullptr)
    fail(calibrate->key, "calibrate",
         "'calibrate' says how to fit the scenario to data: `hearsay calibrate` reads it",
         "run `hearsay calibrate " + file_ +
             " --observed DATA.csv -o OUT.h5`, or remove 'calibrate' to run the scenario");
  if (calibrate != nullptr && design != nullptr)
    fail(design->key, "design",
         "a scenario with 'calibrate' cannot also have 'design': the calibration chooses the "
         "points",
         "remove 'design'");
  if (calibrate != nullptr && arms != nullptr)
    fail(arms->key, "arms", "a scenario with 'calibrate' cannot also have 'arms'",
         "calibrate each arm in a scenario file of its own");
  if (calibrate != nullptr && uncertain == nullptr)
    fail(calibrate->key, "calibrate",
         "'calibrate' has no 'uncertain' section: the priors of the parameters to fit",
         "list them, e.g. 'uncertain: {model.p: {uniform: [0.001, 0.1]}}'");
  if (sweep == nullptr && arms == nullptr && uncertain == nullptr && design == nullptr) return plan;

  // The keys --set gave, to refuse a key that the plan also varies.
  SetKeys set_keys;
  for (const std::string& text : overrides) {
    try {
      set_keys.emplace_back(text,
                            resolve_key(root, text.substr(0, text.find('=')), {&text, {}, {}}));
    } catch (const ScenarioError&) {
      // A later --set renamed its brand: it no longer names a key a plan could vary.
    }
  }
  if (sweep != nullptr) read_sweep(plan, root, *sweep, set_keys);
  if (uncertain != nullptr || design != nullptr)
    read_design(plan, root, uncertain, design, set_keys, calibrate);
  if (arms != nullptr) read_arms(plan, root, *arms, set_keys);
  check_plan_size(plan);
  return plan;
}

void ScenarioReader::read_sweep(Plan& plan, const YAML::Node& root, const KeyValue& sweep_entry,
                                const SetKeys& set_keys) const {
  const KeyValue* sweep = &sweep_entry;
  plan.has_sweep = true;
  plan.sweep_key = sweep->key;
  const std::string example =
      "'sweep: {model.beta: [0.1, 0.2], brands.NAME.pitches_per_day: [1, 4]}'";
  const YAML::Node& node = sweep->value;
  if (node.IsNull() || (node.IsMap() && node.size() == 0))
    fail(node.IsNull() ? sweep->key : node, "sweep", "'sweep' is empty: it varies nothing",
         "remove 'sweep', or list keys with their values, e.g. " + example);
  if (!node.IsMap())
    fail(
        node, "sweep",
        "'sweep' must be a mapping of dotted keys to lists of values, found " + describe_node(node),
        "write it as " + example);
  const Section s = section(sweep->key, node, "sweep", example);
  for (const KeyValue& e : s.entries) {
    if (e.name != "zip") {
      Factor factor;
      const std::string path = "sweep." + e.name;
      const std::size_t k = add_key(plan, root, e, path, "in 'sweep'", -1, set_keys);
      factor.keys.push_back(k);
      factor.texts.push_back(e.name);
      factor.values.push_back(read_sweep_values(e, path, plan.keys[k]));
      factor.size = factor.values.back().size();
      plan.factors.push_back(std::move(factor));
      continue;
    }
    read_zip(plan, root, e, set_keys);
  }
}

/// `zip`: keys that vary together, one mapping or a list of them (one factor each).
void ScenarioReader::read_zip(Plan& plan, const YAML::Node& root, const KeyValue& e,
                              const SetKeys& set_keys) const {
  const std::string zip_example = "'zip: {model.alpha: [1, 2, 3], model.gamma: [4, 5, 6]}'";
  const YAML::Node& zip = e.value;
  if (zip.IsNull() || ((zip.IsMap() || zip.IsSequence()) && zip.size() == 0))
    fail(zip.IsNull() ? e.key : zip, "sweep.zip", "'zip' is empty: it varies nothing",
         "remove 'zip', or write it as " + zip_example);
  if (!zip.IsMap() && !zip.IsSequence())
    fail(zip, "sweep.zip",
         "'zip' must be a mapping of keys to lists of equal length, or a list of such "
         "mappings, found " +
             describe_node(zip),
         "write it as " + zip_example);
  plan.zip_list = zip.IsSequence();
  std::vector<YAML::Node> groups;
  if (zip.IsMap())
    groups.push_back(zip);
  else
    for (auto it = zip.begin(); it != zip.end(); ++it) groups.push_back(*it);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const YAML::Node& group = groups[g];
    const std::string path =
        plan.zip_list ? "sweep.zip[" + std::to_string(g) + "]" : std::string("sweep.zip");
    if (!group.IsMap() || group.size() == 0)
      fail(group, path,
           group.IsMap() || group.IsNull()
               ? std::string("this zip group is empty")
               : "a zip group must be a mapping of keys to lists of equal length, found " +
                     describe_node(group),
           "write each group as " + zip_example);
    const Section z = section(group, group, path, zip_example);
    Factor factor;
    factor.zip = true;
    for (const KeyValue& ze : z.entries) {
      const std::string key_path = path + "." + ze.name;
      if (ze.name == "zip")
        fail(ze.key, key_path, "zip groups do not nest",
             "list the inner group's keys in this group: keys of one group all vary "
             "together");
      const std::size_t k = add_key(plan, root, ze, key_path, "in '" + path + "'", -1, set_keys);
      std::vector<PlannedValue> values = read_sweep_values(ze, key_path, plan.keys[k]);
      if (!factor.keys.empty() && values.size() != factor.size)
        fail(ze.value, key_path,
             "the lists of a zip group must have the same length: '" + factor.texts[0] + "' has " +
                 count_of(factor.size, "value") + ", '" + ze.name + "' has " +
                 count_of(values.size(), "value"),
             "give every key of the group the same number of values (the i-th values go "
             "together), or move '" +
                 ze.name + "' out of 'zip' to combine it with every value");
      factor.size = values.size();
      factor.keys.push_back(k);
      factor.texts.push_back(ze.name);
      factor.values.push_back(std::move(values));
    }
    plan.factors.push_back(std::move(factor));
  }
}

void ScenarioReader::read_arms(Plan& plan, const YAML::Node& root, const KeyValue& arms_entry,
                               const SetKeys& set_keys) const {
  const KeyValue* arms = &arms_entry;
  plan.has_arms = true;
  plan.arms_key = arms->key;
  const std::string example =
      "'arms: {soft: {brands.PitchCo.style: soft_sell}, hard: {brands.PitchCo.style: "
      "hard_sell}}'";
  const YAML::Node& node = arms->value;
  if (node.IsNull() || (node.IsMap() && node.size() == 0))
    fail(node.IsNull() ? arms->key : node, "arms", "'arms' is empty: it names no arm",
         "remove 'arms', or name each arm with the keys it sets, e.g. " + example);
  if (!node.IsMap())
    fail(node, "arms",
         "'arms' must be a mapping of arm names to the keys each arm sets, found " +
             describe_node(node),
         "write it as " + example);
  const Section a = section(arms->key, node, "arms", example);
  for (const KeyValue& e : a.entries) {
    const std::string path = "arms." + e.name;
    if (e.name.empty())
      fail(e.key, "arms", "an arm's name is empty", "give each arm a short label, e.g. 'soft'");
    if (e.name.size() > max_arm_name)
      fail(e.key, path,
           "the arm name is " + std::to_string(e.name.size()) + " characters long (at most " +
               std::to_string(max_arm_name) + ")",
           "use a short label; 'description' is the place for prose");
    if (const std::size_t bad = e.name.find_first_of("/."); bad != std::string::npos)
      fail(e.key, path, "arm name '" + e.name + "' contains '" + e.name[bad] + "'",
           "use a name without '/' or '.' (e.g. '_' instead): arm names label results");
    if (const std::string bad = control_character(e.name); !bad.empty())
      fail(e.key, "arms." + escaped_name(e.name),
           "arm name " + quoted_name(e.name) + " contains " + bad,
           "use printable characters: arm names label results, and a NUL would cut one short "
           "in the results file");
    Arm arm;
    arm.name = e.name;
    if (!e.value.IsNull()) {
      const std::string arm_example = "'" + e.name + ": {brands.PitchCo.style: soft_sell}', or '" +
                                      e.name + ": {}' for the scenario as written";
      if (!e.value.IsMap())
        fail(e.value, path,
             "an arm must be a mapping of dotted keys to values, found " + describe_node(e.value),
             "write it as " + arm_example);
      const Section keys = section(e.key, e.value, path, arm_example);
      for (const KeyValue& ke : keys.entries) {
        const std::string key_path = path + "." + ke.name;
        const std::size_t k = add_key(plan, root, ke, key_path, "in arm '" + e.name + "'",
                                      static_cast<int>(plan.arms.size()), set_keys);
        for (std::size_t j = 0; j < arm.sets.size(); ++j)
          if (arm.sets[j].first == k)
            fail(ke.key, key_path,
                 "arm '" + e.name + "' sets the same key twice, as '" + arm.texts[j] +
                     "' and as '" + ke.name + "'",
                 "keep one of them");
        arm.sets.emplace_back(k, planned_value(ke.value, ke.key, plan.keys[k],
                                               "in arm '" + e.name + "': " + ke.name + " = "));
        arm.texts.push_back(ke.name);
      }
    }
    plan.arms.push_back(std::move(arm));
  }
}

/// The size, before anything is expanded (and without overflow).
void ScenarioReader::check_plan_size(Plan& plan) const {
  const std::uint64_t arm_count = std::max<std::size_t>(plan.arms.size(), 1);
  std::uint64_t points = arm_count;
  bool over = false;
  std::string sizes = plan.arms.empty() ? "" : count_of(plan.arms.size(), "arm");
  for (const Factor& factor : plan.factors) {
    sizes += (sizes.empty() ? "" : " x ") + count_of(factor.size, "value");
    if (over || points > std::numeric_limits<std::uint64_t>::max() / factor.size)
      over = true;
    else
      points *= factor.size;
  }
  if (over || points > max_points)
    fail(plan.size_key().first, plan.size_key().second,
         "the plan has " +
             (over ? "more than " + std::to_string(max_points) : std::to_string(points)) +
             " points (" + sizes + "); at most " + std::to_string(max_points) + " are allowed",
         plan.design ? "use fewer samples or trajectories, or fewer uncertain keys"
                     : "sweep fewer values, put keys that vary together in a 'zip' group, or "
                       "split the plan over several scenario files");
  plan.sweep_size = points / arm_count;
}

void ScenarioReader::locate_in_base(const YAML::Node& root, PlannedKey& key) const {
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < key.steps.size(); ++i) {
    const Step& step = key.steps[i];
    const YAML::Node child =
        step.is_index ? std::as_const(cur)[step.index] : std::as_const(cur)[step.key];
    if (!child.IsDefined()) {
      key.absent_from = i;
      return;
    }
    if (i + 1 == key.steps.size()) {
      key.present = true;
      key.kept = keep_contents(child);
      return;
    }
    if (child.IsNull()) {
      key.absent_from = i;
      key.empty_section = true;
      key.kept = keep_contents(child);
      return;
    }
    cur.reset(child);
  }
}

void ScenarioReader::restore(YAML::Node& root, const PlannedKey& key) const {
  if (key.present) {
    assign(root, key.steps, key.kept, nullptr);
    return;
  }
  // The steps before absent_from are the base's own sections: no plan key replaces them.
  YAML::Node cur;
  cur.reset(root);
  for (std::size_t i = 0; i < key.absent_from; ++i) {
    const Step& step = key.steps[i];
    const YAML::Node child =
        step.is_index ? std::as_const(cur)[step.index] : std::as_const(cur)[step.key];
    cur.reset(child);
  }
  const std::string& name = key.steps[key.absent_from].key;  // lists are never absent
  if (key.empty_section) {
    YAML::Node slot = cur[name];
    slot = key.kept;
  } else if (std::as_const(cur)[name].IsDefined()) {
    cur.remove(name);
  }
}

void ScenarioReader::emit_plan(YAML::Emitter& out, const Plan& plan) const {
  if (!plan.arms.empty()) {
    out << YAML::Key << "arms" << YAML::Value << YAML::BeginMap;
    for (const Arm& arm : plan.arms) {
      out << YAML::Key << Text{arm.name} << YAML::Value << YAML::Flow << YAML::BeginMap;
      for (std::size_t i = 0; i < arm.sets.size(); ++i) {
        out << YAML::Key << Text{arm.texts[i]} << YAML::Value;
        emit_value(out, arm.sets[i].second.emitted);
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  if (plan.design) {
    // As written: the same seed draws the same rows again.
    out << YAML::Key << "uncertain" << YAML::Value;
    emit_value(out, plan.design->uncertain);
    out << YAML::Key << (plan.design->calibration ? "calibrate" : "design") << YAML::Value;
    emit_value(out, plan.design->design);
    return;
  }
  if (plan.factors.empty()) return;
  auto emit_factor = [&out](const Factor& factor) {
    for (std::size_t j = 0; j < factor.keys.size(); ++j) {
      out << YAML::Key << Text{factor.texts[j]} << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const PlannedValue& value : factor.values[j]) emit_value(out, value.emitted);
      out << YAML::EndSeq;
    }
  };
  out << YAML::Key << "sweep" << YAML::Value << YAML::BeginMap;
  for (std::size_t f = 0; f < plan.factors.size(); ++f) {
    if (!plan.factors[f].zip) {
      emit_factor(plan.factors[f]);
      continue;
    }
    // The zip groups are consecutive factors, at the place of the one `zip` key.
    out << YAML::Key << "zip" << YAML::Value;
    if (plan.zip_list) out << YAML::BeginSeq;
    for (; f < plan.factors.size() && plan.factors[f].zip; ++f) {
      out << YAML::BeginMap;
      emit_factor(plan.factors[f]);
      out << YAML::EndMap;
    }
    if (plan.zip_list) out << YAML::EndSeq;
    --f;
  }
  out << YAML::EndMap;
}

}  // namespace hearsay::scenarios

// `brands:` and their campaign calendars, validated against the model's brand declarations.
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {

std::vector<BrandSpec> ScenarioReader::read_brands(
    const Section& top, const KeyValue* entry, const ModelInfo& model,
    std::vector<std::vector<std::string>>& given) const {
  // Per-brand outputs need a brand dimension: such a model needs one brand even if it says 0.
  std::uint32_t at_least = model.brands.min;
  for (const auto* metrics : {&model.series, &model.summaries})
    for (const MetricSpec& m : *metrics)
      if (m.per_brand) at_least = std::max(at_least, 1u);
  std::vector<std::string> style_names;
  for (const StylePreset& style : model.brands.styles) style_names.push_back(style.name);
  const std::string example =
      "'brands: [{name: A" +
      (style_names.empty() ? std::string() : ", style: " + style_names.front()) + "}, ...]'";
  const std::string how_many =
      model.brands.max > 0
          ? (model.brands.max == at_least
                 ? "exactly " + std::to_string(at_least)
                 : std::to_string(at_least) + " to " + std::to_string(model.brands.max))
          : "at least " + std::to_string(at_least);
  if (entry == nullptr) {
    if (at_least == 0) return {};
    fail_missing(top, "brands",
                 "add a list of " + how_many + " brands, e.g. " + example + "; model " +
                     model.name + " simulates brands");
  }
  const YAML::Node& list = entry->value;
  if (!list.IsNull() && !list.IsSequence())
    fail(list, "brands", "'brands' must be a list of brands, found " + describe_node(list),
         "write it as " + example + ", or one '- name: ...' line per brand");
  const std::size_t n = list.IsSequence() ? list.size() : 0;
  if (n < at_least)
    fail(list.IsSequence() ? list : entry->key, "brands",
         "lists " + std::to_string(n) + (n == 1 ? " brand" : " brands") + "; model " + model.name +
             " needs " + how_many,
         "add brands to the list, e.g. " + example);
  if (model.brands.max > 0 && n > model.brands.max)
    fail(list[model.brands.max], "brands[" + std::to_string(model.brands.max) + "]",
         "lists " + std::to_string(n) + " brands; model " + model.name + " takes " + how_many,
         "remove brands from the list, or compare them in separate scenarios");

  std::vector<std::string> allowed{"name", "style", "campaign"};
  for (const ParamSpec& p : model.brands.params) allowed.push_back(p.name);
  ParamSpec name_spec = make_spec("name", ParamKind::text, "a short label, unique in the scenario");
  name_spec.required = true;
  std::vector<BrandSpec> brands;
  for (std::size_t i = 0; i < n; ++i) {
    const YAML::Node item = list[i];
    const std::string path = "brands[" + std::to_string(i) + "]";
    const Section b = section(item, item, path, "'- {name: ..., style: ..., <parameters>}'");
    check_keys(b, allowed);
    given.emplace_back();
    for (const KeyValue& written : b.entries) given.back().push_back(written.name);
    BrandSpec brand;
    ParamValues v;
    read_key(b, name_spec, v);
    brand.name = v.text("name");
    const YAML::Node& at = b.find("name")->value;
    const std::string key = path + ".name";
    std::vector<std::string> earlier;
    for (const BrandSpec& other : brands) earlier.push_back(other.name);
    check_label(at, key, "brand", brand.name, earlier, "PitchCo", /*dots=*/false);

    ParamValues preset;
    if (const KeyValue* st = b.find("style")) {
      if (style_names.empty())
        fail(st->key, path + ".style", "model " + model.name + " has no style presets",
             "remove 'style' and set the brand's parameters directly");
      const std::string word = st->value.IsScalar() ? st->value.Scalar() : std::string();
      const auto style = std::find_if(model.brands.styles.begin(), model.brands.styles.end(),
                                      [&](const StylePreset& s) { return s.name == word; });
      if (style == model.brands.styles.end())
        fail(st->value, path + ".style",
             (st->value.IsScalar() ? "unknown style '" + word + "'"
                                   : "expected a style name, found " + describe_node(st->value)),
             suggestion(word, style_names) + "styles: " + join(style_names) +
                 " (`hearsay describe " + model.name + "` shows what each sets)");
      brand.style = word;
      for (const auto& [param, value] : style->values) {
        const auto spec = std::find_if(model.brands.params.begin(), model.brands.params.end(),
                                       [&](const ParamSpec& p) { return p.name == param; });
        if (spec == model.brands.params.end() || spec->kind == ParamKind::choice ||
            spec->kind == ParamKind::text)
          throw std::logic_error("model " + model.name + ": style " + word + " sets '" + param +
                                 "', which is not a numeric brand parameter");
        preset.set(param, value);
      }
    }
    brand.params = read_params(b, model.brands.params, &preset);
    if (const KeyValue* c = b.find("campaign"))
      brand.campaign = read_campaign(*c, path + ".campaign", model);
    brands.push_back(std::move(brand));
  }
  return brands;
}

void ScenarioReader::check_label(const YAML::Node& at, const std::string& key, const char* kind,
                                 const std::string& name, const std::vector<std::string>& earlier,
                                 const char* example, bool dots) const {
  const std::string what = kind;
  if (name.empty())
    fail(at, key, "the " + what + " name is empty",
         "give each " + what + " a short label, e.g. '" + example + "'");
  if (name.size() > max_brand_name)
    fail(at, key,
         "the " + what + " name is " + std::to_string(name.size()) + " characters long (at most " +
             std::to_string(max_brand_name) + ")",
         "use a short label; 'description' is the place for prose");
  if (!dots && name.find('.') != std::string::npos)
    fail(at, key, what + " name '" + name + "' contains '.'",
         "use a name without dots (e.g. '_' instead): --set " + what +
             "s.NAME.key and sweeps "
             "address a " +
             what + " by its name");
  if (const std::string bad = control_character(name); !bad.empty())
    fail(at, key, what + " name " + quoted_name(name) + " contains " + bad,
         "use printable characters: " + what +
             " names label results, and a NUL would cut one short in the results file");
  for (std::size_t j = 0; j < earlier.size(); ++j)
    if (earlier[j] == name)
      fail(at, key,
           what + " name '" + name + "' is used twice (first by " + what + "s[" +
               std::to_string(j) + "])",
           "give each " + what + " its own name");
}

std::vector<PhaseSpec> ScenarioReader::read_campaign(const KeyValue& entry, const std::string& path,
                                                     const ModelInfo& model) const {
  if (model.brands.phase_params.empty())
    fail(entry.key, path, "model " + model.name + " has no parameters a campaign phase can set",
         "remove 'campaign' and set the brand's parameters directly");
  const std::string example = "'campaign: [{start: 0d, end: 30d, " +
                              model.brands.phase_params.front() +
                              ": ...}, {start: 60d, end: 90d, ...}]'";
  const YAML::Node& list = entry.value;
  if (list.IsNull()) return {};  // `campaign:` with nothing after it: no phases
  if (!list.IsSequence())
    fail(list, path, "'campaign' must be a list of phases, found " + describe_node(list),
         "write it as " + example);

  std::vector<const ParamSpec*> phase_specs;
  for (const std::string& name : model.brands.phase_params) {
    const auto spec = std::find_if(model.brands.params.begin(), model.brands.params.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    if (spec == model.brands.params.end())
      throw std::logic_error("model " + model.name + ": phase parameter '" + name +
                             "' is not a brand parameter");
    phase_specs.push_back(&*spec);
  }
  std::vector<std::string> allowed{"start", "end"};
  allowed.insert(allowed.end(), model.brands.phase_params.begin(), model.brands.phase_params.end());
  ParamSpec start = make_spec("start", ParamKind::duration, "when the phase begins");
  start.unit = "d";
  start.min = 0;
  start.required = true;
  ParamSpec end = start;
  end.name = "end";
  end.help = "when the phase ends (after its start)";

  std::vector<PhaseSpec> phases;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const Section p = section(item, item, path + "[" + std::to_string(i) + "]",
                              "'{start: 0d, end: 30d, <parameters>}'");
    // A brand parameter a phase may not change deserves a clearer word than "unknown key".
    for (const KeyValue& e : p.entries)
      if (std::find(allowed.begin(), allowed.end(), e.name) == allowed.end() &&
          std::any_of(model.brands.params.begin(), model.brands.params.end(),
                      [&](const ParamSpec& s) { return s.name == e.name; }))
        fail(e.key, p.key_path(e.name), "'" + e.name + "' cannot change during a campaign phase",
             "set it on the brand itself; a phase may set: " + join(model.brands.phase_params));
    check_keys(p, allowed);
    ParamValues v;
    read_key(p, start, v);
    read_key(p, end, v);
    PhaseSpec phase;
    phase.start = v.real("start");
    phase.end = v.real("end");
    if (!(phase.start < phase.end))
      fail(p.find("end")->value, p.key_path("end"),
           "the phase ends at " + format_number(phase.end) + " d, not after its start (" +
               format_number(phase.start) + " d)",
           "make 'end' later than 'start'");
    if (!phases.empty() && phase.start < phases.back().end)
      fail(p.find("start")->value, p.key_path("start"),
           "phase " + std::to_string(i) + " starts at " + format_number(phase.start) +
               " d, before phase " + std::to_string(i - 1) + " ends (" +
               format_number(phases.back().end) + " d)",
           "list phases in time order without overlap: each 'start' at or after the previous "
           "'end'");
    for (const ParamSpec* spec : phase_specs)
      if (const KeyValue* e = p.find(spec->name))
        phase.params.set(spec->name, read_value(e->value, *spec, p.key_path(spec->name)));
    phases.push_back(std::move(phase));
  }
  return phases;
}

}  // namespace hearsay::scenarios

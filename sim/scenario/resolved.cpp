// The resolved scenario: every default explicit, so the text alone reproduces the run.
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {
namespace {

bool given(const std::vector<std::string>& keys, const std::string& name) {
  return std::find(keys.begin(), keys.end(), name) != keys.end();
}

/// The values of `specs` that `values` holds; with `only`, just these keys (the ones the file
/// wrote).
void emit_params(YAML::Emitter& out, const std::vector<ParamSpec>& specs, const ParamValues& values,
                 const std::vector<std::string>* only = nullptr) {
  for (const ParamSpec& spec : specs) {
    if (!values.has(spec.name)) continue;
    if (only != nullptr && !given(*only, spec.name)) continue;
    out << YAML::Key << spec.name << YAML::Value;
    switch (spec.kind) {
      case ParamKind::boolean:
        out << (values.flag(spec.name) ? "true" : "false");
        break;
      case ParamKind::choice:
      case ParamKind::text:
        out << Text{values.text(spec.name)};
        break;
      case ParamKind::real_list:
      case ParamKind::integer_list:
        out << YAML::Flow << YAML::BeginSeq;
        for (double x : values.list(spec.name)) out << format_number(x);
        out << YAML::EndSeq;
        break;
      default:
        out << format_number(values.real(spec.name));
        break;
    }
  }
}

void emit_network(YAML::Emitter& out, const ScenarioReader::Reading& r, bool loose) {
  const Scenario& sc = r.sc;
  out << YAML::Key << "network" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "generator" << YAML::Value << sc.network.generator;
  if (!loose)
    out << YAML::Key << "fixed" << YAML::Value << (sc.network.fixed ? "true" : "false");
  else if (given(r.network_given, "fixed"))
    out << YAML::Key << "fixed" << YAML::Value << (r.fixed_given ? "true" : "false");
  emit_params(out, r.generator->params, sc.network.params, loose ? &r.network_given : nullptr);
  out << YAML::EndMap;
}

void emit_seeding(YAML::Emitter& out, const ScenarioReader::Reading& r, bool loose) {
  const SeedingSpec& seeding = r.sc.seeding;
  const std::vector<std::string>& written = r.seeding_given;
  const bool mode_given =
      !loose || given(written, "count") || given(written, "fraction") || given(written, "nodes");
  const bool strategy_given = !loose || given(written, "strategy");
  out << YAML::Key << "seeding" << YAML::Value;
  if (!mode_given && !strategy_given) out << YAML::Flow;
  out << YAML::BeginMap;
  if (mode_given) switch (seeding.mode) {
      case SeedingSpec::Mode::count:
        out << YAML::Key << "count" << YAML::Value << std::to_string(seeding.count);
        break;
      case SeedingSpec::Mode::fraction:
        out << YAML::Key << "fraction" << YAML::Value << format_number(seeding.fraction);
        break;
      case SeedingSpec::Mode::nodes:
        out << YAML::Key << "nodes" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (NodeId id : seeding.nodes) out << std::to_string(id);
        out << YAML::EndSeq;
        break;
    }
  if (seeding.mode != SeedingSpec::Mode::nodes && strategy_given)
    out << YAML::Key << "strategy" << YAML::Value
        << (seeding.strategy == SeedingSpec::Strategy::top_degree ? "top_degree" : "random");
  out << YAML::EndMap;
}

void emit_brands(YAML::Emitter& out, const ScenarioReader::Reading& r, const Plan* plan) {
  const std::vector<ParamSpec>& specs = r.model->brands.params;
  out << YAML::Key << "brands" << YAML::Value;
  if (r.sc.brands.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (std::size_t i = 0; i < r.sc.brands.size(); ++i) {
    const BrandSpec& brand = r.sc.brands[i];
    const bool loose = plan != nullptr && plan->touches({{"brands"}, {{}, i, true}, {"style"}});
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << Text{brand.name};
    if (!brand.style.empty()) out << YAML::Key << "style" << YAML::Value << brand.style;
    // Every value explicit: the style only explains where they came from.
    emit_params(out, specs, brand.params, loose ? &r.brands_given[i] : nullptr);
    if (!brand.campaign.empty()) {
      out << YAML::Key << "campaign" << YAML::Value << YAML::BeginSeq;
      for (const PhaseSpec& phase : brand.campaign) {
        out << YAML::BeginMap;
        out << YAML::Key << "start" << YAML::Value << format_number(phase.start);
        out << YAML::Key << "end" << YAML::Value << format_number(phase.end);
        emit_params(out, specs, phase.params);
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_segments(YAML::Emitter& out, const Scenario& sc, const ModelInfo& model) {
  if (!sc.segment_by.empty())
    out << YAML::Key << "segment_by" << YAML::Value << Text{sc.segment_by};
  out << YAML::Key << "segments" << YAML::Value << YAML::BeginSeq;
  for (const SegmentSpec& segment : sc.segments) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << Text{segment.name};
    if (sc.segment_by.empty())
      out << YAML::Key << "share" << YAML::Value << format_number(segment.share);
    emit_params(out, model.params, segment.params);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
}

void emit_output(YAML::Emitter& out, const Scenario& sc, bool has_cascades) {
  out << YAML::Key << "output" << YAML::Value;
  // "output: {}" rather than a dangling "{}" line
  if (sc.output_path.empty() && !has_cascades) out << YAML::Flow;
  out << YAML::BeginMap;
  if (!sc.output_path.empty()) out << YAML::Key << "path" << YAML::Value << Text{sc.output_path};
  if (has_cascades)
    out << YAML::Key << "cascades" << YAML::Value << (sc.output_cascades ? "true" : "false");
  out << YAML::EndMap;
}

}  // namespace

// Where a sweep or an arm changes what other values default to (a brand's style, the network's
// generator, the seeding mode), the section keeps only the keys the file wrote, else its
// explicit defaults would override what each point's own value implies.
std::string ScenarioReader::resolved_yaml(const Reading& r, const Plan* plan) const {
  const Scenario& sc = r.sc;
  const ModelInfo& model = *r.model;
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << Text{sc.name};
  out << YAML::Key << "description" << YAML::Value << Text{sc.description};
  out << YAML::Key << "seed" << YAML::Value << std::to_string(sc.seed);
  out << YAML::Key << "replications" << YAML::Value << std::to_string(sc.replications);
  out << YAML::Key << "time" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "end" << YAML::Value << format_number(sc.time.end);
  out << YAML::Key << "sample_every" << YAML::Value << format_number(sc.time.sample_every);
  out << YAML::EndMap;
  if (sc.has_network)
    emit_network(out, r, plan != nullptr && plan->touches({{"network"}, {"generator"}}));
  out << YAML::Key << "model" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << sc.model.name;
  emit_params(out, model.params, sc.model.params);
  out << YAML::EndMap;
  if (model.uses_seeding) emit_seeding(out, r, plan != nullptr && plan->touches({{"seeding"}}));
  if (!model.brands.params.empty()) emit_brands(out, r, plan);
  if (!sc.segments.empty()) emit_segments(out, sc, model);
  emit_output(out, sc, model.has_cascades);
  if (plan != nullptr) emit_plan(out, *plan);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace hearsay::scenarios

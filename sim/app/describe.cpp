// `hearsay models` and `hearsay describe`: what the models and generators declare, as text or as
// the Markdown of the README's scenario reference.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "models/registry.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/support.hpp"
#include "sim/network/generators.hpp"

namespace hearsay::cli {
namespace {

std::string kind_text(const ParamSpec& spec) {
  return to_string(spec.kind);
}

void print_params_text(const std::vector<ParamSpec>& params) {
  for (const ParamSpec& p : params) {
    fmt::print("  {:<22} {:<9} {:<12} default {:<14} {}\n", p.name, kind_text(p),
               p.unit.empty() ? "-" : p.unit, describe_default(p), describe_range(p));
    // Sources written as "[kind: ...]" (wom's) are shown as they are, others in brackets.
    const bool bracketed = !p.source.empty() && p.source.front() == '[';
    fmt::print("  {:<22} {}{}\n", "", p.help,
               p.source.empty() ? ""
               : bracketed      ? " " + p.source
                                : " [" + p.source + "]");
  }
}

void print_params_markdown(const std::vector<ParamSpec>& params) {
  fmt::print("| parameter | type | unit | default | allowed | meaning | source |\n");
  fmt::print("|---|---|---|---|---|---|---|\n");
  for (const ParamSpec& p : params)
    fmt::print("| `{}` | {} | {} | {} | {} | {} | {} |\n", p.name, kind_text(p),
               p.unit.empty() ? "-" : p.unit, describe_default(p), describe_range(p), p.help,
               p.source.empty() ? "-" : p.source);
}

void print_metrics_markdown(const char* title, const std::vector<MetricSpec>& metrics) {
  if (metrics.empty()) return;
  fmt::print("\n{}:\n\n| metric | unit | meaning |\n|---|---|---|\n", title);
  for (const MetricSpec& m : metrics)
    fmt::print("| `{}` | {} | {}{} |\n", m.name, m.unit.empty() ? "-" : m.unit, m.description,
               m.per_segment ? " (per brand and segment; only with `segments:`)"
               : m.per_brand ? " (per brand)"
                             : "");
}

/// "rate = 5, start_count = 10" (with `markdown`, names in backticks): what a style sets.
std::string style_values(const ModelInfo& info, const StylePreset& style, bool markdown) {
  std::string text;
  for (const auto& [name, value] : style.values) {
    const auto spec = std::find_if(info.brands.params.begin(), info.brands.params.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    std::string shown = fmt::format("{}", value);
    if (spec != info.brands.params.end() && spec->kind == ParamKind::boolean)
      shown = value != 0 ? "true" : "false";
    else if (spec != info.brands.params.end() && spec->kind == ParamKind::duration)
      shown = duration_text(value);
    text += (text.empty() ? "" : ", ") + (markdown ? "`" + name + "`" : name) + " = " + shown;
  }
  return text.empty() ? "(nothing: the defaults)" : text;
}

std::string brand_count_text(const ModelInfo& info) {
  if (info.brands.max == 0) return fmt::format("at least {}", info.brands.min);
  if (info.brands.max == info.brands.min) return fmt::format("exactly {}", info.brands.min);
  return fmt::format("{} to {}", info.brands.min, info.brands.max);
}

void describe_brands(const ModelInfo& info, bool markdown) {
  if (info.brands.params.empty()) return;
  if (markdown) {
    fmt::print(
        "\nBrands (`brands:`, a list of {} entries `{{name, style, <parameters>, "
        "campaign}}`; `--set brands.NAME.<parameter>=...` changes one):\n\n",
        brand_count_text(info));
    print_params_markdown(info.brands.params);
    if (!info.brands.styles.empty()) {
      fmt::print("\nStyle presets (`style:`; a brand's own keys override them):\n\n");
      fmt::print("| style | meaning | sets |\n|---|---|---|\n");
      for (const StylePreset& style : info.brands.styles)
        fmt::print("| `{}` | {} | {} |\n", style.name, style.help, style_values(info, style, true));
    }
    if (!info.brands.phase_params.empty())
      fmt::print("\nA campaign phase (`campaign: [{{start, end, ...}}]`) may set: {}.\n",
                 join_names(info.brands.phase_params, true));
    return;
  }
  fmt::print(
      "\nbrand parameters (brands: [{{name: ..., style: ..., <parameters>, campaign: [...]}}], "
      "{} brands):\n",
      brand_count_text(info));
  print_params_text(info.brands.params);
  if (!info.brands.styles.empty()) {
    fmt::print("\nstyle presets (style: NAME in a brand; the brand's own keys override them):\n");
    for (const StylePreset& style : info.brands.styles) {
      fmt::print("  {:<22} {}\n", style.name, style.help);
      fmt::print("  {:<22} sets {}\n", "", style_values(info, style, false));
    }
  }
  if (!info.brands.phase_params.empty())
    fmt::print(
        "\ncampaign phases (campaign: [{{start: 0d, end: 30d, <parameter>: ...}}]) may set:\n"
        "  {}\n",
        join_names(info.brands.phase_params, false));
}

void describe_model(const ModelEntry& model, bool markdown) {
  const ModelInfo& info = model.info;
  if (markdown) {
    fmt::print("#### model `{}`\n\n{}. {}\n\n", info.name, info.summary,
               info.reference.empty() ? "" : "References: " + info.reference + ".");
    if (!info.needs_network) fmt::print("Runs without a network (omit `network:`).\n\n");
    print_params_markdown(info.params);
    describe_brands(info, true);
    if (!info.segment_params.empty()) {
      std::string names;
      for (const std::string& name : info.segment_params)
        names += fmt::format("{}`{}`", names.empty() ? "" : ", ", name);
      fmt::print(
          "\nConsumer segments (`segments: [{{name: ..., share: ..., <parameters>}}, ...]`, "
          "shares summing to 1) may set: {}.\n",
          names);
    }
    if (info.has_cascades)
      fmt::print("\nRecords who told whom in `/cascades` with `output: {{cascades: true}}`.\n");
    print_metrics_markdown("Series (`/series/<metric>`)", info.series);
    print_metrics_markdown("Per-run figures (`/summary/<metric>`)", info.summaries);
    fmt::print("\n");
    return;
  }
  fmt::print("model {}: {}\n", info.name, info.summary);
  if (!info.reference.empty()) fmt::print("references: {}\n", info.reference);
  if (!info.needs_network) fmt::print("runs without a network\n");
  fmt::print("\nparameters (model: {{name: {}, ...}}):\n", info.name);
  print_params_text(info.params);
  describe_brands(info, false);
  if (info.has_cascades)
    fmt::print("\ncascades: who told whom, in /cascades, with output: {{cascades: true}}\n");
  auto per_brand = [](const std::vector<MetricSpec>& metrics) {
    return std::any_of(metrics.begin(), metrics.end(),
                       [](const MetricSpec& m) { return m.per_brand; });
  };
  fmt::print("\nseries (/series/<metric>, shape point x replication x time{}):\n",
             per_brand(info.series) ? "; per brand: point x replication x brand x time" : "");
  for (const MetricSpec& m : info.series)
    fmt::print("  {:<22} {:<10} {}{}\n", m.name, m.unit, m.description,
               m.per_segment ? " (per brand and segment; only with segments:)"
               : m.per_brand ? " (per brand)"
                             : "");
  if (!info.segment_params.empty()) {
    fmt::print(
        "\nsegments (segments: [{{name: ..., share: ..., <parameters>}}, ...]; shares sum to 1)"
        " may set:\n");
    std::size_t width = 1;
    fmt::print(" ");
    for (const std::string& name : info.segment_params) {
      if (width + name.size() + 1 > 96) {
        fmt::print("\n ");
        width = 1;
      }
      fmt::print(" {}", name);
      width += name.size() + 1;
    }
    fmt::print("\n");
  }
  fmt::print("\nper-run figures (/summary/<metric>, shape point x replication{}):\n",
             per_brand(info.summaries) ? "; per brand: point x replication x brand" : "");
  for (const MetricSpec& m : info.summaries)
    fmt::print("  {:<22} {:<10} {}{}\n", m.name, m.unit, m.description,
               m.per_brand ? " (per brand)" : "");
}

void describe_generator(const GeneratorInfo& info, bool markdown) {
  if (markdown) {
    fmt::print("#### generator `{}`\n\n{}. {}\n\n", info.name, info.summary,
               info.reference.empty() ? "" : "Reference: " + info.reference + ".");
    print_params_markdown(info.params);
    fmt::print("\n");
    return;
  }
  fmt::print("network generator {}: {}\n", info.name, info.summary);
  if (!info.reference.empty()) fmt::print("reference: {}\n", info.reference);
  fmt::print("\nparameters (network: {{generator: {}, ...}}; also `fixed: true|false`):\n",
             info.name);
  print_params_text(info.params);
}

}  // namespace

int list_models() {
  for (const ModelEntry* model : model_registry().entries())
    fmt::print("{:<22} {}\n", model->info.name, model->info.summary);
  fmt::print("\nnetwork generators:\n");
  for (const GeneratorEntry* g : generator_registry().entries())
    fmt::print("{:<22} {}\n", g->info.name, g->info.summary);
  fmt::print("\n`hearsay describe NAME` prints the parameters of a model or generator.\n");
  return 0;
}

int describe(const std::string& name, bool markdown) {
  const ModelRegistry& models = model_registry();
  const GeneratorRegistry& generators = generator_registry();
  if (const ModelEntry* model = models.find(name)) {
    describe_model(*model, markdown);
    return 0;
  }
  if (const GeneratorEntry* generator = generators.find(name)) {
    describe_generator(generator->info, markdown);
    return 0;
  }
  std::string guess = models.closest(name);
  if (guess.empty()) guess = generators.closest(name);
  fmt::print(stderr, "error: no model or generator called '{}'{}\n  models: {}\n  generators: {}\n",
             name, guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess),
             fmt::join(models.names(), " "), fmt::join(generators.names(), " "));
  return 2;
}

int reference_markdown() {
  fmt::print("### Models\n\n");
  for (const ModelEntry* model : model_registry().entries()) describe_model(*model, true);
  fmt::print(
      "### Network generators\n\nEvery `network:` section also takes `fixed: true|false` "
      "(default false: a new network per replication; edge lists are always fixed).\n\n");
  for (const GeneratorEntry* g : generator_registry().entries()) describe_generator(g->info, true);
  return 0;
}

}  // namespace hearsay::cli

// One scenario tree read into a Scenario: top-level keys, time, model, network, seeding, output.
#include "sim/network/generators.hpp"
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {

Scenario ScenarioReader::read(const YAML::Node& root, bool resolve, const Plan* plan) {
  Reading r;
  r.sc.file = file_;
  if (root.IsNull())
    throw ScenarioError({file_, 0, 0}, "", "the scenario is empty",
                        "write at least 'seed', 'time: {end: ...}' and 'model: {name: ...}'");
  const Section top = section(root, root, "", "'key: value' lines, e.g. 'seed: 42'");
  check_keys(top, top_level_keys);
  read_name(top, r);
  read_seed(top, r);
  read_replications(top, r);
  read_time(top, r);
  read_model(top, r);  // first of the rest: it decides whether a network is needed
  read_network(top, r);
  read_seeding(top, r);
  read_brand_list(top, r);
  read_segments(top, r);
  read_output(top, r);
  if (resolve) r.sc.resolved_yaml = resolved_yaml(r, plan);
  return std::move(r.sc);
}

/// `name:` and `description:`.
void ScenarioReader::read_name(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  ParamValues& v = r.v;
  ParamSpec name_spec = make_spec("name", ParamKind::text, "a short name for the run");
  sc.name = read_key(top, name_spec, v) ? v.text("name")
            : is_in_memory_name(file_)  ? file_.substr(1, file_.size() - 2)
                                        : fs::path(file_).stem().string();
  ParamSpec description_spec =
      make_spec("description", ParamKind::text, "what the scenario is about");
  const KeyValue* description = top.find("description");
  if (description != nullptr && !description->value.IsNull() && read_key(top, description_spec, v))
    sc.description = v.text("description");
}

/// `seed:`, parsed as an integer directly: a double would round seeds above 2^53.
void ScenarioReader::read_seed(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  ParamSpec seed =
      make_spec("seed", ParamKind::integer, "master seed; the same seed gives the same results");
  seed.min = 0;
  seed.required = true;
  const KeyValue* e = top.find("seed");
  if (e == nullptr)
    fail_missing(top, "seed",
                 "add 'seed: <whole number>' at the top level (e.g. seed: 42); " + seed.help);
  // Parsed as an integer directly: a double would round seeds above 2^53.
  std::uint64_t value = 0;
  const std::string text = e->value.IsScalar() ? e->value.Scalar() : std::string();
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    double x = 0;
    if (parse_number(text, x) && x == std::floor(x) && x < 0)
      check_range(x, e->value, seed, "seed");
    if (!parse_number(text, x) || x != std::floor(x)) wrong_type(e->value, seed, "seed");
    if (!(x < 18446744073709551616.0))
      fail(e->value, "seed", text + " is too large (allowed: 0 to 18446744073709551615)",
           "use a smaller whole number");
    value = static_cast<std::uint64_t>(x);
  }
  sc.seed = value;
}

/// `replications:`.
void ScenarioReader::read_replications(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  ParamValues& v = r.v;
  ParamSpec reps =
      make_spec("replications", ParamKind::integer, "independent runs of the scenario");
  reps.min = 1;
  reps.max = 1e7;
  if (read_key(top, reps, v))
    sc.replications = static_cast<std::uint32_t>(v.integer("replications"));
}

/// `time:` the horizon and the sampling step.
void ScenarioReader::read_time(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  ParamValues& v = r.v;
  const KeyValue* e = top.find("time");
  if (e == nullptr) fail_missing(top, "time", "add 'time: {end: 30d, sample_every: 1d}'");
  const Section t = section(e->key, e->value, "time", "'time: {end: 30d, sample_every: 1d}'");
  check_keys(t, {"end", "sample_every"});
  ParamSpec end = make_spec("end", ParamKind::duration, "simulated horizon");
  end.unit = "d";
  end.min = 0;
  end.min_exclusive = true;
  end.required = true;
  ParamSpec step = end;
  step.name = "sample_every";
  step.help = "time between samples of the series (default end/100)";
  step.required = false;
  read_key(t, end, v);
  sc.time.end = v.real("end");
  sc.time.sample_every = sc.time.end / 100;
  if (read_key(t, step, v)) {
    sc.time.sample_every = v.real("sample_every");
    if (sc.time.sample_every > sc.time.end) {
      const YAML::Node& at = t.find("sample_every")->value;
      fail(at, "time.sample_every",
           "sample_every (" + format_number(sc.time.sample_every) + " d) is longer than end (" +
               format_number(sc.time.end) + " d)",
           "use a sampling step <= time.end");
    }
    // Every run holds its series in memory: T samples x metrics (x brands) doubles.
    constexpr double max_samples = 1e7;
    const double samples = std::floor(sc.time.end / sc.time.sample_every) + 1;
    if (!(samples <= max_samples)) {
      const YAML::Node& at = t.find("sample_every")->value;
      fail(at, "time.sample_every",
           "end / sample_every asks for " + format_number(samples) +
               " samples per run (at most 10000000)",
           "use a longer sampling step, e.g. sample_every: " + format_number(sc.time.end / 1000) +
               " for 1000 samples");
    }
  }
}

/// `model:` its name and parameters.
void ScenarioReader::read_model(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  const ModelInfo*& model = r.model;
  const KeyValue* e = top.find("model");
  if (e == nullptr)
    fail_missing(top, "model", "add 'model: {name: ...}'; models: " + join(models_.names()));
  const Section m = section(e->key, e->value, "model", "'model: {name: ..., <parameters>}'");
  const KeyValue* name = m.find("name");
  if (name == nullptr)
    fail_missing(m, "name", "add 'name: ...' in 'model'; models: " + join(models_.names()), true);
  if (!name->value.IsScalar())
    fail(name->value, "model.name", "expected a model name, found " + describe_node(name->value),
         "models: " + join(models_.names()));
  sc.model.name = name->value.Scalar();
  const ModelEntry* entry = models_.find(sc.model.name);
  model = entry != nullptr ? &entry->info : nullptr;
  if (model == nullptr)
    fail(name->value, "model.name", "unknown model '" + sc.model.name + "'",
         suggestion(sc.model.name, models_.names()) + "models: " + join(models_.names()));
  std::vector<std::string> allowed{"name"};
  for (const ParamSpec& p : model->params) allowed.push_back(p.name);
  check_keys(m, allowed);
  sc.model.params = read_params(m, model->params);
}

/// `network:` the generator and its parameters, checked together.
void ScenarioReader::read_network(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  ParamValues& v = r.v;
  const ModelInfo* model = r.model;
  const GeneratorInfo*& generator = r.generator;
  std::vector<std::string>& network_given = r.network_given;
  bool& fixed_given = r.fixed_given;
  const KeyValue* e = top.find("network");
  if (!model->needs_network && e != nullptr)
    fail(e->key, "network", "model " + sc.model.name + " runs without a network",
         "remove 'network'");
  const std::vector<std::string>& generator_names = generators_.names();
  if (model->needs_network) {
    if (e == nullptr)
      fail(top.where, "network",
           "model " + sc.model.name + " needs a network, and there is no 'network' section",
           "add e.g. 'network: {generator: erdos_renyi, nodes: 1000, mean_degree: 8}'; "
           "generators: " +
               join(generator_names));
    sc.has_network = true;
    const Section n =
        section(e->key, e->value, "network", "'network: {generator: ..., <parameters>}'");
    const KeyValue* gen = n.find("generator");
    if (gen == nullptr)
      fail_missing(n, "generator",
                   "add 'generator: ...' in 'network'; generators: " + join(generator_names), true);
    if (!gen->value.IsScalar())
      fail(gen->value, "network.generator",
           "expected a generator name, found " + describe_node(gen->value),
           "generators: " + join(generator_names));
    sc.network.generator = gen->value.Scalar();
    const GeneratorEntry* found = generators_.find(sc.network.generator);
    generator = found != nullptr ? &found->info : nullptr;
    if (generator == nullptr)
      fail(gen->value, "network.generator", "unknown generator '" + sc.network.generator + "'",
           suggestion(sc.network.generator, generator_names) +
               "generators: " + join(generator_names));
    std::vector<std::string> allowed{"generator", "fixed"};
    for (const ParamSpec& p : generator->params) allowed.push_back(p.name);
    check_keys(n, allowed);
    ParamSpec fixed =
        make_spec("fixed", ParamKind::boolean, "one network shared by every replication");
    for (const KeyValue& written : n.entries) network_given.push_back(written.name);
    if (read_key(n, fixed, v)) sc.network.fixed = fixed_given = v.flag("fixed");
    // An edge list is one given network: there is nothing to redraw.
    if (sc.network.generator == "edge_list") sc.network.fixed = true;
    sc.network.params = read_params(n, generator->params);
    // What the values cannot make together (k >= nodes, ...) is an error at the key's line too.
    try {
      check_network_params(sc.network.generator, sc.network.params);
    } catch (const GeneratorError& g) {
      const KeyValue* at = n.find(g.key());
      fail(at != nullptr ? at->value : e->key, "network." + g.key(), g.problem(), g.fix());
    }
  }
}

/// `seeding:` how many agents start active and how they are picked.
void ScenarioReader::read_seeding(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  ParamValues& v = r.v;
  const ModelInfo* model = r.model;
  std::vector<std::string>& seeding_given = r.seeding_given;
  if (const KeyValue* e = top.find("seeding"); e != nullptr && !model->uses_seeding)
    fail(e->key, "seeding",
         "model " + sc.model.name + " does not use 'seeding'" +
             (model->brands.params.empty() ? std::string() : ": each brand seeds its own product"),
         model->brands.params.empty()
             ? "remove 'seeding'"
             : "remove 'seeding'; give brands seed_count and seed_strategy");
  if (const KeyValue* e = top.find("seeding")) {
    const Section s =
        section(e->key, e->value, "seeding", "'seeding: {count: 10, strategy: random}'");
    check_keys(s, {"count", "fraction", "nodes", "strategy"});
    for (const KeyValue& written : s.entries) seeding_given.push_back(written.name);
    const KeyValue* mode = nullptr;
    for (const KeyValue& entry : s.entries) {
      if (entry.name != "count" && entry.name != "fraction" && entry.name != "nodes") continue;
      if (mode != nullptr)
        fail(entry.key, "seeding." + entry.name,
             "'" + mode->name + "' and '" + entry.name + "' are both given",
             "keep exactly one of 'count', 'fraction', 'nodes'");
      mode = &entry;
    }
    ParamSpec count = make_spec("count", ParamKind::integer, "number of initially active agents");
    count.min = 0;
    ParamSpec fraction = make_spec("fraction", ParamKind::real, "share of agents initially active");
    fraction.min = 0;
    fraction.min_exclusive = true;
    fraction.max = 1;
    ParamSpec nodes =
        make_spec("nodes", ParamKind::integer_list, "ids of the initially active agents");
    nodes.min = 0;
    nodes.max = 4294967294.0;  // ids are 32-bit and below the node count
    ParamSpec strategy = make_spec("strategy", ParamKind::choice, "how seeds are picked");
    strategy.choices = {"random", "top_degree"};
    if (read_key(s, count, v)) {
      sc.seeding.mode = SeedingSpec::Mode::count;
      sc.seeding.count = static_cast<std::uint64_t>(v.integer("count"));
    } else if (read_key(s, fraction, v)) {
      sc.seeding.mode = SeedingSpec::Mode::fraction;
      sc.seeding.fraction = v.real("fraction");
    } else if (read_key(s, nodes, v)) {
      sc.seeding.mode = SeedingSpec::Mode::nodes;
      std::set<double> seen;
      std::size_t i = 0;
      for (double id : v.list("nodes")) {
        if (!seen.insert(id).second)
          fail(mode->value[i], "seeding.nodes[" + std::to_string(i) + "]",
               "node " + format_number(id) + " is listed twice", "list each seed node once");
        sc.seeding.nodes.push_back(static_cast<NodeId>(id));
        ++i;
      }
    }
    // Without a network there is no population to draw from: seeds are initial events.
    if (!sc.has_network && mode != nullptr && sc.seeding.mode != SeedingSpec::Mode::count)
      fail(mode->key, "seeding." + mode->name,
           "model " + sc.model.name + " runs without a network, so seeds cannot be given as '" +
               mode->name + "'",
           "use 'count: N' (N initial events)");
    if (const KeyValue* st = s.find("strategy")) {
      if (sc.seeding.mode == SeedingSpec::Mode::nodes)
        fail(st->key, "seeding.strategy", "'strategy' does not apply to a given list of 'nodes'",
             "remove 'strategy', or replace 'nodes' by 'count' or 'fraction'");
      read_key(s, strategy, v);
      sc.seeding.strategy = v.text("strategy") == "top_degree" ? SeedingSpec::Strategy::top_degree
                                                               : SeedingSpec::Strategy::random;
      if (sc.seeding.strategy == SeedingSpec::Strategy::top_degree && !sc.has_network)
        fail(st->value, "seeding.strategy",
             "top_degree seeding needs a network, and model " + sc.model.name + " has none",
             "use 'strategy: random'");
    }
    // With a known population, impossible seedings fail now rather than at run time.
    if (sc.has_network && sc.network.params.has("nodes") && mode != nullptr) {
      const auto population = static_cast<std::uint64_t>(sc.network.params.integer("nodes"));
      if (sc.seeding.mode == SeedingSpec::Mode::count && sc.seeding.count > population)
        fail(mode->value, "seeding.count",
             "asks for " + std::to_string(sc.seeding.count) + " seeds but the network has only " +
                 std::to_string(population) + " nodes",
             "use a count <= " + std::to_string(population) + ", or a 'fraction'");
      if (sc.seeding.mode == SeedingSpec::Mode::nodes)
        for (std::size_t i = 0; i < sc.seeding.nodes.size(); ++i)
          if (sc.seeding.nodes[i] >= population)
            fail(mode->value[i], "seeding.nodes[" + std::to_string(i) + "]",
                 "node " + std::to_string(sc.seeding.nodes[i]) +
                     " does not exist: the network has " + std::to_string(population) + " nodes",
                 "use node ids from 0 to " + std::to_string(population - 1));
    }
  }
}

/// `brands:` for models that declare brand parameters.
void ScenarioReader::read_brand_list(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  const ModelInfo* model = r.model;
  std::vector<std::vector<std::string>>& brands_given = r.brands_given;
  const KeyValue* e = top.find("brands");
  if (e != nullptr && model->brands.params.empty())
    fail(e->key, "brands", "model " + sc.model.name + " has no brands", "remove 'brands'");
  if (!model->brands.params.empty()) sc.brands = read_brands(top, e, *model, brands_given);
}

/// `output:` the results file and whether cascades are recorded.
void ScenarioReader::read_output(const Section& top, Reading& r) const {
  Scenario& sc = r.sc;
  ParamValues& v = r.v;
  const ModelInfo* model = r.model;
  if (const KeyValue* e = top.find("output")) {
    const Section o = section(e->key, e->value, "output", "'output: {path: results/run.h5}'");
    check_keys(o, {"path", "cascades"});
    ParamSpec path = make_spec("path", ParamKind::text, "results file (HDF5)");
    if (read_key(o, path, v)) sc.output_path = resolve_path(v.text("path"));
    if (const KeyValue* c = o.find("cascades")) {
      if (!model->has_cascades)
        fail(c->key, "output.cascades", "model " + sc.model.name + " does not record cascades",
             "remove 'cascades' from 'output'");
      ParamSpec cascades =
          make_spec("cascades", ParamKind::boolean, "write who told whom to /cascades");
      read_key(o, cascades, v);
      sc.output_cascades = v.flag("cascades");
    }
  }
}

}  // namespace hearsay::scenarios

// `segments:`: groups of consumers by share, each setting some of the model's parameters for its
// consumers (those the model declares in ModelInfo::segment_params).
#include "sim/scenario/reader.hpp"

namespace hearsay::scenarios {

namespace {

// The shares must add up to one; decimal shares such as 0.1 + 0.2 + 0.7 miss it by rounding.
constexpr double share_tolerance = 1e-9;

}  // namespace

void ScenarioReader::read_segments(const Section& top, Reading& r) const {
  const KeyValue* entry = top.find("segments");
  const KeyValue* by = top.find("segment_by");
  if (entry == nullptr) {
    if (by != nullptr)
      fail(by->key, "segment_by", "'segment_by' without 'segments'",
           "add 'segments: [{name: ...}, ...]', one per value of the attribute, or remove "
           "'segment_by'");
    return;
  }
  const ModelInfo& model = *r.model;
  if (by != nullptr) {
    ParamSpec by_spec = make_spec("segment_by", ParamKind::text,
                                  "the node attribute (a column of network.node_file) whose "
                                  "value names each consumer's segment");
    read_key(top, by_spec, r.v);
    r.sc.segment_by = r.v.text("segment_by");
    if (!by->value.Mark().is_null() && !given_by_set(by->value))
      locations_.emplace("segment_by", location(by->value.Mark()));
    if (r.sc.segment_by.empty() || r.sc.segment_by == "node")
      fail(by->value, "segment_by", "'" + r.sc.segment_by + "' is not an attribute name",
           "give a column of network.node_file other than 'node', e.g. 'segment_by: segment'");
    const bool graphml = r.sc.has_network && r.sc.network.generator == "graphml";
    if (!graphml && (!r.sc.has_network || r.sc.network.generator != "edge_list" ||
                     !r.sc.network.params.has("node_file")))
      fail(by->key, "segment_by",
           "segment_by reads a node attribute, and the network has no node file",
           "use 'network: {generator: edge_list, path: ..., node_file: nodes.csv}' (a header "
           "'node," +
               r.sc.segment_by +
               "', then one row per node) or a GraphML network, or "
               "give each segment a 'share' instead");
    if (graphml && r.sc.network.params.text("segment_attribute") != r.sc.segment_by)
      fail(by->value, "segment_by",
           "a GraphML network gives the node attribute network.segment_attribute ('" +
               r.sc.network.params.text("segment_attribute") + "'), not '" + r.sc.segment_by + "'",
           "set network.segment_attribute: " + r.sc.segment_by +
               ", or segment_by: " + r.sc.network.params.text("segment_attribute"));
  }
  const bool by_share = by == nullptr;
  if (model.segment_params.empty())
    fail(entry->key, "segments", "model " + model.name + " has no consumer segments",
         "remove 'segments'; `hearsay describe " + model.name + "` lists what it takes");
  const std::string example = "'segments: [{name: young, share: 0.3, " +
                              model.segment_params.front() + ": ...}, {name: rest, share: 0.7}]'";
  const YAML::Node& list = entry->value;
  if (!list.IsSequence() || list.size() == 0)
    fail(list.IsNull() ? entry->key : list, "segments",
         "'segments' must be a non-empty list of segments, found " + describe_node(list),
         "write it as " + example + ", or remove 'segments' for one population");
  if (list.size() > max_segments)
    fail(list[max_segments], "segments[" + std::to_string(max_segments) + "]",
         "lists " + std::to_string(list.size()) + " segments; at most " +
             std::to_string(max_segments),
         "merge segments, or compare populations in separate scenarios");

  std::vector<std::string> allowed{"name", "share"};
  allowed.insert(allowed.end(), model.segment_params.begin(), model.segment_params.end());
  std::vector<const ParamSpec*> specs;
  for (const std::string& name : model.segment_params) {
    const auto spec = std::find_if(model.params.begin(), model.params.end(),
                                   [&](const ParamSpec& p) { return p.name == name; });
    if (spec == model.params.end())
      throw std::logic_error("model " + model.name + ": segment parameter '" + name +
                             "' is not a model parameter");
    specs.push_back(&*spec);
  }
  ParamSpec name_spec = make_spec("name", ParamKind::text, "a short label, unique in the scenario");
  name_spec.required = true;
  ParamSpec share_spec =
      make_spec("share", ParamKind::real, "the share of the consumers in the segment");
  share_spec.required = by_share;
  share_spec.min = 0;
  share_spec.max = 1;
  share_spec.min_exclusive = true;

  double total = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    const std::string path = "segments[" + std::to_string(i) + "]";
    const Section s = section(item, item, path, "'- {name: ..., share: ..., <parameters>}'");
    // A model parameter that is the same for every consumer deserves a clearer word.
    for (const KeyValue& e : s.entries)
      if (std::find(allowed.begin(), allowed.end(), e.name) == allowed.end() &&
          std::any_of(model.params.begin(), model.params.end(),
                      [&](const ParamSpec& p) { return p.name == e.name; }))
        fail(e.key, s.key_path(e.name),
             "'" + e.name + "' is the same for every consumer: a segment cannot set it",
             "set it under 'model'; a segment may set: " + join(model.segment_params));
    check_keys(s, allowed);
    ParamValues v;
    read_key(s, name_spec, v);
    if (!by_share && s.find("share") != nullptr)
      fail(s.find("share")->key, s.key_path("share"),
           "a segment has no share when segments are given by a node attribute (segment_by: " +
               r.sc.segment_by + "): the node file says who is in it",
           "remove 'share', or remove 'segment_by' to split the consumers by shares");
    SegmentSpec segment;
    segment.name = v.text("name");
    if (by_share) {
      read_key(s, share_spec, v);
      segment.share = v.real("share");
    }
    const YAML::Node& at = s.find("name")->value;
    const std::string key = path + ".name";
    std::vector<std::string> earlier;
    for (const SegmentSpec& other : r.sc.segments) earlier.push_back(other.name);
    check_label(at, key, "segment", segment.name, earlier, "young", /*dots=*/true);
    for (const ParamSpec* spec : specs)
      if (const KeyValue* e = s.find(spec->name))
        segment.params.set(spec->name, read_value(e->value, *spec, s.key_path(spec->name)));
    total += segment.share;
    r.sc.segments.push_back(std::move(segment));
  }
  if (by_share && std::abs(total - 1.0) > share_tolerance) {
    std::string shares;
    for (const SegmentSpec& segment : r.sc.segments)
      shares += (shares.empty() ? "" : " + ") + format_number(segment.share);
    fail(list, "segments",
         "the segments' shares add up to " + format_number(total) + " (" + shares + "), not 1",
         "make the shares sum to 1: every consumer belongs to one segment");
  }
}

}  // namespace hearsay::scenarios

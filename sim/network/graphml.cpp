// Reading GraphML with Boost.Graph's reader: attributes of any declared type through property
// maps of our own, converted and checked here.
#include "sim/network/graphml.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/make_shared.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>

#include "sim/core/error.hpp"
#include "sim/files/input_file.hpp"

namespace hearsay {
namespace {

/// The reader holds the whole document in memory (a property tree, several times the file's
/// size): files are bounded far below the edge-list limit.
constexpr std::uint64_t max_graphml_bytes = std::uint64_t{1} << 30;

struct NodeData {
  std::optional<std::string> community;
};
struct EdgeData {
  std::optional<double> weight;
  std::string bad_weight;  ///< the text of a weight that is not a number
};
/// Boost's reader refuses a file whose edgedefault is not the graph type's: the file is read
/// into the type it declares, and the scenario's `directed` decides how the network takes it.
template <class Directed>
using GraphOf = boost::adjacency_list<boost::vecS, boost::vecS, Directed, NodeData, EdgeData,
                                      boost::no_property, boost::vecS>;

/// The GraphML reader puts a value of the type the file declares (bool, int, long, float,
/// double, string); this map takes any of them.
double as_number(const boost::any& value, bool& ok) {
  ok = true;
  if (const auto* x = boost::any_cast<double>(&value)) return *x;
  if (const auto* x = boost::any_cast<float>(&value)) return *x;
  if (const auto* x = boost::any_cast<int>(&value)) return *x;
  if (const auto* x = boost::any_cast<long>(&value)) return static_cast<double>(*x);
  if (const auto* x = boost::any_cast<bool>(&value)) return *x ? 1 : 0;
  if (const auto* x = boost::any_cast<std::string>(&value)) {
    try {
      std::size_t used = 0;
      const double d = std::stod(*x, &used);
      if (used == x->size()) return d;
    } catch (const std::exception&) {
    }
  }
  ok = false;
  return 0;
}

std::string as_text(const boost::any& value) {
  if (const auto* x = boost::any_cast<std::string>(&value)) return *x;
  if (const auto* x = boost::any_cast<bool>(&value)) return *x ? "true" : "false";
  if (const auto* x = boost::any_cast<int>(&value)) return std::to_string(*x);
  if (const auto* x = boost::any_cast<long>(&value)) return std::to_string(*x);
  bool ok = false;
  const double d = as_number(value, ok);
  return ok ? boost::lexical_cast<std::string>(d) : std::string();
}

/// A write-only property map over the graph's bundles, for one attribute (edge: the weight,
/// vertex: the community label).
template <class Graph, class Key>
class AttributeMap : public boost::dynamic_property_map {
 public:
  explicit AttributeMap(Graph& g) : g_(g) {}
  boost::any get(const boost::any&) override { return {}; }
  std::string get_string(const boost::any&) override { return {}; }
  void put(const boost::any& key, const boost::any& value) override {
    if constexpr (std::is_same_v<Key, typename boost::graph_traits<Graph>::edge_descriptor>) {
      EdgeData& e = g_[boost::any_cast<Key>(key)];
      bool ok = false;
      const double x = as_number(value, ok);
      if (ok)
        e.weight = x;
      else
        e.bad_weight = as_text(value);
    } else {
      g_[boost::any_cast<Key>(key)].community = as_text(value);
    }
  }
  const std::type_info& key() const override { return typeid(Key); }
  const std::type_info& value() const override { return typeid(std::string); }

 private:
  Graph& g_;
};

/// "<unspecified file>(12): expected >" from the XML parser, with the file named.
std::string named(std::string what, const std::string& path) {
  const std::string unnamed = "<unspecified file>";
  if (const std::size_t at = what.find(unnamed); at != std::string::npos)
    what.replace(at, unnamed.size(), path);
  return what;
}

/// What a file holds, whichever graph type read it.
struct Parsed {
  NodeId nodes = 0;
  EdgeBuffer edges;
  bool weighted = true;
  std::vector<std::optional<std::string>> labels;
};

template <class Directed>
Parsed parse(std::istream& in, const std::string& path, const GraphmlOptions& options) {
  using Graph = GraphOf<Directed>;
  using Vertex = typename boost::graph_traits<Graph>::vertex_descriptor;
  using Edge = typename boost::graph_traits<Graph>::edge_descriptor;
  Graph g;
  boost::dynamic_properties properties(boost::ignore_other_properties);
  properties.insert(options.weight, boost::make_shared<AttributeMap<Graph, Edge>>(g));
  properties.insert(options.community, boost::make_shared<AttributeMap<Graph, Vertex>>(g));
  boost::read_graphml(in, g, properties, 0);
  if (boost::num_vertices(g) > std::numeric_limits<NodeId>::max() - 1)
    throw DataFileError(path + ": more than 2^32 - 2 nodes");
  Parsed parsed;
  parsed.nodes = static_cast<NodeId>(boost::num_vertices(g));
  for (const Edge e : boost::make_iterator_range(boost::edges(g))) {
    const EdgeData& data = g[e];
    const auto u = static_cast<NodeId>(boost::source(e, g));
    const auto v = static_cast<NodeId>(boost::target(e, g));
    const std::string which = "edge " + std::to_string(u) + " - " + std::to_string(v) + ": ";
    if (!data.bad_weight.empty() || (data.weight && !std::isfinite(*data.weight)))
      throw DataFileError(
          path + ": " + which + "the " + options.weight +
          " attribute must be a finite number, not '" +
          (data.bad_weight.empty() ? std::to_string(*data.weight) : data.bad_weight) +
          "' (nodes numbered from 0 in the order the file declares them)");
    if (data.weight && std::fabs(*data.weight) > double{std::numeric_limits<float>::max()})
      throw DataFileError(path + ": " + which +
                          "the weight is too large (its magnitude must be at most 3.4e38)");
    parsed.weighted = parsed.weighted && data.weight.has_value();
    parsed.edges.add(u, v);
    parsed.edges.weights.push_back(data.weight ? static_cast<float>(*data.weight) : 0.0f);
  }
  for (Vertex v = 0; v < boost::num_vertices(g); ++v) parsed.labels.push_back(g[v].community);
  return parsed;
}

}  // namespace

Network read_graphml(const std::string& path, const GraphmlOptions& options,
                     GraphmlReport* report) {
  if (const std::string problem = input_file_problem(path, max_graphml_bytes); !problem.empty())
    throw DataFileError("GraphML file '" + path + "' " + problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RuntimeError("cannot open GraphML file '" + path + "'");
  Parsed parsed;
  try {
    try {
      parsed = parse<boost::directedS>(in, path, options);
    } catch (const boost::undirected_graph_error&) {
      in.clear();
      in.seekg(0);
      parsed = parse<boost::undirectedS>(in, path, options);
    }
  } catch (const DataFileError&) {
    throw;
  } catch (const boost::parse_error& e) {
    throw DataFileError(path + ": not a GraphML file hearsay can read: " + named(e.error, path));
  } catch (const std::exception& e) {
    throw DataFileError(path + ": not a GraphML file hearsay can read: " + named(e.what(), path));
  }
  if (parsed.edges.size() == 0) throw DataFileError(path + ": the graph has no edges");
  if (!parsed.weighted) parsed.edges.weights.clear();
  GraphmlReport local;
  GraphmlReport& out = report ? *report : local;
  out = GraphmlReport{};
  out.weighted = parsed.weighted;
  Network network =
      build_network(parsed.nodes, std::move(parsed.edges), options.directed, &out.build);
  // The segment attribute is also a named node attribute (segment_by), gaps allowed.
  NodeAttribute attribute{
      options.community, {}, std::vector<std::uint32_t>(parsed.nodes, NodeAttribute::missing)};
  std::map<std::string, std::uint32_t> levels;
  for (NodeId v = 0; v < parsed.nodes; ++v) {
    if (!parsed.labels[v]) continue;
    const auto [level, added] =
        levels.emplace(*parsed.labels[v], static_cast<std::uint32_t>(attribute.levels.size()));
    if (added) attribute.levels.push_back(*parsed.labels[v]);
    attribute.codes[v] = level->second;
  }
  if (!attribute.levels.empty()) network.set_node_attributes({std::move(attribute)});
  std::vector<std::uint32_t> community(parsed.nodes);
  std::map<std::string, std::uint32_t> labels;
  for (NodeId v = 0; v < parsed.nodes; ++v) {
    if (!parsed.labels[v]) return network;  // a node without the label: no communities
    community[v] =
        labels.emplace(*parsed.labels[v], static_cast<std::uint32_t>(labels.size())).first->second;
  }
  network.set_communities(std::move(community));
  out.communities = true;
  out.community_count = static_cast<std::uint32_t>(labels.size());
  return network;
}

}  // namespace hearsay

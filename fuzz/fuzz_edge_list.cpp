// libFuzzer target: the edge-list reader on the same bytes from memory, a text file and gzip.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <typeinfo>

#include "oracles.hpp"
#include "scratch_dir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > hearsay::fuzz::max_input_bytes) return -1;  // -1: not added to the corpus
  static const hearsay::fuzz::ScratchDir scratch("edge_list");
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string problem;
  try {
    problem = hearsay::fuzz::run_edge_list_input(bytes, scratch.path());
  } catch (const std::exception& e) {
    problem = std::string("an exception of type ") + typeid(e).name() +
              " escaped (only RuntimeError may): " + e.what();
  }
  if (!problem.empty()) {
    std::fprintf(stderr, "\n==== hearsay fuzz finding (edge_list): %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}

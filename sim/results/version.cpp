// The hearsay version string, written into every results file.
#ifndef HEARSAY_VERSION
#define HEARSAY_VERSION "0.1.0"
#endif

#include "sim/results/file_state.hpp"

namespace hearsay {

using namespace results;

const char* hearsay_version() {
  return HEARSAY_VERSION;
}

}  // namespace hearsay

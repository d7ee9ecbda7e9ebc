// MPI messaging for the runner: finished runs travel to rank 0 as one byte message each.
#include "sim/app/mpi_session.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace hearsay::cli {
namespace {

constexpr int run_tag = 1;   // a finished run
constexpr int done_tag = 2;  // a rank has sent all its runs

/// Fixed part of a run message; series, summary and cascade rows follow as raw arrays (every
/// rank runs the same binary on the same kind of machine, so layouts agree).
struct Header {
  std::uint64_t index;
  std::uint64_t seed;
  double wall_seconds;
  std::uint64_t events;
  std::int64_t status;
  std::uint64_t series;
  std::uint64_t summary;
  std::uint64_t cascades;
};

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw RuntimeError(std::string("MPI: ") + what + " failed");
}

std::vector<char> pack(std::uint64_t index, const RunRecord& run) {
  const RunOutput& out = run.output;
  const Header header{index,
                      run.seed,
                      run.wall_seconds,
                      out.events,
                      static_cast<std::int64_t>(out.status),
                      out.series.size(),
                      out.summary.size(),
                      out.cascades.size()};
  std::vector<char> bytes(sizeof(Header) + (header.series + header.summary) * sizeof(double) +
                          header.cascades * sizeof(CascadeRow));
  char* at = bytes.data();
  auto put = [&at](const void* data, std::size_t n) {
    if (n > 0) std::memcpy(at, data, n);
    at += n;
  };
  put(&header, sizeof header);
  put(out.series.data(), out.series.size() * sizeof(double));
  put(out.summary.data(), out.summary.size() * sizeof(double));
  put(out.cascades.data(), out.cascades.size() * sizeof(CascadeRow));
  return bytes;
}

void unpack(const std::vector<char>& bytes, std::uint64_t& index, RunRecord& run) {
  Header header{};
  if (bytes.size() < sizeof header) throw RuntimeError("MPI: a run message is truncated");
  std::memcpy(&header, bytes.data(), sizeof header);
  const std::size_t expected = sizeof(Header) + (header.series + header.summary) * sizeof(double) +
                               header.cascades * sizeof(CascadeRow);
  if (bytes.size() != expected) throw RuntimeError("MPI: a run message has the wrong size");
  const char* at = bytes.data() + sizeof header;
  auto get = [&at](void* data, std::size_t n) {
    if (n > 0) std::memcpy(data, at, n);
    at += n;
  };
  index = header.index;
  run = RunRecord{};
  run.seed = header.seed;
  run.wall_seconds = header.wall_seconds;
  run.output.events = header.events;
  run.output.status = static_cast<RunStatus>(header.status);
  run.output.series.resize(header.series);
  run.output.summary.resize(header.summary);
  run.output.cascades.resize(header.cascades);
  get(run.output.series.data(), header.series * sizeof(double));
  get(run.output.summary.data(), header.summary * sizeof(double));
  get(run.output.cascades.data(), header.cascades * sizeof(CascadeRow));
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  check(MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  // Worker threads send (one at a time, under a lock); rank 0 receives on its main thread.
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw RuntimeError(
        "this MPI library does not allow calls from several threads "
        "(MPI_THREAD_SERIALIZED); hearsay needs it");
  }
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

void MpiSession::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

RankSplit MpiSession::rank_split() {
  RankSplit d;
  check(MPI_Comm_rank(MPI_COMM_WORLD, &d.rank), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &d.size), "MPI_Comm_size");
  const int size = d.size;
  d.send = [](std::uint64_t index, const RunRecord& run) {
    const std::vector<char> bytes = pack(index, run);
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
      throw RuntimeError(
          "MPI: a run's results exceed 2 GiB; run fewer samples or without cascades");
    check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, run_tag,
                   MPI_COMM_WORLD),
          "MPI_Send");
  };
  d.done_sending = [] {
    check(MPI_Send(nullptr, 0, MPI_BYTE, 0, done_tag, MPI_COMM_WORLD), "MPI_Send");
  };
  auto finished = std::make_shared<int>(0);
  d.receive = [size, finished](std::uint64_t& index, RunRecord& run) {
    while (*finished < size - 1) {
      MPI_Status status;
      check(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "MPI_Probe");
      int count = 0;
      check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
      std::vector<char> bytes(static_cast<std::size_t>(count));
      check(MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE),
            "MPI_Recv");
      if (status.MPI_TAG == done_tag) {
        ++*finished;
        continue;
      }
      unpack(bytes, index, run);
      return true;
    }
    return false;
  };
  d.share = [](std::vector<std::uint64_t>& values) {
    std::uint64_t n = values.size();
    check(MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD), "MPI_Bcast");
    values.resize(n);
    // In pieces: an MPI count is an int.
    constexpr std::uint64_t piece = std::uint64_t{1} << 26;
    for (std::uint64_t at = 0; at < n; at += piece)
      check(MPI_Bcast(values.data() + at, static_cast<int>(std::min(piece, n - at)), MPI_UINT64_T,
                      0, MPI_COMM_WORLD),
            "MPI_Bcast");
  };
  d.sum = [](std::vector<double>& values) {
    constexpr std::size_t piece = std::size_t{1} << 26;  // an MPI count is an int
    for (std::size_t at = 0; at < values.size(); at += piece)
      check(MPI_Allreduce(MPI_IN_PLACE, values.data() + at,
                          static_cast<int>(std::min(piece, values.size() - at)), MPI_DOUBLE,
                          MPI_SUM, MPI_COMM_WORLD),
            "MPI_Allreduce");
  };
  d.any = [](bool flag) {
    int value = flag ? 1 : 0;
    check(MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD),
          "MPI_Allreduce");
    return value != 0;
  };
  return d;
}

}  // namespace hearsay::cli

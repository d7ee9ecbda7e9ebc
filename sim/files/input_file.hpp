// Reading users' input files with bounds: regular files only, below a size limit, or stdin.
#pragma once

#include <cstdint>
#include <string>

namespace hearsay {

/// Largest scenario file (bytes): far above any real scenario (a sweep of 10^6 values takes a
/// few MB), far below what would exhaust memory once parsed.
inline constexpr std::uint64_t max_scenario_bytes = std::uint64_t{16} << 20;
/// Largest edge-list file (bytes, as stored: gzip counts compressed). The biggest public social
/// networks (SNAP's Friendster, 1.8e9 edges) take about 31 GB of text.
inline constexpr std::uint64_t max_edge_list_bytes = std::uint64_t{64} << 30;
/// Largest degree file (bytes): 2^32 - 2 agents of up to 10-digit degrees.
inline constexpr std::uint64_t max_degree_file_bytes = std::uint64_t{64} << 30;

/// Why `path` cannot be an input file of at most `limit` bytes ("is a device, not a regular
/// file", "does not exist", "is 20.0 MiB; at most 16.0 MiB is read"), or empty when it can. Looks
/// at the path only (stat), so a FIFO or device is refused at once, without opening it.
std::string input_file_problem(const std::string& path, std::uint64_t limit);

/// The whole content of the input file `path` (`-`: standard input), at most `limit` bytes.
/// Throws DataFileError naming the file when it is not a regular file (a device or FIFO is never
/// opened), is larger than `limit`, or cannot be read.
std::string read_input_file(const std::string& path, std::uint64_t limit);

/// "16 MiB": a byte count for messages.
std::string byte_size_text(std::uint64_t bytes);

}  // namespace hearsay

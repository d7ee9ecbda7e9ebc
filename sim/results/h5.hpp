// A small RAII layer over the HDF5 C API: handles that close themselves, failures as RuntimeError.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace hearsay::h5 {

/// Turns off HDF5's automatic printing of its error stack for the calling thread (the thread-safe
/// HDF5 build keeps it per thread). Every function here reports failure as a RuntimeError
/// instead, so users see one message, not a stack dump. create_file and open_file call it; code
/// that uses an open file from another thread calls it first there.
void silence_errors();

/// Throws RuntimeError "HDF5: cannot <operation> <where>: <innermost HDF5 message>".
[[noreturn]] void fail(const std::string& operation, const std::string& where);

/// An open HDF5 object, not owning: its id plus the file and object path, for error messages.
class Object {
 public:
  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  /// "/series/infected in out.h5" (or just the file name for the file itself).
  std::string where() const;

 protected:
  Object() = default;
  Object(hid_t id, std::string file, std::string path)
      : id_(id), file_(std::move(file)), path_(std::move(path)) {}
  Object(const Object&) = default;
  Object& operator=(const Object&) = default;
  Object(Object&&) noexcept = default;
  Object& operator=(Object&&) noexcept = default;
  ~Object() = default;

  hid_t id_ = H5I_INVALID_HID;
  std::string file_;
  std::string path_;
};

/// Owns one HDF5 id and closes it with `Close`; move-only. Closing in a destructor never throws:
/// a failure there has nowhere to go, and the writer flushes explicitly before that point.
template <herr_t (*Close)(hid_t)>
class Handle : public Object {
 public:
  Handle() = default;
  Handle(hid_t id, std::string file, std::string path)
      : Object(id, std::move(file), std::move(path)) {}
  ~Handle() { close(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  // Moving a hid_t leaves a copy behind: invalidate it so only one handle closes the id.
  Handle(Handle&& other) noexcept : Object(std::move(other)) { other.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      close();
      Object::operator=(std::move(other));
      other.id_ = H5I_INVALID_HID;
    }
    return *this;
  }

  void close() noexcept {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using Attribute = Handle<H5Aclose>;
using PropertyList = Handle<H5Pclose>;

/// The HDF5 types of T: in memory (what the bytes in our buffers are), and in the file (fixed
/// little-endian, so a file is byte-for-byte the same on any machine).
template <class T>
std::pair<hid_t, hid_t> memory_and_file_types() {
  if constexpr (std::is_same_v<T, double>)
    return {H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE};
  else if constexpr (std::is_same_v<T, float>)
    return {H5T_NATIVE_FLOAT, H5T_IEEE_F32LE};
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return {H5T_NATIVE_INT8, H5T_STD_I8LE};
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return {H5T_NATIVE_UINT8, H5T_STD_U8LE};
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return {H5T_NATIVE_INT32, H5T_STD_I32LE};
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return {H5T_NATIVE_UINT32, H5T_STD_U32LE};
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return {H5T_NATIVE_INT64, H5T_STD_I64LE};
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return {H5T_NATIVE_UINT64, H5T_STD_U64LE};
  else
    static_assert(!sizeof(T), "no HDF5 type for this C++ type");
}

/// Memory type of T.
template <class T>
hid_t memory_type() {
  return memory_and_file_types<T>().first;
}

/// File type of T.
template <class T>
hid_t file_type() {
  return memory_and_file_types<T>().second;
}

// --- files and groups -------------------------------------------------------------------------

/// Creates `path`: truncating an existing file when `truncate`, failing if it exists otherwise.
/// Messages call the file `name` (default: `path`), e.g. its final name while it is written under
/// a temporary one. Without `lock` (the default), HDF5 takes no file lock of its own: hearsay's
/// own lock (sim/files/output_lock.hpp) keeps writers apart whatever HDF5_USE_FILE_LOCKING says,
/// and readers open a file while a run writes it. (HDF5 also refuses to open one file twice in a
/// process with different lock settings, so every open here agrees.)
File create_file(const std::string& path, bool truncate, const std::string& name = {},
                 bool lock = false);
/// Opens an existing file read-only or read-write; `lock` as for create_file.
File open_file(const std::string& path, bool writable = false, bool lock = false);
/// Writes everything buffered for this file to disk.
void flush(const File& file);

/// Creates a group; `track_order` records link creation order so children list in that order.
Group create_group(const Object& parent, const std::string& name, bool track_order = false);
Group open_group(const Object& parent, const std::string& name);
/// True when `parent` has a link `name` (one level, no intermediate groups).
bool has_link(const Object& parent, const std::string& name);
/// Names of a group's links: in creation order when the group tracks it, by name otherwise.
std::vector<std::string> link_names(const Object& group);

// --- types and spaces -------------------------------------------------------------------------

/// Variable-length UTF-8 string type: what h5py reads as `str` in attributes.
Datatype utf8_string_type();
Dataspace scalar_space();
Dataspace simple_space(std::span<const hsize_t> dims);

// --- attributes -------------------------------------------------------------------------------

bool has_attribute(const Object& object, const std::string& name);
/// Names of an object's attributes, by name.
std::vector<std::string> attribute_names(const Object& object);
/// Writes (or replaces) a scalar variable-length UTF-8 string attribute.
void write_attribute(const Object& object, const std::string& name, const std::string& value);
inline void write_attribute(const Object& object, const std::string& name, const char* value) {
  write_attribute(object, name, std::string(value));
}
/// Writes (or replaces) a numeric attribute with a true scalar dataspace (h5py reads a number,
/// not a 1-element array).
void write_attribute(const Object& object, const std::string& name, hid_t file_type,
                     hid_t memory_type, const void* value);
template <class T>
requires std::is_arithmetic_v<T>
void write_attribute(const Object& object, const std::string& name, T value) {
  write_attribute(object, name, file_type<T>(), memory_type<T>(), &value);
}
/// Reads a string attribute, variable-length or fixed-length.
std::string read_string_attribute(const Object& object, const std::string& name);
/// True when the attribute's type is a string (either kind).
bool attribute_is_string(const Object& object, const std::string& name);
/// True when the attribute's type is an integer.
bool attribute_is_integer(const Object& object, const std::string& name);
void read_attribute(const Object& object, const std::string& name, hid_t memory_type, void* value);
template <class T>
requires std::is_arithmetic_v<T> T read_attribute(const Object& object, const std::string& name) {
  T value{};
  read_attribute(object, name, memory_type<T>(), &value);
  return value;
}

// --- datasets ---------------------------------------------------------------------------------

/// Storage of a new dataset. An empty `chunk` means contiguous storage (no filters then).
struct StorageOptions {
  std::vector<hsize_t> chunk;
  bool shuffle = false;   ///< byte shuffle before deflate: compresses doubles much better
  int deflate_level = 0;  ///< 0 = no compression, 1..9 zlib level
  /// Each chunk is written whole, once: skip HDF5's chunk cache, which would otherwise keep up
  /// to 1 MiB of already-written chunks per open dataset (hundreds of MiB with many metrics).
  bool write_once = false;
  /// The first dimension can grow without limit (append); needs `chunk`.
  bool extendable = false;
};

Dataset create_dataset(const Object& parent, const std::string& name, hid_t file_type,
                       std::span<const hsize_t> dims, const StorageOptions& storage,
                       hid_t fill_memory_type, const void* fill);
/// A dataset of T with every element `fill` until written (unwritten chunks cost no space).
template <class T>
Dataset create_dataset(const Object& parent, const std::string& name, std::span<const hsize_t> dims,
                       const StorageOptions& storage = {}, T fill = T{}) {
  return create_dataset(parent, name, file_type<T>(), dims, storage, memory_type<T>(), &fill);
}
Dataset open_dataset(const Object& parent, const std::string& name);
std::vector<hsize_t> dataset_dims(const Dataset& dataset);
/// The chunk shape of a chunked dataset (empty if it is not chunked).
std::vector<hsize_t> chunk_dims(const Dataset& dataset);

/// Writes / reads the block at `start` of extent `count` from / into contiguous `data`.
void write_hyperslab(const Dataset& dataset, std::span<const hsize_t> start,
                     std::span<const hsize_t> count, hid_t memory_type, const void* data);
void read_hyperslab(const Dataset& dataset, std::span<const hsize_t> start,
                    std::span<const hsize_t> count, hid_t memory_type, void* data);
template <class T>
void write_hyperslab(const Dataset& dataset, std::span<const hsize_t> start,
                     std::span<const hsize_t> count, const T* data) {
  write_hyperslab(dataset, start, count, memory_type<T>(), data);
}
template <class T>
void read_hyperslab(const Dataset& dataset, std::span<const hsize_t> start,
                    std::span<const hsize_t> count, T* data) {
  read_hyperslab(dataset, start, count, memory_type<T>(), data);
}
/// Writes the whole dataset from `data` (which must hold every element).
void write_all(const Dataset& dataset, hid_t memory_type, const void* data);

/// Passes chunks of 8-byte values through what HDF5's shuffle and deflate filters do, with one
/// zlib stream reused for every chunk (HDF5's filter sets one up and tears it down per chunk).
/// The bytes are those the filters would store, so readers see an ordinary filtered chunk.
class ShuffleDeflate {
 public:
  explicit ShuffleDeflate(int level);
  ~ShuffleDeflate();
  ShuffleDeflate(const ShuffleDeflate&) = delete;
  ShuffleDeflate& operator=(const ShuffleDeflate&) = delete;

  /// The filtered bytes of one chunk, valid until the next call. With `pad_to` larger than the
  /// stream, zero bytes follow it up to that length: inflate stops at the stream's end, so
  /// readers see the same values, and a chunk padded to its old length is rewritten in place.
  std::span<const unsigned char> encode(std::span<const double> values, std::size_t pad_to = 0);
  /// The most bytes encode() can return for `values` values (zlib's deflateBound).
  std::size_t bound(std::size_t values);

 private:
  struct Stream;
  Stream* stream_;
  std::vector<unsigned char> shuffled_;
  std::vector<unsigned char> compressed_;
};

/// Writes one whole chunk whose first element is at `offset`, stored as given: `chunk` has been
/// through the dataset's filters already (H5Dwrite_chunk). It bypasses the chunk cache and the
/// filter pipeline, which cost more than the compression itself for small chunks.
void write_filtered_chunk(const Dataset& dataset, std::span<const hsize_t> offset,
                          std::span<const unsigned char> chunk);
/// What read_stored_chunk found.
enum class StoredChunk {
  absent,           ///< never written (its values are the fill value)
  read,             ///< its stored bytes are in `bytes`, every filter applied
  filters_skipped,  ///< stored with some filter skipped: read its values instead
};
/// Reads the chunk at `offset` as stored (filtered, H5Dread_chunk) into `bytes`, without
/// decompressing it.
StoredChunk read_stored_chunk(const Dataset& dataset, std::span<const hsize_t> offset,
                              std::vector<unsigned char>& bytes);
/// Bytes the chunk at `offset` takes in the file; 0 when it was never written.
hsize_t stored_chunk_bytes(const Dataset& dataset, std::span<const hsize_t> offset);
template <class T>
void write_all(const Dataset& dataset, const std::vector<T>& data) {
  hsize_t n = 1;
  for (const hsize_t d : dataset_dims(dataset)) n *= d;
  if (data.size() != n)
    fail("write " + std::to_string(data.size()) + " values to", dataset.where());
  write_all(dataset, memory_type<T>(), data.data());
}
/// Reads the whole dataset, converted to T.
void read_all(const Dataset& dataset, hid_t memory_type, void* data);
template <class T>
std::vector<T> read_all(const Dataset& dataset) {
  hsize_t n = 1;
  for (const hsize_t d : dataset_dims(dataset)) n *= d;
  std::vector<T> values(n);
  if (n > 0) read_all(dataset, memory_type<T>(), values.data());
  return values;
}

/// Appends `n` values to a one-dimensional extendable dataset (see StorageOptions::extendable).
void append(const Dataset& dataset, hid_t memory_type, const void* data, hsize_t n);
template <class T>
void append(const Dataset& dataset, std::span<const T> values) {
  append(dataset, memory_type<T>(), values.data(), values.size());
}

/// Sets the length of a one-dimensional extendable dataset (shrinking drops the rows past `n`).
void set_length(const Dataset& dataset, hsize_t n);

/// A one-dimensional dataset of variable-length UTF-8 strings (e.g. labels of a dimension).
Dataset write_string_list(const Object& parent, const std::string& name,
                          const std::vector<std::string>& values);
std::vector<std::string> read_string_list(const Dataset& dataset);

/// A scalar variable-length UTF-8 string dataset (for long text such as a scenario file).
void write_string_dataset(const Object& parent, const std::string& name, const std::string& value);
std::string read_string_dataset(const Object& parent, const std::string& name);

// --- dimension scales -------------------------------------------------------------------------

/// Makes `dataset` a dimension scale named `name` (netCDF-4 / xarray read it as a dimension).
void make_dimension_scale(const Dataset& dataset, const std::string& name);
/// Attaches `scale` to dimension `dim` of `dataset`. No H5DSset_label: xarray would show the
/// DIMENSION_LABELS attribute on every variable, and the scale names already say it.
void attach_dimension_scale(const Dataset& dataset, const Dataset& scale, unsigned dim);
bool is_dimension_scale(const Dataset& dataset);
bool is_attached(const Dataset& dataset, const Dataset& scale, unsigned dim);

/// "1.10.8": the HDF5 library this program runs with.
std::string library_version();

}  // namespace hearsay::h5

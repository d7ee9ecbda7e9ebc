// The RAII layer over the HDF5 C API: every call checked, every failure a RuntimeError.
#include "sim/results/h5.hpp"

#include <hdf5_hl.h>
#include <zlib.h>

#include <algorithm>

#include "sim/core/error.hpp"

namespace hearsay::h5 {
namespace {

// The innermost message on HDF5's error stack says what actually went wrong ("truncated file",
// "name already exists"); the outer ones only repeat which API call failed.
herr_t innermost_message(unsigned n, const H5E_error2_t* error, void* out) {
  if (n == 0 && error != nullptr && error->desc != nullptr) {
    *static_cast<std::string*>(out) = error->desc;
  }
  return 0;
}

std::string error_detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_message, &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail;
}

std::string child_path(const Object& parent, const std::string& name) {
  if (parent.path().empty() || parent.path() == "/") return "/" + name;
  return parent.path() + "/" + name;
}

/// `parent`'s child `name` opened by `open` (H5Gopen2, H5Dopen2); `operation` names it in errors.
template <class H>
H open_child(const Object& parent, const std::string& name,
             hid_t (*open)(hid_t, const char*, hid_t), const std::string& operation) {
  const std::string path = child_path(parent, name);
  const hid_t id = open(parent.id(), name.c_str(), H5P_DEFAULT);
  if (id < 0) fail(operation, path + " in " + parent.file());
  return {id, parent.file(), path};
}

template <class T>
T check(T result, const std::string& operation, const std::string& where) {
  if (result < 0) fail(operation, where);
  return result;
}

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* out) {
  static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  return 0;
}

Attribute open_attribute(const Object& object, const std::string& name) {
  const std::string where = "attribute '" + name + "' of " + object.where();
  const hid_t id = H5Aopen(object.id(), name.c_str(), H5P_DEFAULT);
  if (id < 0) fail("open", where);
  return {id, object.file(), object.path() + "@" + name};
}

Datatype type_of(const Attribute& attribute) {
  return {check(H5Aget_type(attribute.id()), "get the type of", attribute.where()),
          attribute.file(), attribute.path()};
}

void select_block(const Dataspace& space, std::span<const hsize_t> start,
                  std::span<const hsize_t> count, const std::string& where) {
  check(
      H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      "select a block of", where);
}

// A dataspace id closed at scope exit, without the names an h5::Dataspace carries (for the
// writer's per-run paths, where building those strings cost more than the HDF5 calls).
struct ScratchSpace {
  explicit ScratchSpace(hid_t space) : id(space) {}
  ScratchSpace(const ScratchSpace&) = delete;
  ScratchSpace& operator=(const ScratchSpace&) = delete;
  ~ScratchSpace() {
    if (id >= 0) H5Sclose(id);
  }
  hid_t id;
};

}  // namespace

void silence_errors() {
  // Debian's HDF5 is the thread-safe build, which keeps this setting per thread.
  thread_local bool silenced = false;
  if (!silenced) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
  }
}

void fail(const std::string& operation, const std::string& where) {
  const std::string detail = error_detail();
  std::string message = "HDF5: cannot " + operation + " " + where;
  if (!detail.empty()) message += ": " + detail;
  throw RuntimeError(message);
}

std::string Object::where() const {
  if (path_.empty()) return file_;
  if (file_.empty()) return path_;
  return path_ + " in " + file_;
}

// --- files and groups -------------------------------------------------------------------------

namespace {

/// File access properties: HDF5's own file lock only with `lock` (HDF5_USE_FILE_LOCKING, when
/// set, still decides).
PropertyList file_access(const std::string& path, bool lock) {
  PropertyList fapl{check(H5Pcreate(H5P_FILE_ACCESS), "create a property list for", path), path,
                    ""};
  if (!lock) check(H5Pset_file_locking(fapl.id(), false, true), "set file locking for", path);
  return fapl;
}

}  // namespace

File create_file(const std::string& path, bool truncate, const std::string& name, bool lock) {
  silence_errors();
  // Default libver bounds keep the file readable by every HDF5 1.8+ reader (h5py 3.7 included).
  const PropertyList fapl = file_access(path, lock);
  const hid_t id =
      H5Fcreate(path.c_str(), truncate ? H5F_ACC_TRUNC : H5F_ACC_EXCL, H5P_DEFAULT, fapl.id());
  if (id < 0) fail("create file", path);
  return {id, name.empty() ? path : name, ""};
}

File open_file(const std::string& path, bool writable, bool lock) {
  silence_errors();
  const PropertyList fapl = file_access(path, lock);
  const hid_t id = H5Fopen(path.c_str(), writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, fapl.id());
  if (id < 0) fail("open file", path);
  return {id, path, ""};
}

void flush(const File& file) {
  check(H5Fflush(file.id(), H5F_SCOPE_LOCAL), "flush", file.where());
}

Group create_group(const Object& parent, const std::string& name, bool track_order) {
  const std::string path = child_path(parent, name);
  PropertyList gcpl{check(H5Pcreate(H5P_GROUP_CREATE), "create a property list for", path),
                    parent.file(), path};
  if (track_order) {
    check(H5Pset_link_creation_order(gcpl.id(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "track creation order of", path);
  }
  const hid_t id = H5Gcreate2(parent.id(), name.c_str(), H5P_DEFAULT, gcpl.id(), H5P_DEFAULT);
  if (id < 0) fail("create group", path + " in " + parent.file());
  return {id, parent.file(), path};
}

Group open_group(const Object& parent, const std::string& name) {
  return open_child<Group>(parent, name, &H5Gopen2, "open group");
}

bool has_link(const Object& parent, const std::string& name) {
  return check(H5Lexists(parent.id(), name.c_str(), H5P_DEFAULT), "look for '" + name + "' in",
               parent.where()) > 0;
}

std::vector<std::string> link_names(const Object& group) {
  // Creation order is what the writer declared (a model's metric order); groups that do not
  // track it (written by another tool) fall back to name order.
  PropertyList gcpl{
      check(H5Gget_create_plist(group.id()), "get the creation list of", group.where()),
      group.file(), group.path()};
  unsigned flags = 0;
  check(H5Pget_link_creation_order(gcpl.id(), &flags), "get the link order of", group.where());
  const H5_index_t index = (flags & H5P_CRT_ORDER_INDEXED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  std::vector<std::string> names;
  check(H5Literate(group.id(), index, H5_ITER_INC, nullptr, collect_link, &names), "list",
        group.where());
  return names;
}

// --- types and spaces -------------------------------------------------------------------------

Datatype utf8_string_type() {
  Datatype type{check(H5Tcopy(H5T_C_S1), "copy", "a string type"), "", "string type"};
  check(H5Tset_size(type.id(), H5T_VARIABLE), "set the size of", "a string type");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set the character set of", "a string type");
  return type;
}

Dataspace scalar_space() {
  return {check(H5Screate(H5S_SCALAR), "create", "a scalar dataspace"), "", "scalar space"};
}

Dataspace simple_space(std::span<const hsize_t> dims) {
  return {check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "create",
                "a dataspace"),
          "", "dataspace"};
}

// --- attributes -------------------------------------------------------------------------------

bool has_attribute(const Object& object, const std::string& name) {
  return check(H5Aexists(object.id(), name.c_str()), "look for attribute '" + name + "' of",
               object.where()) > 0;
}

std::vector<std::string> attribute_names(const Object& object) {
  std::vector<std::string> names;
  hsize_t position = 0;
  check(H5Aiterate2(object.id(), H5_INDEX_NAME, H5_ITER_INC, &position, collect_attribute, &names),
        "list the attributes of", object.where());
  return names;
}

namespace {

// Replacing rather than rewriting in place lets an attribute change type or size.
Attribute recreate_attribute(const Object& object, const std::string& name, hid_t type,
                             const Dataspace& space) {
  const std::string where = "attribute '" + name + "' of " + object.where();
  if (has_attribute(object, name)) {
    check(H5Adelete(object.id(), name.c_str()), "replace", where);
  }
  const hid_t id =
      H5Acreate2(object.id(), name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) fail("create", where);
  return {id, object.file(), object.path() + "@" + name};
}

}  // namespace

void write_attribute(const Object& object, const std::string& name, const std::string& value) {
  const Datatype type = utf8_string_type();
  const Attribute attribute = recreate_attribute(object, name, type.id(), scalar_space());
  const char* text = value.c_str();
  check(H5Awrite(attribute.id(), type.id(), &text), "write",
        "attribute '" + name + "' of " + object.where());
}

void write_attribute(const Object& object, const std::string& name, hid_t file_type,
                     hid_t memory_type, const void* value) {
  const Attribute attribute = recreate_attribute(object, name, file_type, scalar_space());
  check(H5Awrite(attribute.id(), memory_type, value), "write",
        "attribute '" + name + "' of " + object.where());
}

bool attribute_is_string(const Object& object, const std::string& name) {
  return H5Tget_class(type_of(open_attribute(object, name)).id()) == H5T_STRING;
}

bool attribute_is_integer(const Object& object, const std::string& name) {
  return H5Tget_class(type_of(open_attribute(object, name)).id()) == H5T_INTEGER;
}

std::string read_string_attribute(const Object& object, const std::string& name) {
  const std::string where = "attribute '" + name + "' of " + object.where();
  const Attribute attribute = open_attribute(object, name);
  const Datatype stored = type_of(attribute);
  if (H5Tget_class(stored.id()) != H5T_STRING) fail("read a string from", where + " (not text)");
  const Dataspace space{check(H5Aget_space(attribute.id()), "get the dataspace of", where),
                        object.file(), attribute.path()};
  if (check(H5Sget_simple_extent_npoints(space.id()), "count", where) != 1) {
    fail("read a single string from", where + " (it holds several values)");
  }
  if (check(H5Tis_variable_str(stored.id()), "inspect", where) > 0) {
    const Datatype type = utf8_string_type();
    char* text = nullptr;
    check(H5Aread(attribute.id(), type.id(), &text), "read", where);
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  // Fixed-length (e.g. written by H5LT or numpy bytes): read the raw bytes, drop the padding.
  const std::size_t size = H5Tget_size(stored.id());
  std::string value(size, '\0');
  if (size > 0) check(H5Aread(attribute.id(), stored.id(), value.data()), "read", where);
  const auto end = value.find_last_not_of(std::string("\0 ", 2));
  value.resize(end == std::string::npos ? 0 : end + 1);
  if (const auto nul = value.find('\0'); nul != std::string::npos) value.resize(nul);
  return value;
}

void read_attribute(const Object& object, const std::string& name, hid_t memory_type, void* value) {
  const std::string where = "attribute '" + name + "' of " + object.where();
  const Attribute attribute = open_attribute(object, name);
  const Dataspace space{check(H5Aget_space(attribute.id()), "get the dataspace of", where),
                        object.file(), attribute.path()};
  if (check(H5Sget_simple_extent_npoints(space.id()), "count", where) != 1) {
    fail("read a single number from", where + " (it holds several values)");
  }
  check(H5Aread(attribute.id(), memory_type, value), "read", where);
}

// --- datasets ---------------------------------------------------------------------------------

Dataset create_dataset(const Object& parent, const std::string& name, hid_t file_type,
                       std::span<const hsize_t> dims, const StorageOptions& storage,
                       hid_t fill_memory_type, const void* fill) {
  const std::string path = child_path(parent, name);
  const std::string where = path + " in " + parent.file();
  PropertyList dcpl{check(H5Pcreate(H5P_DATASET_CREATE), "create a property list for", where),
                    parent.file(), path};
  if (!storage.chunk.empty()) {
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(storage.chunk.size()), storage.chunk.data()),
          "set the chunk shape of", where);
    // Shuffle must come before deflate: filters run in the order they are added.
    if (storage.shuffle) check(H5Pset_shuffle(dcpl.id()), "set the shuffle filter of", where);
    if (storage.deflate_level > 0) {
      check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(storage.deflate_level)),
            "set the deflate filter of", where);
    }
  }
  if (fill != nullptr) {
    check(H5Pset_fill_value(dcpl.id(), fill_memory_type, fill), "set the fill value of", where);
  }
  PropertyList dapl{check(H5Pcreate(H5P_DATASET_ACCESS), "create a property list for", where),
                    parent.file(), path};
  if (storage.write_once) {
    check(H5Pset_chunk_cache(dapl.id(), H5D_CHUNK_CACHE_NSLOTS_DEFAULT, 0,
                             H5D_CHUNK_CACHE_W0_DEFAULT),
          "set the chunk cache of", where);
  }
  std::vector<hsize_t> max_dims(dims.begin(), dims.end());
  if (storage.extendable && !max_dims.empty()) max_dims[0] = H5S_UNLIMITED;
  const Dataspace space{
      check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max_dims.data()),
            "create a dataspace for", where),
      parent.file(), path};
  const hid_t id = H5Dcreate2(parent.id(), name.c_str(), file_type, space.id(), H5P_DEFAULT,
                              dcpl.id(), dapl.id());
  if (id < 0) fail("create dataset", where);
  return {id, parent.file(), path};
}

Dataset open_dataset(const Object& parent, const std::string& name) {
  return open_child<Dataset>(parent, name, &H5Dopen2, "open dataset");
}

std::vector<hsize_t> chunk_dims(const Dataset& dataset) {
  const PropertyList dcpl{
      check(H5Dget_create_plist(dataset.id()), "get the creation list of", dataset.where()), "",
      "creation list"};
  if (H5Pget_layout(dcpl.id()) != H5D_CHUNKED) return {};
  std::vector<hsize_t> dims(32);
  const int rank = check(H5Pget_chunk(dcpl.id(), static_cast<int>(dims.size()), dims.data()),
                         "get the chunk shape of", dataset.where());
  dims.resize(static_cast<std::size_t>(rank));
  return dims;
}

std::vector<hsize_t> dataset_dims(const Dataset& dataset) {
  const Dataspace space{check(H5Dget_space(dataset.id()), "get the dataspace of", dataset.where()),
                        dataset.file(), dataset.path()};
  const int rank =
      check(H5Sget_simple_extent_ndims(space.id()), "get the rank of", dataset.where());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) {
    check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), "get the shape of",
          dataset.where());
  }
  return dims;
}

void write_hyperslab(const Dataset& dataset, std::span<const hsize_t> start,
                     std::span<const hsize_t> count, hid_t memory_type, const void* data) {
  // Called a score of times per run by the writer: the error text is built only on failure.
  const ScratchSpace file_space(H5Dget_space(dataset.id()));
  if (file_space.id < 0) fail("get the dataspace of", dataset.where());
  if (H5Sselect_hyperslab(file_space.id, H5S_SELECT_SET, start.data(), nullptr, count.data(),
                          nullptr) < 0)
    fail("select a block of", dataset.where());
  const ScratchSpace memory_space(
      H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr));
  if (memory_space.id < 0) fail("create", "a dataspace");
  if (H5Dwrite(dataset.id(), memory_type, memory_space.id, file_space.id, H5P_DEFAULT, data) < 0)
    fail("write to", dataset.where());
}

void read_hyperslab(const Dataset& dataset, std::span<const hsize_t> start,
                    std::span<const hsize_t> count, hid_t memory_type, void* data) {
  const Dataspace file_space{
      check(H5Dget_space(dataset.id()), "get the dataspace of", dataset.where()), dataset.file(),
      dataset.path()};
  select_block(file_space, start, count, dataset.where());
  const Dataspace memory_space = simple_space(count);
  check(H5Dread(dataset.id(), memory_type, memory_space.id(), file_space.id(), H5P_DEFAULT, data),
        "read from", dataset.where());
}

void write_all(const Dataset& dataset, hid_t memory_type, const void* data) {
  check(H5Dwrite(dataset.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write",
        dataset.where());
}

struct ShuffleDeflate::Stream {
  z_stream z{};
};

ShuffleDeflate::ShuffleDeflate(int level) : stream_(new Stream) {
  // compress2's settings (window 2^15, memLevel 8, default strategy), so the bytes are those
  // HDF5's deflate filter would store. On chunks of one run (1-3 KiB) the run-length strategy
  // was 9% faster; on chunks of several runs (about 30 KiB) it costs the same and the default
  // one makes the wom series 41% smaller.
  if (deflateInit2(&stream_->z, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    delete stream_;
    throw RuntimeError("zlib: cannot set up compression at level " + std::to_string(level));
  }
}

ShuffleDeflate::~ShuffleDeflate() {
  deflateEnd(&stream_->z);
  delete stream_;
}

std::size_t ShuffleDeflate::bound(std::size_t values) {
  return deflateBound(&stream_->z, static_cast<uLong>(values * sizeof(double)));
}

std::span<const unsigned char> ShuffleDeflate::encode(std::span<const double> values,
                                                      std::size_t pad_to) {
  // Shuffle: byte k of every value, for k = 0..7 (HDF5's shuffle filter for 8-byte elements).
  constexpr std::size_t width = sizeof(double);
  const std::size_t n = values.size();
  shuffled_.resize(n * width);
  const auto* in = reinterpret_cast<const unsigned char*>(values.data());
  for (std::size_t k = 0; k < width; ++k) {
    unsigned char* out = shuffled_.data() + k * n;
    for (std::size_t i = 0; i < n; ++i) out[i] = in[i * width + k];
  }
  // Deflate in one go into a buffer large enough for any input, as HDF5's filter does.
  z_stream& z = stream_->z;
  if (deflateReset(&z) != Z_OK) throw RuntimeError("zlib: cannot reset the compressor");
  compressed_.resize(
      std::max<std::size_t>(pad_to, deflateBound(&z, static_cast<uLong>(shuffled_.size()))));
  z.next_in = shuffled_.data();
  z.avail_in = static_cast<uInt>(shuffled_.size());
  z.next_out = compressed_.data();
  z.avail_out = static_cast<uInt>(compressed_.size());
  const int status = deflate(&z, Z_FINISH);
  if (status != Z_STREAM_END)
    throw RuntimeError("zlib: cannot compress a chunk (error " + std::to_string(status) + ")");
  const auto used = static_cast<std::size_t>(z.total_out);
  if (pad_to <= used) return {compressed_.data(), used};
  std::fill(compressed_.begin() + static_cast<std::ptrdiff_t>(used),
            compressed_.begin() + static_cast<std::ptrdiff_t>(pad_to), 0);
  return {compressed_.data(), pad_to};
}

void write_filtered_chunk(const Dataset& dataset, std::span<const hsize_t> offset,
                          std::span<const unsigned char> chunk) {
  // Filter mask 0: every filter of the dataset's pipeline was applied.
  check(H5Dwrite_chunk(dataset.id(), H5P_DEFAULT, 0, offset.data(), chunk.size(), chunk.data()),
        "write a chunk of", dataset.where());
}

StoredChunk read_stored_chunk(const Dataset& dataset, std::span<const hsize_t> offset,
                              std::vector<unsigned char>& bytes) {
  unsigned filter_mask = 0;
  haddr_t address = HADDR_UNDEF;
  hsize_t size = 0;
  check(H5Dget_chunk_info_by_coord(dataset.id(), offset.data(), &filter_mask, &address, &size),
        "look up a chunk of", dataset.where());
  if (address == HADDR_UNDEF) return StoredChunk::absent;
  if (filter_mask != 0) return StoredChunk::filters_skipped;
  bytes.resize(size);
  std::uint32_t mask = 0;
  check(H5Dread_chunk(dataset.id(), H5P_DEFAULT, offset.data(), &mask, bytes.data()),
        "read a chunk of", dataset.where());
  return mask == 0 ? StoredChunk::read : StoredChunk::filters_skipped;
}

hsize_t stored_chunk_bytes(const Dataset& dataset, std::span<const hsize_t> offset) {
  // Filter mask, address and size of the chunk; an unwritten chunk has no address.
  unsigned filter_mask = 0;
  haddr_t address = HADDR_UNDEF;
  hsize_t bytes = 0;
  check(H5Dget_chunk_info_by_coord(dataset.id(), offset.data(), &filter_mask, &address, &bytes),
        "look up a chunk of", dataset.where());
  return address == HADDR_UNDEF ? 0 : bytes;
}

void read_all(const Dataset& dataset, hid_t memory_type, void* data) {
  check(H5Dread(dataset.id(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "read",
        dataset.where());
}

void append(const Dataset& dataset, hid_t memory_type, const void* data, hsize_t n) {
  std::vector<hsize_t> dims = dataset_dims(dataset);
  if (dims.size() != 1) fail("append to", dataset.where() + " (not one-dimensional)");
  if (n == 0) return;
  const hsize_t start[] = {dims[0]};
  const hsize_t count[] = {n};
  dims[0] += n;
  check(H5Dset_extent(dataset.id(), dims.data()), "extend", dataset.where());
  write_hyperslab(dataset, start, count, memory_type, data);
}

void set_length(const Dataset& dataset, hsize_t n) {
  std::vector<hsize_t> dims = dataset_dims(dataset);
  if (dims.size() != 1) fail("resize", dataset.where() + " (not one-dimensional)");
  dims[0] = n;
  check(H5Dset_extent(dataset.id(), dims.data()), "resize", dataset.where());
}

Dataset write_string_list(const Object& parent, const std::string& name,
                          const std::vector<std::string>& values) {
  const std::string path = child_path(parent, name);
  const std::string where = path + " in " + parent.file();
  const Datatype type = utf8_string_type();
  const hsize_t dims[] = {values.size()};
  const Dataspace space = simple_space(dims);
  Dataset dataset{check(H5Dcreate2(parent.id(), name.c_str(), type.id(), space.id(), H5P_DEFAULT,
                                   H5P_DEFAULT, H5P_DEFAULT),
                        "create dataset", where),
                  parent.file(), path};
  std::vector<const char*> texts;
  for (const std::string& value : values) texts.push_back(value.c_str());
  if (!texts.empty())
    check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), "write",
          where);
  return dataset;
}

std::vector<std::string> read_string_list(const Dataset& dataset) {
  const Datatype stored{check(H5Dget_type(dataset.id()), "get the type of", dataset.where()),
                        dataset.file(), dataset.path()};
  const std::vector<hsize_t> dims = dataset_dims(dataset);
  if (H5Tget_class(stored.id()) != H5T_STRING || dims.size() != 1) {
    fail("read a list of strings from", dataset.where() + " (not a 1-D string dataset)");
  }
  if (check(H5Tis_variable_str(stored.id()), "inspect", dataset.where()) <= 0) {
    fail("read a list of strings from", dataset.where() + " (not variable-length strings)");
  }
  std::vector<char*> texts(dims[0], nullptr);
  std::vector<std::string> values;
  if (texts.empty()) return values;
  const Datatype type = utf8_string_type();
  check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), "read",
        dataset.where());
  for (char* text : texts) {
    values.emplace_back(text != nullptr ? text : "");
    H5free_memory(text);
  }
  return values;
}

void write_string_dataset(const Object& parent, const std::string& name, const std::string& value) {
  const std::string path = child_path(parent, name);
  const std::string where = path + " in " + parent.file();
  const Datatype type = utf8_string_type();
  const Dataspace space = scalar_space();
  const Dataset dataset{check(H5Dcreate2(parent.id(), name.c_str(), type.id(), space.id(),
                                         H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                              "create dataset", where),
                        parent.file(), path};
  const char* text = value.c_str();
  check(H5Dwrite(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "write", where);
}

std::string read_string_dataset(const Object& parent, const std::string& name) {
  const Dataset dataset = open_dataset(parent, name);
  const Datatype stored{check(H5Dget_type(dataset.id()), "get the type of", dataset.where()),
                        dataset.file(), dataset.path()};
  if (H5Tget_class(stored.id()) != H5T_STRING) {
    fail("read a string from", dataset.where() + " (not text)");
  }
  if (dataset_dims(dataset).size() != 0) {
    fail("read a single string from", dataset.where() + " (not a scalar)");
  }
  if (check(H5Tis_variable_str(stored.id()), "inspect", dataset.where()) > 0) {
    const Datatype type = utf8_string_type();
    char* text = nullptr;
    check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "read",
          dataset.where());
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  const std::size_t size = H5Tget_size(stored.id());
  std::string value(size, '\0');
  if (size > 0) {
    check(H5Dread(dataset.id(), stored.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, value.data()), "read",
          dataset.where());
  }
  if (const auto nul = value.find('\0'); nul != std::string::npos) value.resize(nul);
  return value;
}

// --- dimension scales -------------------------------------------------------------------------

void make_dimension_scale(const Dataset& dataset, const std::string& name) {
  check(H5DSset_scale(dataset.id(), name.c_str()), "make a dimension scale of", dataset.where());
}

void attach_dimension_scale(const Dataset& dataset, const Dataset& scale, unsigned dim) {
  check(H5DSattach_scale(dataset.id(), scale.id(), dim),
        "attach " + scale.path() + " as dimension " + std::to_string(dim) + " of", dataset.where());
}

bool is_dimension_scale(const Dataset& dataset) {
  return check(H5DSis_scale(dataset.id()), "inspect", dataset.where()) > 0;
}

bool is_attached(const Dataset& dataset, const Dataset& scale, unsigned dim) {
  return check(H5DSis_attached(dataset.id(), scale.id(), dim),
               "check dimension " + std::to_string(dim) + " of", dataset.where()) > 0;
}

std::string library_version() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

}  // namespace hearsay::h5

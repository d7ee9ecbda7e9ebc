// Tests of the safe-write path: the output lock, replace checks, staged files, bounded input.
#include "sim/files/safe_write.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/error.hpp"
#include "sim/files/input_file.hpp"
#include "sim/files/output_lock.hpp"
#include "temp_path.hpp"

namespace {

using hearsay::DataFileError;
using hearsay::LockMode;
using hearsay::OutputBusy;
using hearsay::OutputLock;
using hearsay::ReplacePolicy;
using hearsay::RuntimeError;
using hearsay::StagedFile;
namespace fs = std::filesystem;

/// A fresh folder for one test, removed with everything in it.
class TempFolder {
 public:
  TempFolder() : path_(hearsay::testing::TempPath("_dir").str()) { fs::create_directories(path_); }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string operator/(const std::string& name) const { return (fs::path(path_) / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(path_)) out.push_back(entry.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE(
    "output lock: a second holder is refused and told who holds it, the side file goes "
    "with the holder",
    "[safe_write]") {
  const TempFolder folder;
  const std::string out = folder / "out.h5";
  {
    const OutputLock first(out, LockMode::exclusive);
    CHECK(first.held());
    CHECK(fs::exists(folder / ".out.h5.lock"));
    // Another open of the side file is another holder, even in this process.
    CHECK_THROWS_AS(OutputLock(out, LockMode::exclusive), OutputBusy);
    CHECK_THROWS_WITH(OutputLock(out, LockMode::exclusive),
                      Catch::Contains(out + " is in use by another hearsay process: pid " +
                                      std::to_string(getpid()) + " on host") &&
                          Catch::Contains("wait for it to end"));
    CHECK_THROWS_AS(OutputLock(out, LockMode::shared), OutputBusy);
    CHECK_THAT(hearsay::lock_holder(out), Catch::StartsWith("pid " + std::to_string(getpid())));
    // Another path is another lock.
    const OutputLock other(folder / "other.h5", LockMode::exclusive);
    CHECK(other.held());
  }
  CHECK(folder.names().empty());  // every side file removed by its holder
  CHECK(hearsay::lock_holder(out).empty());
  // A side file left by a killed holder (no lock on it) is simply reused.
  write_file(folder / ".out.h5.lock", "pid: 1\n");
  const OutputLock again(out, LockMode::exclusive);
  CHECK(again.held());
  CHECK_THAT(read_file(folder / ".out.h5.lock"),
             Catch::Contains("pid: " + std::to_string(getpid())));
}

TEST_CASE("output lock: readers share, a writer is refused while a merge reads", "[safe_write]") {
  const TempFolder folder;
  const std::string shard = folder / "s0.h5";
  {
    const OutputLock a(shard, LockMode::shared);
    const OutputLock b(shard, LockMode::shared);
    CHECK(a.held());
    CHECK(b.held());
    CHECK_THROWS_WITH(OutputLock(shard, LockMode::exclusive),
                      Catch::Contains("a hearsay merge reading it"));
  }
  CHECK(folder.names().empty());  // the last shared holder removed it
  const OutputLock writer(shard, LockMode::exclusive);
  CHECK(writer.held());
  // A lock moves with its owner.
  OutputLock moved = OutputLock(folder / "m.h5", LockMode::exclusive);
  OutputLock target;
  target = std::move(moved);
  CHECK(target.held());
  CHECK_FALSE(moved.held());  // NOLINT(bugprone-use-after-move): moved-from holds nothing
  CHECK_THROWS_AS(OutputLock(folder / "m.h5", LockMode::exclusive), OutputBusy);
}

TEST_CASE("output lock: a missing folder is a clear error, a long name gets a short side file",
          "[safe_write]") {
  CHECK_THROWS_WITH(OutputLock("/nonexistent-folder/x.h5", LockMode::exclusive),
                    "cannot write /nonexistent-folder/x.h5: folder /nonexistent-folder does not "
                    "exist");
  const TempFolder folder;
  const std::string name(250, 'n');
  const std::string side = hearsay::side_path(folder / name, ".lock");
  const std::string side_name = fs::path(side).filename();
  CHECK(side_name.size() == 255);
  CHECK(side_name.front() == '.');
  CHECK(side_name.ends_with(".lock"));
  CHECK(side == hearsay::side_path(folder / name, ".lock"));  // stable
  CHECK(side != hearsay::side_path(folder / (name + "x"), ".lock"));
  CHECK(hearsay::side_path("a/b.h5", ".lock") == "a/.b.h5.lock");
  CHECK(hearsay::side_path("b.h5", ".lock") == ".b.h5.lock");
  const OutputLock lock(folder / name, LockMode::exclusive);
  CHECK(fs::exists(side));
}

TEST_CASE("safe write: only a regular file that is no input is ever replaced", "[safe_write]") {
  const TempFolder folder;
  const std::string file = folder / "r.h5";
  write_file(file, "old");
  const ReplacePolicy force{.overwrite = true, .inputs = {}, .exists_fix = "use --force"};
  CHECK_NOTHROW(hearsay::check_replaceable(folder / "new.h5", {}));
  CHECK_THROWS_WITH(hearsay::check_replaceable(file, {}),
                    file + " exists; use --force to replace it");
  CHECK_NOTHROW(hearsay::check_replaceable(file, force));
  CHECK_THROWS_WITH(hearsay::check_replaceable(folder / "no/x.h5", force),
                    Catch::Contains("folder " + (folder / "no") + " does not exist"));

  fs::create_directory(folder / "dir");
  REQUIRE(mkfifo((folder / "fifo").c_str(), 0600) == 0);
  fs::create_symlink(file, folder / "link.h5");
  fs::create_symlink(folder / "missing", folder / "dangling.h5");
  for (const auto& [path, kind] :
       std::vector<std::pair<std::string, std::string>>{{folder / "dir", "a folder"},
                                                        {folder / "fifo", "a FIFO (named pipe)"},
                                                        {folder / "link.h5", "a symbolic link"},
                                                        {folder / "dangling.h5", "a symbolic link"},
                                                        {"/dev/null", "a device"}}) {
    INFO(path);
    CHECK_THROWS_WITH(hearsay::check_replaceable(path, force),
                      Catch::Contains(path + " is " + kind + ", not a regular file") &&
                          Catch::Contains("even with --force"));
  }
  CHECK_THROWS_WITH(hearsay::check_replaceable(folder / "link.h5", force),
                    Catch::Contains("give the path it points to (" + file + ")"));

  // An input, under its own name or another (hard link, symbolic link to it).
  const std::string scenario = folder / "s.yaml";
  write_file(scenario, "seed: 1\n");
  fs::create_hard_link(scenario, folder / "alias.yaml");
  fs::create_symlink(scenario, folder / "via_link.yaml");
  ReplacePolicy reads = force;
  reads.inputs = {folder / "via_link.yaml"};
  CHECK_THROWS_WITH(hearsay::check_replaceable(scenario, reads),
                    Catch::Contains("is the same file as " + (folder / "via_link.yaml")) &&
                        Catch::Contains("writing it would destroy its own input"));
  CHECK_THROWS_WITH(hearsay::check_replaceable(folder / "alias.yaml", reads),
                    Catch::Contains("writing it would destroy its own input"));
  reads.inputs = {scenario};
  CHECK_THROWS_WITH(hearsay::check_replaceable(scenario, reads),
                    scenario +
                        " is a file this command reads: writing it would destroy its own "
                        "input; give another output path");
  CHECK_THROWS_AS(hearsay::check_changeable(scenario, {scenario}), RuntimeError);
  CHECK_THROWS_AS(hearsay::check_changeable(folder / "fifo", {}), RuntimeError);
  CHECK_NOTHROW(hearsay::check_changeable(file, {scenario}));
  CHECK(read_file(file) == "old");
  CHECK(read_file(scenario) == "seed: 1\n");
}

TEST_CASE(
    "safe write: a staged file appears whole on publish, or not at all, stale temporary "
    "files of dead holders go",
    "[safe_write]") {
  const TempFolder folder;
  const std::string out = folder / "out.txt";
  // What a writer killed before its rename left behind, and a look-alike that is not ours.
  const std::string stale = folder / ".out.txt.hearsay-00000001-0123456789abcdef.tmp";
  write_file(stale, "half");
  write_file(folder / ".out.txt.hearsay-notours.tmp", "keep");
  {
    const OutputLock lock(out, LockMode::exclusive);
    StagedFile staged(lock, {});
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(folder / ".out.txt.hearsay-notours.tmp"));
    CHECK(fs::path(staged.temp_path()).parent_path() == fs::path(out).parent_path());
    write_file(staged.temp_path(), "new");
    CHECK_FALSE(fs::exists(out));  // nothing at the path until published
    staged.publish();
    CHECK(staged.published());
    CHECK(read_file(out) == "new");
  }
  CHECK(folder.names() == std::vector<std::string>{".out.txt.hearsay-notours.tmp", "out.txt"});
  {
    // Not published (an error, Ctrl-C): the old file stays, the temporary file goes.
    const OutputLock lock(out, LockMode::exclusive);
    StagedFile staged(lock, {.overwrite = true, .inputs = {}, .exists_fix = ""});
    write_file(staged.temp_path(), "newer, but never finished");
  }
  CHECK(read_file(out) == "new");
  CHECK(folder.names() == std::vector<std::string>{".out.txt.hearsay-notours.tmp", "out.txt"});
  {
    // Without overwrite a file that appears meanwhile is not replaced.
    const OutputLock lock(folder / "late.txt", LockMode::exclusive);
    StagedFile staged(lock, {});
    write_file(folder / "late.txt", "someone else's");
    CHECK_THROWS_WITH(staged.publish(), Catch::Contains("late.txt exists"));
  }
  CHECK(read_file(folder / "late.txt") == "someone else's");
  // Two staged files of two paths, side by side, never touch each other's.
  const OutputLock a(folder / "a.txt", LockMode::exclusive),
      b(folder / "b.txt", LockMode::exclusive);
  StagedFile sa(a, {}), sb(b, {});
  write_file(sa.temp_path(), "a");
  write_file(sb.temp_path(), "b");
  sb.publish();
  sa.publish();
  CHECK(read_file(folder / "a.txt") == "a");
  CHECK(read_file(folder / "b.txt") == "b");
}

TEST_CASE(
    "input file: devices and FIFOs are refused without being opened, files have a size "
    "limit",
    "[safe_write]") {
  const TempFolder folder;
  REQUIRE(mkfifo((folder / "fifo").c_str(), 0600) == 0);
  // Opening a FIFO for reading blocks until a writer comes: refusing it returns at once.
  CHECK(hearsay::input_file_problem(folder / "fifo", 100) ==
        "is a FIFO (named pipe), not a regular file");
  CHECK_THROWS_AS(hearsay::read_input_file(folder / "fifo", 100), DataFileError);
  CHECK(hearsay::input_file_problem("/dev/zero", 100) == "is a device, not a regular file");
  CHECK_THROWS_WITH(hearsay::read_input_file("/dev/zero", 100),
                    "/dev/zero is a device, not a regular file");
  CHECK(hearsay::input_file_problem(folder / "none", 100) == "does not exist");
  write_file(folder / "small", "0123456789");
  CHECK(hearsay::read_input_file(folder / "small", 10) == "0123456789");
  CHECK_THAT(hearsay::input_file_problem(folder / "small", 9),
             Catch::StartsWith("is 10 bytes long; at most 9 bytes are read"));
  CHECK(hearsay::byte_size_text(hearsay::max_scenario_bytes) == "16.0 MiB");
}

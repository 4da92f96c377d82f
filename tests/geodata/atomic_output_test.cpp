// AtomicOutput and OutputCommit: a run replaces all of its outputs or none,
// and leaves no temporary file behind.
#include "geodata/atomic_output.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/error.hpp"

namespace fs = std::filesystem;

namespace borderflow::geodata {
namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

class AtomicOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("bf_atomic_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::size_t files() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
  }
  fs::path dir;
};

TEST_F(AtomicOutputTest, TemporaryBesideTheTargetKeepsTheExtensionAndIsMovedOnCommit) {
  const fs::path target = dir / "summary.json";
  AtomicOutput out(target.string());
  EXPECT_EQ(fs::path(out.temp_path()).parent_path(), dir);
  EXPECT_EQ(fs::path(out.temp_path()).extension(), ".json");
  write_bytes(out, "{}\n");
  EXPECT_FALSE(fs::exists(target));
  out.commit();
  EXPECT_EQ(read(target), "{}\n");
  EXPECT_EQ(files(), 1u);
}

TEST_F(AtomicOutputTest, UncommittedOutputLeavesTheOldTargetAndNoTemporary) {
  const fs::path target = dir / "map.html";
  write(target, "old");
  {
    AtomicOutput out(target.string());
    write_bytes(out, "new");
  }
  EXPECT_EQ(read(target), "old");
  EXPECT_EQ(files(), 1u);
}

TEST_F(AtomicOutputTest, CommitReplacesAllOrNone) {
  // Three outputs, the old versions on disk; the third was never written, so
  // the commit fails and the first two must be the old ones again.
  const fs::path a = dir / "a.gpkg", b = dir / "b.tif", c = dir / "c.json";
  write(a, "old a");
  write(b, "old b");
  AtomicOutput oa(a.string()), ob(b.string()), oc(c.string());
  write_bytes(oa, "new a");
  write_bytes(ob, "new b");
  OutputCommit commit;
  commit.add(oa);
  commit.add(ob);
  commit.add(oc);
  try {
    commit.commit();
    FAIL() << "the commit should fail: c was not written";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("c.json"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(a), "old a");
  EXPECT_EQ(read(b), "old b");
  EXPECT_FALSE(fs::exists(c));
  EXPECT_FALSE(oa.committed());
}

TEST_F(AtomicOutputTest, CommitOfSeveralMovesEveryOneAndRemovesTheBackups) {
  const fs::path a = dir / "a.gpkg", b = dir / "b.tif";
  write(a, "old a");
  AtomicOutput oa(a.string()), ob(b.string());
  write_bytes(oa, "new a");
  write_bytes(ob, "new b");
  OutputCommit commit;
  commit.add(oa);
  commit.add(ob);
  commit.commit();
  EXPECT_EQ(read(a), "new a");
  EXPECT_EQ(read(b), "new b");
  EXPECT_EQ(files(), 2u);  // no backup left
}

TEST_F(AtomicOutputTest, StaleTemporaryOfAProcessThatIsGoneIsSwept) {
  // A SIGKILLed run of process 999999999 (no such PID: above pid_max) left its
  // temporary; one of a live process (ours) is not touched.
  const fs::path target = dir / "borderflow.gpkg";
  const fs::path stale = dir / ".borderflow.tmp999999999-0.gpkg";
  const fs::path stale_wal = dir / ".borderflow.tmp999999999-0.gpkg-wal";
  const fs::path live = dir / (".borderflow.tmp" + std::to_string(::getpid()) + "-77.gpkg");
  const fs::path other = dir / ".other.tmp999999999-0.gpkg";
  for (const auto& p : {stale, stale_wal, live, other}) write(p, "x");
  AtomicOutput out(target.string());
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_FALSE(fs::exists(stale_wal));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(other));  // another target's
}

TEST_F(AtomicOutputTest, WriteFailureNamesTheTargetNotTheTemporary) {
  const fs::path target = dir / "missing-folder" / "summary.json";
  try {
    write_file_atomically(target.string(), "{}");
    FAIL();
  } catch (const OutputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("missing-folder/summary.json"), std::string::npos) << m;
    EXPECT_EQ(m.find(".tmp"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace borderflow::geodata

#pragma once
// Paths to test data and a temporary folder removed at the end of a test.
#include <filesystem>
#include <random>
#include <string>

namespace borderflow::test {

inline std::string data(const std::string& name) { return std::string(BORDERFLOW_TEST_DATA_DIR) + "/" + name; }
inline std::string sample(const std::string& name) {
  return std::string(BORDERFLOW_SAMPLES_DIR) + "/bangladesh/" + name;
}

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("borderflow-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace borderflow::test

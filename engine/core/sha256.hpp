#pragma once
// SHA-256 (FIPS 180-4) of bytes and of files, for the input checksums that
// summary.json records so that a result can be traced to its exact inputs.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace borderflow {

class Sha256 {
 public:
  Sha256() noexcept;
  void update(const void* data, std::size_t size) noexcept;
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  // Lower-case hex digest; the object is finished after this.
  std::string hex();

 private:
  void block(const std::uint8_t* p) noexcept;
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t used_ = 0;
  std::uint64_t bits_ = 0;
};

// Hex SHA-256 of a file's bytes; throws InputError when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace borderflow

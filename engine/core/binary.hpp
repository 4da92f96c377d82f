#pragma once
// Little binary codec for caches: values appended to a byte string, and read
// back with every length checked against what is left, so that a truncated or
// tampered file raises DecodeError instead of reading out of bounds.
// Numbers are stored in the machine's byte order; a cache entry records the
// order it was written in (kByteOrderMark) and is refused elsewhere.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/geometry/types.hpp"

namespace borderflow::binary {

inline constexpr std::uint32_t kByteOrderMark = 0x01020304u;

class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Writer {
 public:
  template <typename T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void u64(std::uint64_t v) { pod(v); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s.data(), s.size());
  }
  void coords(const std::vector<geometry::Coord>& c) {
    u64(c.size());
    out_.append(reinterpret_cast<const char*>(c.data()), c.size() * sizeof(geometry::Coord));
  }
  void lines(const geometry::MultiLineString& m) {
    u64(m.size());
    for (const auto& l : m) coords(l);
  }
  void area(const geometry::MultiPolygon& a) {
    u64(a.size());
    for (const auto& p : a) {
      coords(p.shell);
      u64(p.holes.size());
      for (const auto& h : p.holes) coords(h);
    }
  }
  const std::string& bytes() const noexcept { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <typename T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::uint64_t u64() { return pod<std::uint64_t>(); }
  // A count of items of at least `item_bytes` each: never more than the bytes left.
  std::size_t count(std::size_t item_bytes) {
    const std::uint64_t n = u64();
    if (item_bytes > 0 && n > (in_.size() - at_) / item_bytes) throw DecodeError("a count runs past the end");
    return static_cast<std::size_t>(n);
  }
  std::string str() {
    const std::size_t n = count(1);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  std::vector<geometry::Coord> coords() {
    const std::size_t n = count(sizeof(geometry::Coord));
    std::vector<geometry::Coord> c(n);
    std::memcpy(c.data(), in_.data() + at_, n * sizeof(geometry::Coord));
    at_ += n * sizeof(geometry::Coord);
    return c;
  }
  geometry::MultiLineString lines() {
    geometry::MultiLineString m(count(8));
    for (auto& l : m) l = coords();
    return m;
  }
  geometry::MultiPolygon area() {
    geometry::MultiPolygon a(count(16));
    for (auto& p : a) {
      p.shell = coords();
      p.holes.resize(count(8));
      for (auto& h : p.holes) h = coords();
    }
    return a;
  }
  bool at_end() const noexcept { return at_ == in_.size(); }

 private:
  void need(std::size_t n) const {
    if (in_.size() - at_ < n) throw DecodeError("the data ends early");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

}  // namespace borderflow::binary

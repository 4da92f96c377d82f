#include "engine/core/text.hpp"

#include <algorithm>
#include <array>

namespace borderflow::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at s[i]; advances i. Returns kReplacement for a
// malformed sequence (and advances by one byte).
char32_t next_code_point(std::string_view s, std::size_t& i, bool& ok) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  ok = true;
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ok = false;
    ++i;
    return kReplacement;
  }
  if (i + len > s.size()) {
    ok = false;
    ++i;
    return kReplacement;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ok = false;
      ++i;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ok = false;
    ++i;
    return kReplacement;
  }
  i += len;
  return cp;
}

// Base letters of U+00C0..U+017F; '\0' where the code point is not a letter
// (U+00D7 multiplication sign, U+00F7 division sign).
constexpr char kLatinFoldChars[] =
    "AAAAAAACEEEEIIII"  // C0-CF (Æ -> A)
    "DNOOOOO\0OUUUUYTs"  // D0-DF (Þ -> T, ß -> s)
    "aaaaaaaceeeeiiii"  // E0-EF
    "dnooooo\0ouuuuyty"  // F0-FF
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSs"
    "TtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
constexpr std::string_view kLatinFold(kLatinFoldChars, sizeof kLatinFoldChars - 1);
static_assert(kLatinFold.size() == 0x180 - 0xC0, "one entry per code point U+00C0..U+017F");

bool is_space(char32_t c) noexcept {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Characters that carry no identity in a place name.
bool is_ignorable(char32_t c) noexcept {
  if (c < 0x80) return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  if (c >= 0x80 && c <= 0xBF) return true;        // Latin-1 punctuation and symbols
  if (c == 0xD7 || c == 0xF7) return true;        // × ÷
  if (c >= 0x0300 && c <= 0x036F) return true;    // combining diacritical marks
  if (c >= 0x2000 && c <= 0x206F) return true;    // general punctuation, ZWJ/ZWNJ
  if (c == 0x3000 || c == 0xFEFF) return true;
  if (c == 0x0964 || c == 0x0965) return true;    // danda, double danda
  return false;
}

void append_folded(char32_t c, std::u32string& out) {
  if (c >= 'A' && c <= 'Z') {
    out.push_back(c - 'A' + 'a');
    return;
  }
  if (c >= 0xC0 && c <= 0x17F) {
    const char base = kLatinFold[c - 0xC0];
    if (base == '\0') return;
    out.push_back(static_cast<char32_t>(base >= 'A' && base <= 'Z' ? base - 'A' + 'a' : base));
    if (c == 0xC6 || c == 0xE6) out.push_back('e');       // æ -> ae
    if (c == 0xDF) out.push_back('s');                    // ß -> ss
    if (c == 0x152 || c == 0x153) out.push_back('e');     // œ -> oe
    if (c == 0x132 || c == 0x133) out.back() = 'i', out.push_back('j');  // ĳ -> ij
    return;
  }
  // Bengali precomposed forms (NFC) -> decomposed (NFD), so both spellings agree.
  switch (c) {
    case 0x09DC: out.append({0x09A1, 0x09BC}); return;  // ড়
    case 0x09DD: out.append({0x09A2, 0x09BC}); return;  // ঢ়
    case 0x09DF: out.append({0x09AF, 0x09BC}); return;  // য়
    case 0x09CB: out.append({0x09C7, 0x09BE}); return;  // ো
    case 0x09CC: out.append({0x09C7, 0x09D7}); return;  // ৌ
    default: break;
  }
  out.push_back(c);
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  bool ok = true;
  while (i < s.size()) {
    next_code_point(s, i, ok);
    if (!ok) return false;
  }
  return true;
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  bool ok = true;
  while (i < s.size()) out.push_back(next_code_point(s, i, ok));
  return out;
}

std::string encode_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::string match_key(std::string_view name) {
  std::u32string folded;
  folded.reserve(name.size());
  for (char32_t c : decode_utf8(name)) {
    if (is_space(c) || is_ignorable(c)) continue;
    append_folded(c, folded);
  }
  return encode_utf8(folded);
}

std::size_t edit_distance(std::u32string_view a, std::u32string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string trim(std::string_view s) {
  const std::u32string cps = decode_utf8(s);
  std::size_t begin = 0;
  std::size_t end = cps.size();
  while (begin < end && is_space(cps[begin])) ++begin;
  while (end > begin && is_space(cps[end - 1])) --end;
  if (begin == 0 && end == cps.size() && is_valid_utf8(s)) return std::string(s);
  return encode_utf8(std::u32string_view(cps).substr(begin, end - begin));
}

std::vector<std::string> split(std::string_view s, std::string_view sep) {
  std::vector<std::string> parts;
  if (sep.empty()) {
    parts.push_back(trim(s));
    return parts;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(trim(s.substr(start)));
      return parts;
    }
    parts.push_back(trim(s.substr(start, pos - start)));
    start = pos + sep.size();
  }
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace borderflow::text

#pragma once
// UTF-8 text helpers for matching place names typed by people.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace borderflow::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

// Decodes well-formed UTF-8; malformed bytes become U+FFFD.
std::u32string decode_utf8(std::string_view s);
std::string encode_utf8(std::u32string_view s);

// The key under which a place name is matched: case-folded (ASCII, Latin-1,
// Latin Extended-A), accents removed (precomposed Latin letters mapped to their
// base letter, combining marks U+0300-U+036F dropped), Bengali nukta and
// two-part vowel signs decomposed so that NFC and NFD spellings agree, and
// everything that is not a letter, mark or digit removed (spaces, apostrophes,
// hyphens, dots, zero-width joiners). "Cox's Bazar", "COXS BAZAR" and
// "Cox’s  Bāzār" share one key; Bengali "কক্সবাজার" keeps its letters.
std::string match_key(std::string_view name);

// Levenshtein distance in code points.
std::size_t edit_distance(std::u32string_view a, std::u32string_view b);

// Trims ASCII and Unicode white space (incl. U+00A0, U+FEFF) from both ends.
std::string trim(std::string_view s);

// Splits on `sep` and trims each part; empty parts are kept.
std::vector<std::string> split(std::string_view s, std::string_view sep);

// ASCII lower case (for option values and field names).
std::string ascii_lower(std::string_view s);

}  // namespace borderflow::text

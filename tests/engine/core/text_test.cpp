#include "engine/core/text.hpp"

#include <gtest/gtest.h>

namespace bt = borderflow::text;

TEST(MatchKey, IgnoresCaseSpacesAndPunctuation) {
  EXPECT_EQ(bt::match_key("Cox's Bazar"), "coxsbazar");
  EXPECT_EQ(bt::match_key("COXS  BAZAR"), "coxsbazar");
  EXPECT_EQ(bt::match_key("Cox\xE2\x80\x99s Bazar"), "coxsbazar");  // right single quotation mark
  EXPECT_EQ(bt::match_key("Shah Porir Dwip"), bt::match_key("Shahporir-Dwip"));
  EXPECT_EQ(bt::match_key(" Chapai  Nawabganj "), "chapainawabganj");
}

TEST(MatchKey, StripsLatinAccentsPrecomposedAndCombining) {
  // "Bāzār" with U+0101, and with a + U+0304 (combining macron)
  EXPECT_EQ(bt::match_key("B\xC4\x81z\xC4\x81r"), "bazar");
  EXPECT_EQ(bt::match_key("Ba\xCC\x84za\xCC\x84r"), "bazar");
  EXPECT_EQ(bt::match_key("S\xC3\xA3o Tom\xC3\xA9"), "saotome");      // São Tomé
  EXPECT_EQ(bt::match_key("\xC3\x86r\xC3\xB8"), "aero");               // Ærø
  EXPECT_EQ(bt::match_key("Stra\xC3\x9F" "e"), "strasse");             // Straße
  EXPECT_EQ(bt::match_key("\xC5\x81\xC3\xB3" "d\xC5\xBA"), "lodz");    // Łódź
}

TEST(MatchKey, KeepsBengaliAndUnifiesNuktaForms) {
  const std::string jashore = "\xE0\xA6\xAF\xE0\xA6\xB6\xE0\xA7\x8B\xE0\xA6\xB0";  // যশোর (U+09CB precomposed)
  const std::string jashore_nfd =
      "\xE0\xA6\xAF\xE0\xA6\xB6\xE0\xA7\x87\xE0\xA6\xBE\xE0\xA6\xB0";  // য শ ে া র (U+09C7 U+09BE)
  EXPECT_FALSE(bt::match_key(jashore).empty());
  EXPECT_EQ(bt::match_key(jashore), bt::match_key(jashore_nfd));
  // U+09DF (য়) vs U+09AF U+09BC
  EXPECT_EQ(bt::match_key("\xE0\xA7\x9F"), bt::match_key("\xE0\xA6\xAF\xE0\xA6\xBC"));
  // zero-width joiner is ignored
  EXPECT_EQ(bt::match_key("\xE0\xA6\xB0\xE2\x80\x8D\xE0\xA7\x8D"), bt::match_key("\xE0\xA6\xB0\xE0\xA7\x8D"));
}

TEST(Utf8, ValidatesAndRoundTrips) {
  EXPECT_TRUE(bt::is_valid_utf8("Dhaka \xE0\xA6\xA2\xE0\xA6\xBE\xE0\xA6\x95\xE0\xA6\xBE"));
  EXPECT_FALSE(bt::is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(bt::is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(bt::is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(bt::is_valid_utf8("Jessore \xE9"));      // Latin-1 byte
  const std::string s = "Teknaf \xE0\xA6\x9F\xE0\xA7\x87\xE0\xA6\x95\xE0\xA6\xA8\xE0\xA6\xBE\xE0\xA6\xAB \xF0\x9F\x9A\xA2";
  EXPECT_EQ(bt::encode_utf8(bt::decode_utf8(s)), s);
  EXPECT_EQ(bt::decode_utf8("\xF0\x9F\x9A\xA2").size(), 1u);
}

TEST(EditDistance, MatchesHandComputedLevenshtein) {
  // kitten -> sitting: substitute k/s, e/i, insert g = 3 (the textbook example).
  EXPECT_EQ(bt::edit_distance(U"kitten", U"sitting"), 3u);
  EXPECT_EQ(bt::edit_distance(U"", U"abc"), 3u);
  EXPECT_EQ(bt::edit_distance(U"jashore", U"jessore"), 2u);
  EXPECT_EQ(bt::edit_distance(U"benapole", U"benapole"), 0u);
}

TEST(TrimSplit, HandlesUnicodeSpaceAndEmptyParts) {
  EXPECT_EQ(bt::trim("\xC2\xA0 Dhaka\t"), "Dhaka");
  EXPECT_EQ(bt::trim("\xEF\xBB\xBFname"), "name");  // byte-order mark
  const auto parts = bt::split("a | b ||c", "|");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "a");
  EXPECT_EQ(parts[1], "b");
  EXPECT_EQ(parts[2], "");
  EXPECT_EQ(parts[3], "c");
}

// FIPS 180-4 test vectors (NIST "SHA-256 examples").
#include "engine/core/sha256.hpp"
TEST(Sha256, NistVectors) {
  borderflow::Sha256 a;
  EXPECT_EQ(a.hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  borderflow::Sha256 b;
  b.update("abc");
  EXPECT_EQ(b.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  borderflow::Sha256 c;
  c.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
  EXPECT_EQ(c.hex(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  borderflow::Sha256 d;  // a million 'a', fed in uneven pieces
  const std::string chunk(999, 'a');
  for (int i = 0; i < 1001; ++i) d.update(chunk);
  d.update(std::string(1000000 - 999 * 1001, 'a'));
  EXPECT_EQ(d.hex(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Charset decoding: the charset chosen from BOM, <meta> and the bytes, the
// UTF-8 produced, and the map that leads it back to the page's bytes.
#include <gtest/gtest.h>

#include "normalize/read/read.h"

namespace normalize::internal {
namespace {

// Every byte of d.text maps into the page; ASCII maps to itself.
void expect_map_faithful(std::string_view page, const Decoded& d) {
  ASSERT_EQ(d.map.length(), d.text.size());
  for (std::size_t i = 0; i < d.text.size(); ++i) {
    std::size_t b = d.map.source_begin(i), e = d.map.source_end(i + 1);
    ASSERT_LE(b, e);
    ASSERT_LE(e, page.size());
    if (static_cast<unsigned char>(d.text[i]) < 0x80) {
      ASSERT_EQ(e - b, 1u);
      EXPECT_EQ(page[b], d.text[i]);
    }
  }
}

TEST(Charset, Utf8IsTheIdentity) {
  std::string page = "<html><head><meta charset=\"utf-8\"></head><body>caf\xC3\xA9</body></html>";
  Decoded d = decode_html(page);
  EXPECT_TRUE(d.identity);
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_TRUE(decode_html("<p>plain ascii</p>").identity);
  EXPECT_TRUE(decode_html("").identity);
}

TEST(Charset, UndeclaredInvalidUtf8FallsBackToWindows1252) {
  std::string page = "<p>caf\xE9 \x93quoted\x94 \x80 5</p>";
  Decoded d = decode_html(page);
  ASSERT_FALSE(d.identity);
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_EQ(d.text, "<p>caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5</p>");
  EXPECT_EQ(d.invalid, 0u);
  expect_map_faithful(page, d);
  std::size_t e_acute = d.text.find("\xC3\xA9");
  EXPECT_EQ(d.map.source_begin(e_acute), page.find('\xE9'));
  EXPECT_EQ(d.map.source_end(e_acute + 2), page.find('\xE9') + 1);
}

TEST(Charset, MetaDeclaredIso88591) {
  std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head>"
      "<body><p>M\xFCnchen \xE0 Stra\xDF" "e</p></body></html>";
  Decoded d = decode_html(page);
  ASSERT_FALSE(d.identity);
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_NE(d.text.find("M\xC3\xBCnchen \xC3\xA0 Stra\xC3\x9F" "e"), std::string::npos);
  expect_map_faithful(page, d);
}

TEST(Charset, DeclaredLatin1ButWrittenInUtf8StaysUtf8) {
  std::string page = "<meta charset=iso-8859-1><p>M\xC3\xBCnchen</p>";
  Decoded d = decode_html(page);
  EXPECT_TRUE(d.identity);
  EXPECT_EQ(d.charset, "utf-8");
}

TEST(Charset, DeclaredUtf8WithoutAnyUtf8CharacterIsWindows1252) {
  std::string page = "<meta charset=\"UTF-8\"><p>Fran\xE7" "ais</p>";
  Decoded d = decode_html(page);
  ASSERT_FALSE(d.identity);
  EXPECT_NE(d.text.find("Fran\xC3\xA7" "ais"), std::string::npos);
}

TEST(Charset, MostlyUtf8WithAStrayByteStaysUtf8) {
  std::string page = "<p>";
  for (int i = 0; i < 20; ++i) page += "caf\xC3\xA9 ";
  page += "\xFF</p>";
  Decoded d = decode_html(page);
  EXPECT_TRUE(d.identity);
  EXPECT_EQ(d.invalid, 1u);
}

TEST(Charset, ByteOrderMarks) {
  std::string le("\xFF\xFE<\0p\0>\0\xE9\0", 10);
  Decoded d = decode_html(le);
  ASSERT_FALSE(d.identity);
  EXPECT_EQ(d.charset, "utf-16le");
  EXPECT_NE(d.text.find("<p>\xC3\xA9"), std::string::npos);
  EXPECT_EQ(d.map.source_begin(d.text.find('p')), 4u);
  EXPECT_TRUE(decode_html("\xEF\xBB\xBF<p>x</p>").identity);
}

TEST(Charset, ShiftJisWithInvalidBytesCountsReplacements) {
  // "日本" in Shift_JIS, then a truncated lead byte.
  std::string page = "<meta charset=shift_jis><p>\x93\xFA\x96\x7B \x81</p>";
  Decoded d = decode_html(page);
  ASSERT_FALSE(d.identity);
  EXPECT_NE(d.text.find("\xE6\x97\xA5\xE6\x9C\xAC"), std::string::npos);
  EXPECT_GE(d.invalid, 1u);
  EXPECT_NE(d.text.find("\xEF\xBF\xBD"), std::string::npos);
  expect_map_faithful(page, d);
}

TEST(Charset, UnknownLabelReadsAsUtf8) {
  Decoded d = decode_html("<meta charset=x-no-such-thing><p>x</p>");
  EXPECT_TRUE(d.identity);
  EXPECT_EQ(d.unknown_label, "x-no-such-thing");
}

}  // namespace
}  // namespace normalize::internal

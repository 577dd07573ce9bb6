// Canonical text (DESIGN.md "Canonical text") and the offset maps behind it.
#include "normalize/text/canonical.h"

#include <gtest/gtest.h>

#include "normalize/read/read.h"
#include "normalize/render/render.h"

namespace normalize::internal {
namespace {

std::string canon(std::string_view s) { return canonical_text(s, false); }

// Every byte of the canonical text maps back into the input, in order.
void expect_map_sane(std::string_view input, const Block& b) {
  ASSERT_EQ(b.map.length(), b.text.size());
  std::size_t prev = 0;
  for (std::size_t i = 0; i < b.text.size(); ++i) {
    std::size_t s = b.map.source_begin(i), e = b.map.source_end(i + 1);
    EXPECT_LE(prev, s) << "at " << i;
    EXPECT_LE(s, e);
    EXPECT_LE(e, input.size());
    prev = s;
  }
}

TEST(Canonical, FoldsSpacesAndTrims) { EXPECT_EQ(canon("  a \t b\xC2\xA0\xC2\xA0 c  "), "a b c"); }

TEST(Canonical, UnicodeSpaceSeparatorsBecomeSpace) {
  // U+2003 em space, U+202F narrow no-break space, U+3000 ideographic space
  EXPECT_EQ(canon("a\xE2\x80\x83" "b\xE2\x80\xAF" "c\xE3\x80\x80" "d"), "a b c d");
}

TEST(Canonical, RemovesZeroWidthAndControls) {
  // BOM, zero-width space, word joiner, soft hyphen, NUL, BEL, C1 U+0085 is a space (White_Space)
  EXPECT_EQ(canon("\xEF\xBB\xBFin\xE2\x80\x8Bter\xE2\x81\xA0na\xC2\xADtional\x01\x07"), "international");
  EXPECT_EQ(canon(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(canon("a\xC2\x85" "b"), "a b");
  EXPECT_EQ(canon("a\xC2\x9F" "b"), "ab");  // C1 control
}

TEST(Canonical, KeepsJoinersThatCarryMeaning) {
  const char* family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9";  // man ZWJ woman
  EXPECT_EQ(canon(family), family);
}

TEST(Canonical, NfcComposes) { EXPECT_EQ(canon("Cafe\xCC\x81"), "Caf\xC3\xA9"); }

// Text whose only non-ASCII characters are inert skips ICU's check (the fold
// notes it as it goes); one character that is not (a combining mark, the
// Angstrom sign, a character beyond the BMP), wherever the fold meets it,
// still sends the text through it. Inert under NFC is not inert under NFKC.
TEST(Canonical, NfcAfterInertCharacters) {
  EXPECT_EQ(canon("\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x94 Caf\xC3\xA9"),
            "\xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x94 Caf\xC3\xA9");
  EXPECT_EQ(canon("\xE2\x80\x9C" "Cafe\xCC\x81\xE2\x80\x9D"), "\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D");
  EXPECT_EQ(canon("\xE2\x80\x94 \xE2\x84\xAB"), "\xE2\x80\x94 \xC3\x85");  // U+212B -> U+00C5
  EXPECT_EQ(canon("\xF0\x9F\x98\x80 e\xCC\x81"), "\xF0\x9F\x98\x80 \xC3\xA9");
  EXPECT_EQ(canon("\xE2\x84\xAB x"), "\xC3\x85 x");                           // the first character
  EXPECT_EQ(canon("x  \xE2\x84\xAB"), "x \xC3\x85");                          // after a folded space
  EXPECT_EQ(canon("\xFF\xE2\x84\xAB"), "\xEF\xBF\xBD\xC3\x85");              // after a replacement
  for (bool nfkc : {false, true}) {
    Block b;
    std::string in = "\xE2\x80\x9C\xEF\xAC\x81le\xE2\x80\x9D";  // U+FB01 between curly quotes
    canonicalize(in, 0, in.size(), nfkc, &b, nullptr);
    EXPECT_EQ(b.text, nfkc ? "\xE2\x80\x9C" "file\xE2\x80\x9D" : in);
    expect_map_sane(in, b);
  }
}

TEST(Canonical, NfkcOnlyWhenAsked) {
  EXPECT_EQ(canonical_text("\xEF\xAC\x81le", false), "\xEF\xAC\x81le");  // U+FB01 ligature kept under NFC
  EXPECT_EQ(canonical_text("\xEF\xAC\x81le", true), "file");
  EXPECT_EQ(canonical_text("x \xC2\xA8 y", true), "x \xCC\x88 y");  // diaeresis -> space + combining, folded once
}

TEST(Canonical, InvalidUtf8BecomesReplacementAndIsCounted) {
  CanonStats stats;
  Block b;
  std::string in = "ab\xFF" "c\xE2\x82" "d\xED\xA0\x80";  // lone byte, truncated sequence, surrogate
  canonicalize(in, 0, in.size(), false, &b, &stats);
  EXPECT_EQ(b.text, "ab\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(stats.invalid_utf8, 5u);
  EXPECT_EQ(stats.first_invalid, 2u);
  expect_map_sane(in, b);
}

TEST(Canonical, Idempotent) {
  for (const char* s : {"  a  b ", "Cafe\xCC\x81 \xEF\xBB\xBF x", "\xFF\xFE", "a\xC2\xA0\xC2\xA0" "b", ""}) {
    std::string once = canon(s);
    EXPECT_EQ(canon(once), once) << s;
    EXPECT_EQ(canonical_text(canonical_text(s, true), true), canonical_text(s, true)) << s;
  }
}

// Folding against a plain reference on random strings of the characters
// whose handling differs (long enough to cross the 16-byte fast paths).
TEST(Canonical, MatchesReferenceFoldingOnRandomText) {
  const std::vector<std::string> pieces = {"a", "Z", "~", "!", " ", " ", "  ", "\t", "\n", "\x7F", "\x01",
                                           "\xC3\xA9", "\xC2\xA0", "\xFF", "abcdefgh", "\xE2\x80\x8B"};
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 3000; ++round) {
    std::string in;
    std::size_t len = next() % 60;
    for (std::size_t k = 0; k < len; ++k) in += pieces[(next() >> 8) % pieces.size()];
    std::string want;
    bool space = false;
    for (std::size_t i = 0; i < in.size();) {
      auto c = static_cast<unsigned char>(in[i]);
      std::string ch = in.substr(i, c == 0xC3 || c == 0xC2 ? 2 : c == 0xE2 ? 3 : 1);
      i += ch.size();
      if (ch == " " || ch == "\t" || ch == "\n" || ch == "\xC2\xA0") {
        space = true;
        continue;
      }
      if (ch == "\x7F" || ch == "\x01" || ch == "\xE2\x80\x8B") continue;
      if (space && !want.empty()) want += ' ';
      space = false;
      want += ch == "\xFF" ? "\xEF\xBF\xBD" : ch;
    }
    EXPECT_EQ(canon(in), want) << testing::PrintToString(in);
    Block b;
    canonicalize(in, 0, in.size(), false, &b, nullptr);
    expect_map_sane(in, b);
  }
}

TEST(OffsetMap, MapsBackThroughFoldingAndNormalisation) {
  std::string in = "  Hello\xC2\xA0\xC2\xA0wor\xE2\x80\x8Bld Cafe\xCC\x81!  ";
  Block b;
  canonicalize(in, 0, in.size(), false, &b, nullptr);
  EXPECT_EQ(b.text, "Hello world Caf\xC3\xA9!");
  expect_map_sane(in, b);
  EXPECT_EQ(b.source_begin(), 2u);
  EXPECT_EQ(in.substr(b.source_begin(), b.source_end() - b.source_begin()),
            "Hello\xC2\xA0\xC2\xA0wor\xE2\x80\x8Bld Cafe\xCC\x81!");
  // "world" maps to the source word with its zero-width space inside.
  std::size_t w = b.text.find("world");
  EXPECT_EQ(in.substr(b.map.source_begin(w), b.map.source_end(w + 5) - b.map.source_begin(w)),
            "wor\xE2\x80\x8Bld");
  // The composed é maps to "e" + combining acute.
  std::size_t e = b.text.find("\xC3\xA9");
  EXPECT_EQ(in.substr(b.map.source_begin(e), b.map.source_end(e + 2) - b.map.source_begin(e)), "e\xCC\x81");
}

TEST(OffsetMap, CleanAsciiIsOnePiece) {
  std::string in(100000, 'x');
  for (std::size_t i = 7; i < in.size(); i += 8) in[i] = ' ';
  Block b;
  canonicalize(in, 0, in.size(), false, &b, nullptr);
  EXPECT_EQ(b.map.pieces().size(), 1u);
}

TEST(ReadText, OneLineOneParagraph) {
  CanonStats stats;
  std::string in = "Title\r\n\r\nFirst line\nsecond line\n\n\n  third  \n";
  Document doc = read_text(in, false, &stats);
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].text, "Title");
  EXPECT_EQ(doc.blocks[1].text, "First line");
  EXPECT_EQ(doc.blocks[2].text, "second line");
  EXPECT_EQ(doc.blocks[3].text, "third");
  std::string why;
  EXPECT_TRUE(doc.check(&why)) << why;
  EXPECT_EQ(in.substr(doc.blocks[3].source_begin(), 5), "third");
}

TEST(ReadText, HardWrappedParagraphsJoin) {
  std::string in =
      "This is a paragraph of an e-mail that was wrapped at\n"
      "about seventy columns by the program that sent it and\n"
      "so its lines must be joined back into one paragraph.\n"
      "\n"
      "A second paragraph that is also wrapped at seventy or\n"
      "so columns, ending here.\n"
      "- a list item starts its own paragraph\n";
  CanonStats stats;
  Document doc = read_text(in, false, &stats);
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_EQ(doc.blocks[0].text.substr(0, 60), "This is a paragraph of an e-mail that was wrapped at about s");
  EXPECT_EQ(doc.blocks[1].text, "A second paragraph that is also wrapped at seventy or so columns, ending here.");
  EXPECT_EQ(doc.blocks[2].text, "- a list item starts its own paragraph");
}

TEST(ReadText, ShortConsecutiveLinesStaySeparate) {
  std::string in = "James Smith\n(c) Jane Doe / Agency\nThe article starts here with a long sentence.\n";
  CanonStats stats;
  EXPECT_EQ(read_text(in, false, &stats).blocks.size(), 3u);
}

TEST(ReadText, BlankIsOnlyWhitespaceAfterCanonicalisation) {
  CanonStats stats;
  Document doc = read_text("a\n\xC2\xA0\xE2\x80\x8B\n\x01\nb", false, &stats);
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(render_text(Decisions::keep_all(doc)), "a\n\nb\n");
}

TEST(RenderText, EmptyDocumentIsEmpty) {
  CanonStats stats;
  Document empty = read_text("", false, &stats), blank = read_text("\n\n  \n", false, &stats);
  EXPECT_EQ(render_text(Decisions::keep_all(empty)), "");
  EXPECT_EQ(render_text(Decisions::keep_all(blank)), "");
}

// The fold counts the words of what it writes as it goes: the count must be
// that of the text, over texts of every kind of space, character and error,
// and plain runs long enough for the 16-byte lanes and their 255-round flush.
TEST(Canonical, FoldCountsTheWordsItWrites) {
  const char* pieces[] = {"word", " ", "  ", "\t", "\n", "\xC2\xA0", "\xE2\x80\x9C", "e\xCC\x81", "\xFF",
                          "\xE2\x80\x8B", ".", "\xF0\x9F\x98\x80", " \xC3\xA9", "a b c d e f g h i j k l m n o p "};
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7FFF; };
  for (int n = 0; n < 400; ++n) {
    std::string in;
    const int parts = static_cast<int>(next() % 60);
    for (int k = 0; k < parts; ++k) in += pieces[next() % std::size(pieces)];
    if (n % 50 == 0) {
      for (int r = 0; r < 2400; ++r) in += "a ";  // a space in every lane of 300 rounds
    }
    for (bool nfkc : {false, true}) {
      Block b;
      canonicalize(in, 0, in.size(), nfkc, &b, nullptr);
      EXPECT_EQ(b.words, count_words(b.text)) << "input " << n << ": " << in;
      Block again;
      canonicalize_mapped(b.text, b.map, nfkc, &again, nullptr);
      EXPECT_EQ(again.words, count_words(again.text)) << "input " << n;
    }
  }
}

// The byte counts and boundaries every UTF-8 window and word count uses, over
// lengths that take the 16-byte lanes and their 255-round flush.
TEST(Utf8Text, CountsBytesAndFindsCharacterBoundaries) {
  for (std::size_t reps : {1u, 7u, 300u}) {
    std::string text;
    for (std::size_t k = 0; k < reps; ++k) text += "a \u00e9 \u2019\U0001F600 x";  // 14 bytes, 3 spaces
    EXPECT_EQ(count_byte(text, ' '), 3 * reps);
    EXPECT_EQ(count_words(text), 3 * reps + 1);
    EXPECT_EQ(count_continuation_bytes(text), 6 * reps);  // 1 + 2 + 3
  }
  const std::string s = "a\u00e9\u2019";  // a, then 2 and 3 bytes
  EXPECT_EQ(char_start(s, 2), 1u);
  EXPECT_EQ(char_start(s, 5), 3u);
  EXPECT_EQ(char_start(s, s.size()), s.size());
  EXPECT_EQ(next_char_start(s, 2), 3u);
  EXPECT_EQ(next_char_start(s, 4), s.size());
  EXPECT_EQ(count_words(""), 0u);
}

}  // namespace
}  // namespace normalize::internal

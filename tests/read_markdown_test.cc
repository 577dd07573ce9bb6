// The Markdown reader: block kinds and levels, plain text for rules, offset
// maps that point at exact input bytes, link facts, code left verbatim.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "normalize/text/canonical.h"
#include "normalize/read/read.h"

namespace normalize::internal {
namespace {

Document read(std::string_view in) {
  CanonStats stats;
  return read_markdown(in, false, &stats);
}

// Every copy piece of every block points at bytes equal to the text it covers.
void expect_maps_exact(std::string_view in, const Document& doc) {
  std::string why;
  EXPECT_TRUE(doc.check(&why)) << why;
  for (const Block& b : doc.blocks) {
    for (std::size_t k = 0; k < b.map.pieces().size(); ++k) {
      const auto& p = b.map.pieces()[k];
      std::size_t end = k + 1 < b.map.pieces().size() ? b.map.pieces()[k + 1].dst : b.map.length();
      ASSERT_LE(p.src_end, in.size());
      if (p.copy) {
        EXPECT_EQ(in.substr(p.src_begin, end - p.dst), b.text.substr(p.dst, end - p.dst)) << b.text;
      }
    }
    EXPECT_LE(b.span_begin(), b.source_begin());
    EXPECT_GE(b.span_end(), b.source_end());
  }
}

TEST(ReadMarkdown, KindsAndLevels) {
  std::string in =
      "# Title\n\nPara *one*.\n\n- item\n  - nested\n\n> quoted\n\n```\ncode\n```\n\n---\n\n<div>html</div>\n\n"
      "| a | b |\n|---|---|\n| 1 | 2 |\n\nSetext\n------\n";
  Document doc = read(in);
  std::vector<std::pair<BlockKind, int>> got;
  for (const Block& b : doc.blocks) got.emplace_back(b.kind, b.level);
  std::vector<std::pair<BlockKind, int>> want = {
      {BlockKind::kHeading, 1}, {BlockKind::kParagraph, 0}, {BlockKind::kListItem, 1}, {BlockKind::kListItem, 2},
      {BlockKind::kQuote, 0},   {BlockKind::kCode, 0},      {BlockKind::kSeparator, 0}, {BlockKind::kHtml, 0},
      {BlockKind::kTable, 0},   {BlockKind::kTable, 0},     {BlockKind::kHeading, 2}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(doc.blocks[1].text, "Para one.");
  EXPECT_EQ(doc.blocks[7].text, "html");
  EXPECT_EQ(doc.blocks[8].text, "a | b");
  EXPECT_EQ(doc.blocks[9].text, "1 | 2");
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) EXPECT_EQ(doc.blocks[i].index, i);
  expect_maps_exact(in, doc);
}

TEST(ReadMarkdown, EscapesAndEntitiesMapToTheirSourceBytes) {
  std::string in = "AT&amp;T \\*x\\* &copy; caf&eacute;\n";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 1u);
  const Block& b = doc.blocks[0];
  EXPECT_EQ(b.text, "AT&T *x* \xC2\xA9 caf\xC3\xA9");
  expect_maps_exact(in, doc);
  std::size_t amp = b.text.find('&');
  EXPECT_EQ(in.substr(b.map.source_begin(amp), b.map.source_end(amp + 1) - b.map.source_begin(amp)), "&amp;");
  std::size_t star = b.text.find('*');
  EXPECT_EQ(in.substr(b.map.source_begin(star), b.map.source_end(star + 1) - b.map.source_begin(star)), "\\*");
}

TEST(ReadMarkdown, LinkTextKeptTargetsDroppedAndSpansCoverMarkup) {
  std::string in = "Intro.\n\nBy [Jane Doe](https://example.org/jane)\n";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 2u);
  const Block& b = doc.blocks[1];
  EXPECT_EQ(b.text, "By Jane Doe");
  EXPECT_EQ(in.substr(b.span_begin(), b.span_end() - b.span_begin()), "By [Jane Doe](https://example.org/jane)");
  EXPECT_GT(b.link_chars, 0u);
  EXPECT_FALSE(b.links_only);
  expect_maps_exact(in, doc);
}

TEST(ReadMarkdown, LinksOnly) {
  struct Case {
    const char* in;
    bool links_only;
  } cases[] = {
      {"Region: [Europe](#), [USA](#)\n", true},
      {"[Facebook](https://f.example) | [Twitter](https://t.example)\n", true},
      {"**[Become a member](#)**\n", true},
      {"<https://example.org/x>\n", true},
      {"Read more: [A](https://a.example) and [B](https://b.example)\n", true},
      {"[Facebook](#) Tags: [Energy](/t/e)\n", true},  // the same once the dead link is written as text
      {"Topics: we covered [inflation](https://a.example) and why.\n", false},
      {"By [Jane Doe](#)\n", false},
      {"No links at all.\n", false},
  };
  for (const Case& c : cases) {
    Document doc = read(c.in);
    ASSERT_EQ(doc.blocks.size(), 1u) << c.in;
    EXPECT_EQ(doc.blocks[0].links_only, c.links_only) << c.in;
  }
}

TEST(ReadMarkdown, CodeIsVerbatimAndMappedExactly) {
  std::string in = "- item\n\n  ```\n  a\xC2\xA0\xC2\xA0 b  \n  ```\n\n      indented  code\n";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 3u);  // the item, its fenced code, its indented code
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::kCode);
  EXPECT_EQ(doc.blocks[1].text, "a\xC2\xA0\xC2\xA0 b  ");
  EXPECT_EQ(doc.blocks[2].text, "indented  code");
  expect_maps_exact(in, doc);
}

TEST(ReadMarkdown, LazyContinuationAndReferenceLinks) {
  std::string in = "> quoted\nlazy line\n\nSee [the report][r].\n\n[r]: https://example.org/r\n";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "quoted lazy line");
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::kQuote);
  EXPECT_EQ(doc.blocks[1].text, "See the report.");
  expect_maps_exact(in, doc);
}

TEST(ReadMarkdown, AnyBytesYieldADocument) {
  std::string in = std::string("a\0b \xFF\xFE [x](", 11) + std::string(5000, '[') + "\r\n# h\r\n";
  CanonStats stats;
  Document doc = read_markdown(in, false, &stats);
  EXPECT_GE(doc.blocks.size(), 1u);
  EXPECT_GT(stats.invalid_utf8, 0u);
  std::string why;
  EXPECT_TRUE(doc.check(&why)) << why;
}

TEST(DetectFormat, Heuristic) {
  EXPECT_EQ(detect_format("<!DOCTYPE html><html><body>x</body></html>"), Format::kHtml);
  EXPECT_EQ(detect_format("  <html lang=en>"), Format::kHtml);
  EXPECT_EQ(detect_format("# Title\n\nSome [link](https://x.example) here.\n\n- a\n- b\n"), Format::kMarkdown);
  EXPECT_EQ(detect_format("Title\n=====\n\nText with *emphasis* only.\n\n```\ncode\n```\n"), Format::kMarkdown);
  EXPECT_EQ(detect_format("Plain text.\n\nAnother paragraph, with a (parenthesis) and [brackets].\n"), Format::kText);
  EXPECT_EQ(detect_format("- one dash line\nThen prose.\n"), Format::kText);
  EXPECT_EQ(detect_format(""), Format::kText);
  // One long paragraph per line, no blank lines: Markdown would join them all.
  std::string lines;
  for (int i = 0; i < 5; ++i) lines += "A paragraph with a [link](https://x.example) " + std::string(100, 'w') + ".\n";
  EXPECT_EQ(detect_format("# Title\n" + lines), Format::kText);
  EXPECT_EQ(detect_format("# Title\n\n" + lines + "\n- a\n- b\n"), Format::kText);
}


// Exact maps over real files: NORMALIZE_MD_CORPUS names a file listing one
// Markdown path per line (skipped when unset).
TEST(ReadMarkdown, CorpusFromEnvironmentHasExactMaps) {
  const char* list = std::getenv("NORMALIZE_MD_CORPUS");
  if (!list) GTEST_SKIP() << "set NORMALIZE_MD_CORPUS to a file listing Markdown paths";
  std::ifstream paths(list);
  std::string path;
  int files = 0;
  while (std::getline(paths, path)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    SCOPED_TRACE(path);
    expect_maps_exact(text, read(text));
    ++files;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace normalize::internal

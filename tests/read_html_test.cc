// The HTML reader and main-content choice: block kinds, maps that point at
// exact page bytes (entities, other charsets), DOM context, dropped elements,
// hostile input (deep nesting, garbage, huge attributes).
#include <gtest/gtest.h>

#include <chrono>

#include "normalize/text/canonical.h"
#include "normalize/read/read.h"
#include "test_util.h"

namespace normalize::internal {
namespace {

Document read(std::string_view in) {
  CanonStats stats;
  return read_html(in, false, &stats);
}

void expect_maps_exact(std::string_view in, const Document& doc) {
  for (const Block& b : doc.blocks) {
    ASSERT_EQ(b.map.length(), b.text.size());
    for (std::size_t k = 0; k < b.map.pieces().size(); ++k) {
      const auto& p = b.map.pieces()[k];
      std::size_t end = k + 1 < b.map.pieces().size() ? b.map.pieces()[k + 1].dst : b.map.length();
      ASSERT_LE(p.src_begin, p.src_end);
      ASSERT_LE(p.src_end, in.size());
      if (p.copy) {
        EXPECT_EQ(in.substr(p.src_begin, end - p.dst), b.text.substr(p.dst, end - p.dst)) << b.text;
      }
    }
  }
}

Result clean_html(std::string_view in, bool main_content = true) {
  Tuning t;
  t.detect_main_content = main_content;
  internal::Scratch scratch;
  return clean_document(testing::rules_from("[]"), Options{}, t, in, Format::kHtml, &scratch);
}

// `in` cleaned to Markdown with no rules.
Result to_markdown(std::string_view in, Format from = Format::kHtml) {
  Options o;
  o.to = Output::kMarkdown;
  internal::Scratch scratch;
  return clean_document(testing::rules_from("[]"), o, Tuning{}, in, from, &scratch);
}

TEST(ReadHtml, KindsAndLevels) {
  std::string in =
      "<html><head><title>T | Site</title><style>p{}</style></head><body><h1>Title</h1><p>Para <b>one</b>.</p>"
      "<ul><li>item<ul><li>nested</li></ul></li></ul><blockquote>quoted</blockquote><pre>code  x</pre>"
      "<table><tr><td>a</td><td>b</td></tr></table><figure><img src=x><figcaption>Cap</figcaption></figure>"
      "<script>var x = '<p>no</p>';</script><p>line<br>break</p></body></html>";
  Document doc = read(in);
  std::vector<std::tuple<BlockKind, int, std::string>> got;
  for (const Block& b : doc.blocks) got.emplace_back(b.kind, b.level, b.text);
  std::vector<std::tuple<BlockKind, int, std::string>> want = {
      {BlockKind::kHeading, 1, "Title"},   {BlockKind::kParagraph, 0, "Para one."},
      {BlockKind::kListItem, 1, "item"},   {BlockKind::kListItem, 2, "nested"},
      {BlockKind::kQuote, 0, "quoted"},    {BlockKind::kCode, 0, "code  x"},
      {BlockKind::kTable, 0, "a b"},       {BlockKind::kCaption, 0, "Cap"},
      {BlockKind::kParagraph, 0, "line"},  {BlockKind::kParagraph, 0, "break"}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(doc.title.text, "T | Site");
  EXPECT_EQ(in.substr(doc.title.source_begin(), doc.title.source_end() - doc.title.source_begin()), "T | Site");
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) EXPECT_EQ(doc.blocks[i].index, i);
  expect_maps_exact(in, doc);
}

// Ruby annotations (furigana) are the reading of the characters beside them:
// the text is the characters alone, mapped to their own bytes (issue 16:
// Japanese news pages annotate most kanji).
TEST(ReadHtml, RubyAnnotationsAreDropped) {
  std::string in =
      "<p><ruby>\xE5\xAD\x90<rp>(</rp><rt>\xE3\x81\x93</rt><rp>)</rp></ruby>\xE3\x81\xA9\xE3\x82\x82 and "
      "<ruby>kan<rt>reading</rt>ji</ruby></p>";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, "\xE5\xAD\x90\xE3\x81\xA9\xE3\x82\x82 and kanji");
  expect_maps_exact(in, doc);
}

TEST(ReadHtml, EntitiesMapToTheirSourceBytes) {
  std::string in = "<p>AT&amp;T &copy; caf&#xe9; &#8212; a&b &nbsp;x</p>";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 1u);
  const Block& b = doc.blocks[0];
  EXPECT_EQ(b.text, "AT&T \xC2\xA9 caf\xC3\xA9 \xE2\x80\x94 a&b x");
  expect_maps_exact(in, doc);
  std::size_t amp = b.text.find('&');
  EXPECT_EQ(in.substr(b.map.source_begin(amp), b.map.source_end(amp + 1) - b.map.source_begin(amp)), "&amp;");
  std::size_t dash = b.text.find("\xE2\x80\x94");
  EXPECT_EQ(in.substr(b.map.source_begin(dash), b.map.source_end(dash + 3) - b.map.source_begin(dash)), "&#8212;");
}

TEST(ReadHtml, DomContext) {
  std::string in =
      "<body><nav class='Menu main'><a href=/>Home</a></nav><article id=story itemprop=articleBody>"
      "<p>Text with <a href=x>a link</a>.</p></article><div style='display: none'>secret</div>"
      "<footer role=contentinfo><p>foot</p></footer><form><p>f</p></form><div aria-hidden=true>icon</div></body>";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 6u);
  auto el = [&](std::size_t i) { return doc.elements[doc.blocks[i].element]; };
  EXPECT_EQ(el(0).tag, "nav");
  EXPECT_NE(el(0).attrs.find(" .menu "), std::string::npos);
  EXPECT_TRUE(el(0).flags & kInNav);
  EXPECT_TRUE(doc.blocks[0].links_only);
  EXPECT_TRUE(el(1).flags & kInArticle);
  EXPECT_EQ(el(1).tag, "p");
  EXPECT_NE(doc.elements[el(1).parent].attrs.find(" #story "), std::string::npos);
  EXPECT_NE(doc.elements[el(1).parent].attrs.find(" itemprop=articlebody "), std::string::npos);
  EXPECT_GT(doc.blocks[1].link_chars, 0u);
  EXPECT_FALSE(doc.blocks[1].links_only);
  EXPECT_TRUE(el(2).flags & kHidden);
  EXPECT_TRUE(el(3).flags & kInFooter);
  EXPECT_TRUE(el(4).flags & kInForm);
  EXPECT_TRUE(el(5).flags & kHidden);
}

TEST(ReadHtml, DeepNestingDoesNotOverflow) {
  std::string in;
  for (int i = 0; i < 100000; ++i) in += "<div>";
  in += "deep text";
  for (int i = 0; i < 100000; ++i) in += "</div>";
  auto t0 = std::chrono::steady_clock::now();
  Result r = clean_html(in);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(20));
  EXPECT_EQ(r.text, "deep text\n");
}

TEST(ReadHtml, GarbageEmptyAndHugeAttribute) {
  EXPECT_EQ(clean_html("").text, "");
  std::string garbage;
  unsigned x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    garbage += static_cast<char>(x >> 24);
  }
  Result g = clean_html(garbage);
  testing::expect_audit_faithful(garbage, g);
  std::string huge = "<p title='" + std::string(50 * 1024 * 1024, 'a') + "'>after</p>";
  EXPECT_EQ(clean_html(huge).text, "after\n");
  Result unclosed = clean_html("<p>one<p>two<div><span>three");
  EXPECT_EQ(unclosed.text, "one\n\ntwo\n\nthree\n");
}

TEST(ReadHtml, Windows1252PageAuditsPageBytes) {
  std::string in =
      "<html><body><nav><a href=/>Men\xFC</a> <a href=/a>Start</a></nav><article><p>Caf\xE9, cr\xE8me, br\xFBl\xE9"
      "e: the article text is long enough to be the main content of this page, with commas.</p></article>"
      "</body></html>";
  Result r = clean_html(in);
  EXPECT_EQ(r.text.rfind("Caf\xC3\xA9, cr\xC3\xA8me", 0), 0u) << r.text;
  ASSERT_FALSE(r.removals.empty());
  testing::expect_audit_faithful(in, r);
  EXPECT_EQ(r.removals[0].rule, "html.structure.main-content");
  EXPECT_NE(r.removals[0].text.find("Men\xFC"), std::string::npos);
}

TEST(MainContent, KeepsTheArticleAndTitleRemovesTheRest) {
  std::string in =
      "<body><header><a href=/>Home</a> | <a href=/news>News</a></header><h1>The headline</h1>"
      "<div class=sidebar><p>Most read: something else entirely, with a comma.</p></div>"
      "<div class=article-body><p>First paragraph of the story, which is long, has commas, and goes on.</p>"
      "<p>Second paragraph of the story, which is also long, with commas, too.</p></div>"
      "<footer><p>Copyright 2024 Example, all rights reserved.</p></footer></body>";
  Result r = clean_html(in);
  EXPECT_EQ(r.text,
            "The headline\n\nFirst paragraph of the story, which is long, has commas, and goes on.\n\n"
            "Second paragraph of the story, which is also long, with commas, too.\n");
  testing::expect_audit_faithful(in, r);
  for (const Removal& x : r.removals) EXPECT_EQ(x.rule, "html.structure.main-content");
  Result all = clean_html(in, false);
  EXPECT_NE(all.text.find("Most read"), std::string::npos);
}

TEST(ReadHtml, MarkdownOutputKeepsStructure) {
  std::string in =
      "<body><article><h1>The title</h1><p>A paragraph long enough to be the article, with commas, and *stars*.</p>"
      "<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul><blockquote><p>Quoted.</p></blockquote>"
      "<h2>Part two</h2><p>1. Not a list item, but a paragraph that starts with a number.</p></article></body>";
  Result r = to_markdown(in);
  EXPECT_EQ(r.text,
            "# The title\n\nA paragraph long enough to be the article, with commas, and \\*stars\\*.\n\n"
            "  - one\n      - nested\n  - two\n\n> Quoted.\n\n## Part two\n\n"
            "1\\. Not a list item, but a paragraph that starts with a number.\n");
  // The output read as Markdown comes back unchanged.
  Result again = to_markdown(r.text, Format::kMarkdown);
  EXPECT_EQ(again.text, r.text);
}

// The text of a block whose sources lie in the span's page range.
std::string inside(const Block& b, const Inline& span) {
  std::string out;
  for (std::size_t i = 0; i < b.text.size(); ++i) {
    std::size_t src = b.map.source_begin(i);
    if (src >= span.begin && src < span.end) out += b.text[i];
  }
  return out;
}

TEST(ReadHtml, InlineSpansHoldPageOffsets) {
  std::string in =
      "<p>Say <em>a b</em>, <a href=' /x?a=1&amp;b=2 '>a <b>bold</b> link</a> and <code>c()</code>; "
      "<a href='javascript:go()'>js</a> <a href='#top'>top</a> <a>bare</a> <i><img src=x></i>.</p><p>plain</p>";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 2u);
  const Block& b = doc.blocks[0];
  EXPECT_EQ(b.text, "Say a b, a bold link and c(); js top bare .");
  std::vector<std::tuple<Inline::Kind, std::string, std::string>> got;
  for (const Inline& span : b.inlines) {
    got.emplace_back(span.kind, inside(b, span), doc.urls.substr(span.url_begin, span.url_size));
  }
  // Outer before inner; links to scripts or to the same page, and spans
  // without text, are not recorded.
  std::vector<std::tuple<Inline::Kind, std::string, std::string>> want = {
      {Inline::kEmphasis, "a b", ""}, {Inline::kLink, "a bold link", "/x?a=1&b=2"},
      {Inline::kStrong, "bold", ""},  {Inline::kCode, "c()", ""}};
  EXPECT_EQ(got, want);
  EXPECT_TRUE(doc.blocks[1].inlines.empty());
}

TEST(ReadHtml, SpanAcrossBlocksGoesOnInEach) {
  Document doc = read("<p><b>one<br>two</b> three</p><div><em>four<p>five</p></em></div>");
  const char* want[] = {"one", "two", "four", "five"};
  ASSERT_EQ(doc.blocks.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    ASSERT_EQ(doc.blocks[i].inlines.size(), 1u) << i;
    EXPECT_EQ(inside(doc.blocks[i], doc.blocks[i].inlines[0]), want[i]);
  }
}

TEST(ReadHtml, TableRowsReadWholeCarryTheirCells) {
  std::string in =
      "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td></td><td>3</td></tr></table>"
      "<table><tr><td><p>layout</p></td><td>cell</td></tr><tr><td>x<br>y</td></tr></table>";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 6u);
  auto cells = [&](std::size_t i) {
    std::size_t n = 0;
    for (const Inline& span : doc.blocks[i].inlines) n += span.kind == Inline::kCell;
    return n;
  };
  EXPECT_EQ(doc.blocks[0].text, "A B");
  EXPECT_EQ(cells(0), 2u);
  EXPECT_EQ(doc.blocks[1].text, "1 3");
  EXPECT_EQ(cells(1), 3u);
  EXPECT_GE(doc.blocks[0].group, 0);
  EXPECT_EQ(doc.blocks[0].group, doc.blocks[1].group);
  EXPECT_EQ(doc.elements[doc.blocks[0].group].tag, "table");
  for (std::size_t i = 2; i < 6; ++i) {  // a cell holding a paragraph, or a line break: no table row
    EXPECT_EQ(cells(i), 0u) << doc.blocks[i].text;
    EXPECT_EQ(doc.blocks[i].group, -1) << doc.blocks[i].text;
  }
}

TEST(ReadHtml, OrderedListsAndTheirStart) {
  Document doc = read("<ol start=' 5'><li>a<ul><li>b</li></ul></li><li>c</li></ol><ol start=x><li>d</li></ol>");
  ASSERT_EQ(doc.blocks.size(), 4u);
  std::vector<std::pair<int, int>> got;  // level, start
  for (const Block& b : doc.blocks) got.emplace_back(b.level, b.list_start);
  EXPECT_EQ(got, (std::vector<std::pair<int, int>>{{1, 5}, {2, -1}, {1, 5}, {1, 1}}));
  EXPECT_EQ(doc.blocks[0].group, doc.blocks[2].group);
  EXPECT_NE(doc.blocks[0].group, doc.blocks[1].group);
  EXPECT_NE(doc.blocks[0].group, doc.blocks[3].group);
}

TEST(ReadHtml, PreIsVerbatimCode) {
  std::string in =
      "<p>before</p><pre>\n\n  <span class=k>if</span> a &lt; b:\n\tgo()  \n\n</pre>"
      "<pre>one<br>  two</pre>";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 4u);
  const Block& code = doc.blocks[1];
  EXPECT_EQ(code.kind, BlockKind::kCode);
  EXPECT_EQ(code.text, "  if a < b:\n\tgo()");
  EXPECT_EQ(code.words, 5u);
  EXPECT_TRUE(code.inlines.empty());
  std::size_t lt = code.text.find('<');
  EXPECT_EQ(in.substr(code.map.source_begin(lt), code.map.source_end(lt + 1) - code.map.source_begin(lt)), "&lt;");
  expect_maps_exact(in, doc);
  // A line break splits a pre into blocks of one group (text output keeps
  // them apart; Markdown joins them into one code block).
  EXPECT_EQ(doc.blocks[2].text, "one");
  EXPECT_EQ(doc.blocks[3].text, "  two");
  EXPECT_EQ(doc.blocks[2].group, doc.blocks[3].group);
  EXPECT_NE(doc.blocks[2].group, code.group);
}

TEST(ReadHtml, MarkdownSpansSurviveConversionAndCutBodies) {
  // A windows-1252 page (read through a converted copy) with a script before
  // the emphasis (cut out before Gumbo reads the page): spans still land.
  std::string in =
      "<html><body><article><script>var s = '<em>no</em>';</script><p>The <em>caf\xE9</em> on the corner opened "
      "again, with <a href='/menu'>a new menu</a>, the owners said, and <b>prices</b> stayed.</p></article>"
      "</body></html>";
  Result r = to_markdown(in);
  EXPECT_EQ(r.text,
            "The *caf\xC3\xA9* on the corner opened again, with [a new menu](/menu), the owners said, and **prices** "
            "stayed.\n");
}

// Links-only is decided as the Markdown reader decides it for the line once
// written ("Label:" and links), so a second clean of the Markdown output
// removes nothing the first kept.
TEST(ReadHtml, LinksOnlyAgreesWithMarkdown) {
  std::string in =
      "<body><p>Categories: <a href=\"/c/p\">practices</a></p><p><a href=\"/a\">One</a> | <a href=\"/b\">Two</a></p>"
      "<p>See <a href=\"/r\">the report</a> for the figures of the year.</p><p><a href=\"/x\">A-do</a> (7)</p></body>";
  Document doc = read(in);
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_TRUE(doc.blocks[0].links_only);
  EXPECT_TRUE(doc.blocks[1].links_only);
  EXPECT_FALSE(doc.blocks[2].links_only);
  EXPECT_TRUE(doc.blocks[3].links_only);  // a few plain bytes after a link, as before
  CanonStats stats;
  for (const auto& [line, html_block] : {std::pair{"Categories: [practices](/c/p)\n", 0}, {"[One](/a) | [Two](/b)\n", 1},
                                         {"See [the report](/r) for the figures of the year.\n", 2}}) {
    Document md = read_markdown(line, false, &stats);
    ASSERT_EQ(md.blocks.size(), 1u);
    EXPECT_EQ(md.blocks[0].links_only, doc.blocks[html_block].links_only) << line;
  }
}

// A row of cells is a table row; a paragraph inside a cell (a layout table)
// is a paragraph, which is how it is written.
TEST(ReadHtml, LayoutTableCellsHoldParagraphs) {
  Document doc = read("<table><tr><td>a</td><td>b</td></tr><tr><td><p>Para inside a cell.</p></td></tr></table>");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::kTable);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::kParagraph);
}

// Gumbo's arena stops the parse at its limit (a longjmp out of Gumbo's C
// frames, no exception through them); the page then passes through unchanged
// with a warning, as an input over max_input_bytes does, and the next page
// on the thread is read as before.
TEST(ReadHtml, MemoryLimitStopsTheParseWithoutThrowing) {
  std::string page = "<!doctype html><title>Big</title><body>";
  for (int i = 0; i < 20000; ++i) page += "<p class=\"c\">Paragraph number " + std::to_string(i) + ".</p>\n";
  CanonStats stats;
  bool out_of_memory = false;
  Document doc;
  EXPECT_NO_THROW(doc = read_html(page, false, &stats, true, std::size_t{1} << 20, &out_of_memory));
  EXPECT_TRUE(out_of_memory);
  EXPECT_TRUE(doc.blocks.empty());
  doc = read_html(page, false, &stats, true, std::size_t{1} << 30, &out_of_memory);
  EXPECT_FALSE(out_of_memory);
  EXPECT_GE(doc.blocks.size(), 20000u);  // every paragraph
  // Even the first chunk is over a limit this small.
  EXPECT_NO_THROW(doc = read_html("<p>x</p>", false, &stats, true, 1000, &out_of_memory));
  EXPECT_TRUE(out_of_memory);

  Tuning tuning;
  tuning.html_memory_limit = std::size_t{1} << 20;
  RuleSet rules = testing::default_rules();
  internal::Scratch scratch;
  Result r = clean_document(rules, Options{}, tuning, page, Format::kHtml, &scratch);
  EXPECT_EQ(r.text, page);
  EXPECT_TRUE(r.removals.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "too-large");
  EXPECT_EQ(r.warnings[0].message,
            "the HTML parser needed more than 1048576 bytes for this page, or no more memory was left; passed through "
            "unchanged");
  Result fine = clean_document(rules, Options{}, Tuning{}, page, Format::kHtml, &scratch);
  EXPECT_TRUE(fine.warnings.empty());
  EXPECT_NE(fine.text, page);
}

}  // namespace
}  // namespace normalize::internal

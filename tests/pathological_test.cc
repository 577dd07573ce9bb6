// Hostile inputs: each must finish with sane output and never crash. No
// timing thresholds here; ctest's timeout catches a hang.
#include <gtest/gtest.h>

#include <random>

#include "normalize/normalize.h"
#include "test_util.h"

namespace normalize {
namespace {

const Engine& engine() {
  static Engine* e = new Engine(std::move(Engine::create(Options{})).value());
  return *e;
}

TEST(Pathological, EmptyInput) {
  Result r = engine().clean("", Format::kText);
  EXPECT_EQ(r.text, "");
  EXPECT_TRUE(r.removals.empty());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Pathological, NulBytesAreRemovedAndReported) {
  std::string in("a\0b\0\0c\n", 7);
  Result r = engine().clean(in, Format::kText);
  EXPECT_EQ(r.text, "abc\n");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "nul-bytes");
  EXPECT_EQ(r.warnings[0].offset, 1u);
}

TEST(Pathological, BinaryJunk) {
  std::mt19937 rng(42);
  std::string junk(1 << 20, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  Result r = engine().clean(junk, Format::kText);
  testing::expect_audit_faithful(junk, r);
  EXPECT_FALSE(r.warnings.empty());
  Result again = engine().clean(r.text, Format::kText);
  EXPECT_EQ(again.text, r.text);
}

TEST(Pathological, TwoHundredMegabyteSingleLine) {
  std::string line;
  line.reserve(200u << 20);
  const std::string words = "The committee said on Tuesday that it would subscribe to nothing. ";
  while (line.size() < (200u << 20)) line += words;
  line += "\n";
  Result r = engine().clean(line, Format::kText);
  EXPECT_EQ(r.text.size(), line.size() - 1);  // only the trailing space goes
  testing::expect_audit_faithful(line, r);
}

TEST(Pathological, ManyShortBoilerplateLines) {
  std::string in = "Body of the article.\n\n";
  for (int i = 0; i < 50000; ++i) in += "Share this:\n\n";
  Result r = engine().clean(in, Format::kText);
  testing::expect_audit_faithful(in, r);
  EXPECT_EQ(engine().clean(r.text, Format::kText).text, r.text);
}

TEST(Pathological, TooLargeInputPassesThroughWithAWarning) {
  Options o;
  o.max_input_bytes = 10;
  auto e = Engine::create(o);
  ASSERT_TRUE(e.ok());
  Result r = e->clean("01234567890123", Format::kText);
  EXPECT_EQ(r.text, "01234567890123");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].code, "too-large");
}


// ---- Markdown ---------------------------------------------------------------

Result markdown(std::string_view in) {
  static Engine* e = [] {
    Options o;
    o.to = Output::kMarkdown;
    auto made = Engine::create(o);
    return new Engine(std::move(made).value());
  }();
  return e->clean(in, Format::kMarkdown);
}

void expect_sane_markdown(const std::string& in) {
  Result r = markdown(in);
  testing::expect_audit_faithful(in, r);
  EXPECT_EQ(markdown(r.text).text, r.text);
}

TEST(Pathological, DeeplyNestedQuotesAndLists) {
  // cmark's writer is quadratic in depth: past 200 levels the text is written flat, with a warning.
  std::string quotes = std::string(50000, '>') + " deep\n";
  Result r = markdown(quotes);
  EXPECT_EQ(r.text, "deep\n");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].code, "too-deep");
  std::string lists;
  for (int i = 0; i < 3000; ++i) lists += std::string(2 * i, ' ') + "- item\n";
  expect_sane_markdown(lists);
  std::string shallow;
  for (int i = 0; i < 150; ++i) shallow += std::string(i, '>') + " level\n\n";
  expect_sane_markdown(shallow);
}

TEST(Pathological, MarkdownDelimiterFloods) {
  expect_sane_markdown(std::string(30000, '*') + "a" + std::string(30000, '_') + "\n");
  expect_sane_markdown(std::string(100000, '[') + "x" + std::string(100000, ']') + "(#)\n");
  expect_sane_markdown(std::string(20000, '`') + "\n" + std::string(20000, '<') + "\n");
  std::string links;
  for (int i = 0; i < 100000; ++i) links += "w [l](#) &amp; \\* ";
  expect_sane_markdown(links + "\n");
}

TEST(Pathological, ManyMarkdownShareBars) {
  std::string in = "Body of the article.\n\n";
  for (int i = 0; i < 50000; ++i) in += "Share this: [Twitter](#), [Facebook](#)\n\n";
  Result r = markdown(in);
  EXPECT_EQ(r.text, "Body of the article.\n");
  ASSERT_EQ(r.removals.size(), 50000u);
  for (const Removal& x : r.removals) ASSERT_EQ(in.substr(x.start, x.end - x.start), x.text);
}


TEST(Pathological, NulBytesInMarkdownAreRemovedAndReported) {
  std::string in("a\0b [x\0](#)\n", 12);
  Result r = markdown(in);
  EXPECT_EQ(r.text, "ab x\n");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].code, "nul-bytes");
  EXPECT_EQ(r.warnings[0].offset, 1u);
}

// ---- HTML to Markdown -------------------------------------------------------

TEST(Pathological, HtmlInlineFloodsToMarkdown) {
  Options o;
  o.to = Output::kMarkdown;
  auto e = Engine::create(o);
  ASSERT_TRUE(e.ok());
  auto expect_sane = [&](const std::string& in) {
    Result r = e->clean(in, Format::kHtml);
    testing::expect_audit_faithful(in, r);
    EXPECT_EQ(markdown(r.text).text, r.text);
  };
  // cmark-gfm parses a paragraph of many delimiters and links back in
  // quadratic time (this one took minutes before the renderer capped spans).
  std::string flood = "<p>";
  for (int i = 0; i < 50000; ++i) flood += "w<b>x" + std::to_string(i) + "</b>y <a href=/u>l</a> ";
  expect_sane(flood + "</p>");
  std::string nested = "<p>text ";
  for (int i = 0; i < 3000; ++i) nested += "<b><i><a href=/x><code>";
  nested += "deep";
  for (int i = 0; i < 3000; ++i) nested += "</code></a></i></b>";
  expect_sane(nested + " text</p>");
  std::string table = "<table>";
  for (int i = 0; i < 20000; ++i) table += "<tr><td>" + std::to_string(i) + "</td><td><em>a|b</em><td>c";
  expect_sane(table + "</table>");
}

}  // namespace
}  // namespace normalize

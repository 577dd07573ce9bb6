// The JSON-LD articleBody reader: which string it takes, how it decodes
// JSON escapes, HTML and HTML escaped as entities, and that every block maps
// back to the page bytes it came from.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "normalize/read/read.h"
#include "test_util.h"

namespace normalize::internal {
namespace {

std::vector<std::string> texts(const std::vector<Block>& blocks) {
  std::vector<std::string> out;
  for (const Block& b : blocks) out.push_back(b.text);
  return out;
}

std::string source(std::string_view page, const Block& b, std::size_t from, std::size_t to) {
  std::size_t begin = b.map.source_begin(from), end = b.map.source_end(to);
  return std::string(page.substr(begin, end - begin));
}

std::vector<Block> body_of(std::string_view page) {
  Document doc;
  read_article_body(page, false, &doc);
  return std::move(doc.article_body);
}

std::string page_with(std::string_view script) {
  return "<html><head><title>T</title>" + std::string(script) + "</head><body><p>x</p></body></html>";
}

TEST(ReadJsonLd, PlainTextBodyWithEscapes) {
  std::string page = page_with(
      R"(<script type="application/ld+json">{"headline":"H","articleBody":"Caf\u00e9 \"Zum L\u00f6wen\" opens.\n\nIt sells \ud83c\udf70 and tea.\r\nBye"}</script>)");
  std::vector<Block> body = body_of(page);
  EXPECT_EQ(texts(body), (std::vector<std::string>{"Café \"Zum Löwen\" opens.", "It sells \xF0\x9F\x8D\xB0 and tea.", "Bye"}));
  ASSERT_EQ(body.size(), 3u);
  // Verbatim bytes map to themselves, escapes to the whole escape.
  EXPECT_EQ(source(page, body[0], 0, 3), "Caf");
  EXPECT_EQ(source(page, body[0], 3, 5), "\\u00e9");
  EXPECT_EQ(source(page, body[1], 9, 13), "\\ud83c\\udf70");
  for (const Block& b : body) EXPECT_EQ(b.element, -1);
}

TEST(ReadJsonLd, HtmlBodyKeepsKinds) {
  std::string page = page_with(
      R"(<script type="application/ld+json">{"articleBody":"<h2>Why<\/h2><p>Because &amp; so.<\/p><ul><li>one<\/li><\/ul>"}</script>)");
  std::vector<Block> body = body_of(page);
  ASSERT_EQ(texts(body), (std::vector<std::string>{"Why", "Because & so.", "one"}));
  EXPECT_EQ(body[0].kind, BlockKind::kHeading);
  EXPECT_EQ(body[1].kind, BlockKind::kParagraph);
  EXPECT_EQ(body[2].kind, BlockKind::kListItem);
  EXPECT_EQ(source(page, body[1], 0, 7), "Because");
  EXPECT_EQ(source(page, body[1], 8, 9), "&amp;");
}

TEST(ReadJsonLd, HtmlEscapedAsEntities) {
  std::string page = page_with(
      R"(<script type="application/ld+json">{"articleBody":"&lt;p class=&quot;x&quot;&gt;Solu&amp;ccedil;&amp;atilde;o&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;"}</script>)");
  std::vector<Block> body = body_of(page);
  ASSERT_EQ(texts(body), (std::vector<std::string>{"Solução", "Two"}));
  EXPECT_EQ(source(page, body[0], 0, 4), "Solu");
  EXPECT_EQ(source(page, body[1], 0, 3), "Two");
}

TEST(ReadJsonLd, TakesTheLongestBodyOfLdJsonScriptsOnly) {
  std::string page = page_with(
      R"(<script>var x = {"articleBody":"not structured data, a longer string than both of the others"};</script>)"
      R"(<SCRIPT TYPE="application/ld+json">[{"articleBody":"short"},{"articleBody" : "the longer one"}]</SCRIPT>)");
  EXPECT_EQ(texts(body_of(page)), (std::vector<std::string>{"the longer one"}));
}

TEST(ReadJsonLd, NothingFromBrokenOrMissingBodies) {
  EXPECT_TRUE(body_of(page_with("")).empty());
  EXPECT_TRUE(body_of(page_with(R"(<script type="application/ld+json">{"articleBody":"unterminated)")).empty());
  EXPECT_TRUE(body_of(page_with(R"(<script type="application/ld+json">{"articleBody": 42}</script>)")).empty());
  EXPECT_TRUE(body_of(R"(<script type="application/ld+json">{"articleBody":"\u12)").empty());
  std::vector<Block> odd = body_of(
      page_with(R"(<script type="application/ld+json">{"articleBody":"bad \ud800 half and \u00zz end"}</script>)"));
  EXPECT_EQ(texts(odd), (std::vector<std::string>{"bad \xEF\xBF\xBD half and \xEF\xBF\xBD""00zz end"}));
}

// Links in an HTML body keep their targets, which join the page's own list
// after the links read from the page's elements.
TEST(ReadJsonLd, LinkTargetsJoinThePagesList) {
  std::string page = page_with(
      R"(<script type="application/ld+json">{"articleBody":"<p>See <a href=\"/report\">the report<\/a> now.<\/p>"}</script>)");
  Document doc;
  doc.urls = "/elsewhere";
  read_article_body(page, false, &doc);
  ASSERT_EQ(doc.article_body.size(), 1u);
  const Block& b = doc.article_body[0];
  ASSERT_EQ(b.inlines.size(), 1u);
  const Inline& link = b.inlines[0];
  EXPECT_EQ(link.kind, Inline::kLink);
  EXPECT_EQ(doc.urls.substr(link.url_begin, link.url_size), "/report");
  // A span runs from the end of the text before it (its tag included).
  EXPECT_EQ(page.substr(link.begin, link.end - link.begin), "<a href=\\\"/report\\\">the report");
}

// The body's blocks come after the kept title in the output but before it in
// the page: a run removed across both is recorded as one removal a stretch.
TEST(ReadJsonLd, RemovalAcrossTitleAndBodyKeepsPageOrder) {
  std::string body;
  for (const char* sentence :
       {"The council approved the dam plan on Tuesday after six hours of debate.",
        "Opponents said the reservoir would flood two villages and promised to go to court.",
        "The first works are due to start in the spring, the mayor's office said.",
        "Farmers downstream welcomed the vote, citing three dry summers in a row.",
        "The regional government must still sign off on the financing of the project."}) {
    body += std::string(sentence) + "\\n";
  }
  std::string page = "<html><head><script type=\"application/ld+json\">{\"articleBody\":\"" + body +
                     "\"}</script></head><body><h1>Dam plan approved</h1><p>Loading the story, please wait.</p></body></html>";
  RuleSet rules = testing::rules_from(R"(
- id: t.rest
  category: structure
  lang: en
  pattern: '^Dam plan approved$'
  action: remove-rest
  examples: {remove: ['Dam plan approved'], keep: ['b']}
)");
  internal::Scratch scratch;
  Result r = clean_document(rules, Options{}, Tuning{}, page, Format::kHtml, &scratch);
  EXPECT_EQ(r.text, "");
  std::size_t from_rule = 0;
  testing::expect_audit_faithful(page, r);
  for (const Removal& m : r.removals) from_rule += m.rule == "t.rest" ? 1 : 0;
  EXPECT_EQ(from_rule, 2u);  // the title in the body, the articleBody in the head
}

}  // namespace
}  // namespace normalize::internal

// Selectors: parsing (and its errors), every condition, the descendant
// combinator over real reader output, and a selector rule in the evaluator
// (including its guard against an element that holds most of the text).
#include <gtest/gtest.h>

#include "normalize/text/canonical.h"
#include "normalize/read/read.h"
#include "normalize/rules/selector.h"
#include "test_util.h"

namespace normalize::internal {
namespace {

// Which elements of `html` (by tag and first class) match `selector`.
std::vector<std::string> matching(std::string_view html, std::string_view selector) {
  CanonStats stats;
  Document doc = read_html(html, false, &stats);
  Selector sel;
  std::string error;
  EXPECT_TRUE(Selector::compile(selector, &sel, &error)) << error;
  std::vector<std::string> out;
  for (std::size_t e = 0; e < doc.elements.size(); ++e) {
    if (!sel.matches(doc.elements, static_cast<int>(e))) continue;
    std::string name = doc.elements[e].tag;
    for (const auto& [k, v] : doc.elements[e].attributes) {
      if (k != "class" && k != "id") continue;
      name += k == "id" ? '#' : '.';  // one append each: GCC 12 warns falsely on "x" + string (-Wrestrict)
      name += v.substr(0, v.find(' '));
    }
    out.push_back(name);
  }
  return out;
}

TEST(Selector, Conditions) {
  std::string page =
      "<div id=Main class='Post Entry'><p class=share-bar>a</p><p data-x='alpha beta'>b</p>"
      "<p lang=en-GB>c</p><p role=note>d</p></div>";
  EXPECT_EQ(matching(page, "#main"), (std::vector<std::string>{"div#main.post"}));
  EXPECT_EQ(matching(page, ".entry"), (std::vector<std::string>{"div#main.post"}));
  EXPECT_EQ(matching(page, ".ent"), std::vector<std::string>{});  // whole class words only
  EXPECT_EQ(matching(page, "[class*=share]"), (std::vector<std::string>{"p.share-bar"}));
  EXPECT_EQ(matching(page, "[class^=share]"), (std::vector<std::string>{"p.share-bar"}));
  EXPECT_EQ(matching(page, "[class$=bar]"), (std::vector<std::string>{"p.share-bar"}));
  EXPECT_EQ(matching(page, "[data-x~=beta]"), (std::vector<std::string>{"p"}));
  EXPECT_EQ(matching(page, "[data-x=beta]"), std::vector<std::string>{});
  EXPECT_EQ(matching(page, "[lang|=en]"), (std::vector<std::string>{"p"}));
  EXPECT_EQ(matching(page, "[role]"), (std::vector<std::string>{"p"}));
  EXPECT_EQ(matching(page, "p[role=\"note\"]"), (std::vector<std::string>{"p"}));
  EXPECT_EQ(matching(page, "DIV P.SHARE-BAR"), (std::vector<std::string>{"p.share-bar"}));
  EXPECT_EQ(matching(page, "article p"), std::vector<std::string>{});
  EXPECT_EQ(matching(page, "#nope, [role=note]"), (std::vector<std::string>{"p"}));
  // Lists mixing class words, other conditions and compound selectors.
  EXPECT_EQ(matching(page, ".zz, .entry, [class*=nope], .aa"), (std::vector<std::string>{"div#main.post"}));
  EXPECT_EQ(matching(page, ".zz, .en, [class*=are-b], p.share, #main"),
            (std::vector<std::string>{"div#main.post", "p.share-bar"}));
  EXPECT_EQ(matching(page, "p.post, [data-x~=alpha], [data-x], .entry"),
            (std::vector<std::string>{"div#main.post", "p"}));
}

TEST(Selector, DescendantSkipsLevels) {
  std::string page = "<section class=a><div><div class=b><div><p>x</p></div></div></div></section><p>y</p>";
  EXPECT_EQ(matching(page, ".a p"), (std::vector<std::string>{"p"}));
  EXPECT_EQ(matching(page, ".a .b p"), (std::vector<std::string>{"p"}));
  EXPECT_EQ(matching(page, ".b .a p"), std::vector<std::string>{});
  EXPECT_EQ(matching(page, "section * p"), (std::vector<std::string>{"p"}));
  EXPECT_EQ(matching(page, "p").size(), 2u);
}

TEST(Selector, ErrorsSayWhere) {
  Selector sel;
  std::string error;
  for (const char* bad : {"", "div >p", "[class", "[class*]", ".", "#", "a + b", "[x^=\"open]", "div,"}) {
    EXPECT_FALSE(Selector::compile(bad, &sel, &error)) << bad;
    EXPECT_NE(error.find("selector"), std::string::npos) << error;
  }
}

TEST(Selector, RuleRemovesBlocksInsideButNotTheBulkOfThePage) {
  RuleSet rules = testing::rules_from(R"(
- id: html.share-social.bar
  category: share-social
  lang: any
  selector: '.share'
  examples: {remove: ['x'], keep: ['y']})");
  Tuning t;
  t.detect_main_content = false;
  std::string small =
      "<div><p>The article runs long enough here, with commas, to be most of the page text.</p>"
      "<div class=share><p>Share this</p></div></div>";
  internal::Scratch scratch;
  Result r = clean_document(rules, Options{}, t, small, Format::kHtml, &scratch);
  EXPECT_EQ(r.text, "The article runs long enough here, with commas, to be most of the page text.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].rule, "html.share-social.bar");
  EXPECT_EQ(r.removals[0].text, "Share this");
  // An element holding most of the text is the article whatever its class.
  std::string wrapper = "<div class='post share'><p>The article runs long enough here, with commas.</p></div>";
  r = clean_document(rules, Options{}, t, wrapper, Format::kHtml, &scratch);
  EXPECT_TRUE(r.removals.empty());
  // Plain text has no elements: the rule never applies.
  r = clean_document(rules, Options{}, t, "Share this\n", Format::kText, &scratch);
  EXPECT_TRUE(r.removals.empty());
}

}  // namespace
}  // namespace normalize::internal

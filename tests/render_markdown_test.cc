// Canonical Markdown: what survives is written by cmark's CommonMark writer;
// cut blocks keep their remaining text; structure left empty goes; the output
// is idempotent and the audit exact.
#include <gtest/gtest.h>

#include <thread>

#include "test_util.h"

namespace normalize {
namespace {

using testing::expect_audit_faithful;
using testing::rules_from;

Result md(const internal::RuleSet& rules, std::string_view in) {
  Options o;
  o.to = Output::kMarkdown;
  internal::Scratch scratch;
  return internal::clean_document(rules, o, internal::Tuning{}, in, Format::kMarkdown, &scratch);
}

std::string rule(const std::string& id, const std::string& body) {
  return "- id: t.x." + id + "\n  category: x\n  lang: en\n" + body + "  examples: {remove: ['a'], keep: ['b']}\n";
}

TEST(RenderMarkdown, NoRulesIsCanonicalAndIdempotent) {
  auto none = rules_from("");
  std::string in = "Title\n===\n\n* a\n* b\n\nSome  *emph*  text\nwrapped here.\n";
  Result r = md(none, in);
  EXPECT_EQ(r.text, "# Title\n\n  - a\n  - b\n\nSome *emph* text wrapped here.\n");
  EXPECT_EQ(md(none, r.text).text, r.text);
}

TEST(RenderMarkdown, SpanCutKeepsTheRestOfTheBlock) {
  auto rules = rules_from(rule("dateline", "  pattern: '^[A-Z]+ \\(Reuters\\) - '\n  action: remove-span\n"));
  std::string in = "LONDON (Reuters) - The *bank* raised [rates](https://x.example).\n\nNext.\n";
  Result r = md(rules, in);
  EXPECT_EQ(r.text, "The *bank* raised [rates](https://x.example).\n\nNext.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].text, "LONDON (Reuters) -");
  expect_audit_faithful(in, r);
  EXPECT_EQ(md(rules, r.text).text, r.text);
}

TEST(RenderMarkdown, SpanCutsInsideAndAcrossInlines) {
  auto rules = rules_from(rule("cut", "  pattern: ' ?\\(AP\\)'\n  action: remove-span\n"));
  std::string in = "Rain **fell (AP) hard** and [the (AP) river](https://x.example) rose (AP).\n";
  Result r = md(rules, in);
  // A cut joins its neighbours with one space, as in plain text ("rose ."): the rule decides what goes.
  EXPECT_EQ(r.text, "Rain **fell hard** and [the river](https://x.example) rose .\n");
  expect_audit_faithful(in, r);
  EXPECT_EQ(md(rules, r.text).text, r.text);
}

TEST(RenderMarkdown, SpanCutThatEmptiesAnInlineDropsIt) {
  auto rules = rules_from(rule("cut", "  pattern: '^Disclaimer: '\n  action: remove-span\n"));
  std::string in = "**Disclaimer:** the *views* are mine.\n";
  Result r = md(rules, in);
  EXPECT_EQ(r.text, "the *views* are mine.\n");
  expect_audit_faithful(in, r);
}

TEST(RenderMarkdown, SpanCutBesideAnEntityKeepsFormatting) {
  auto rules = rules_from(rule("cut", "  pattern: ' ?\\(AP\\)'\n  action: remove-span\n"));
  std::string in = "AT&amp;T *fell* (AP) today.\n";
  Result r = md(rules, in);
  EXPECT_EQ(r.text, "AT\\&T *fell* today.\n");  // the entity's node is untouched, so it stays
  expect_audit_faithful(in, r);
  EXPECT_EQ(md(rules, r.text).text, r.text);
}

TEST(RenderMarkdown, SpanCutThroughAnEntityFallsBackToPlainText) {
  auto rules = rules_from(rule("cut", "  pattern: '^AT&T '\n  action: remove-span\n"));
  std::string in = "AT&amp;T *fell* today.\n";
  Result r = md(rules, in);
  EXPECT_EQ(r.text, "fell today.\n");  // a cut through a node that is no verbatim copy: plain text
  expect_audit_faithful(in, r);
  EXPECT_EQ(md(rules, r.text).text, r.text);
}

TEST(RenderMarkdown, DeadLinksBecomeTextAndEmptyContainersGo) {
  auto rules = rules_from(rule("share", "  pattern: '^(Facebook|Twitter)$'\n"));
  std::string in = "A [dead](#) and [empty]() link.\n\n> - Facebook\n> - Twitter\n\nEnd.\n";
  Result r = md(rules, in);
  EXPECT_EQ(r.text, "A dead and empty link.\n\nEnd.\n");
  expect_audit_faithful(in, r);
}

TEST(RenderMarkdown, EmptiedHeadingAndStrayBreaksAreAudited) {
  auto rules = rules_from(rule("tags", "  pattern: '^Tags:'\n"));
  std::string in = "Body.\n\n## Tags\n\nTags: a, b\n\n---\n";
  Result r = md(rules, in);
  EXPECT_EQ(r.text, "Body.\n");
  ASSERT_EQ(r.removals.size(), 3u);
  EXPECT_EQ(r.removals[0].rule, "any.structure.empty-section");
  EXPECT_EQ(r.removals[0].text, "## Tags");
  EXPECT_EQ(r.removals[2].rule, "any.structure.stray-break");
  expect_audit_faithful(in, r);
}

TEST(RenderMarkdown, ImageOnlyParagraphInsideARemovedSectionGoes) {
  auto rules = rules_from(rule("rel", "  kind: heading\n  pattern: '^Related$'\n  action: remove-section\n"));
  std::string in = "Body.\n\n## Related\n\n![](https://x.example/a.png)\n\n- [One](https://x.example/1)\n";
  Result r = md(rules, in);
  EXPECT_EQ(r.text, "Body.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  expect_audit_faithful(in, r);
}

TEST(RenderMarkdown, PlainTextToMarkdownIsEscaped) {
  Options o;
  o.to = Output::kMarkdown;
  internal::Scratch scratch;
  Result r = internal::clean_document(rules_from(""), o, internal::Tuning{}, "# not a heading\n\n1. not a list\n",
                                      Format::kText, &scratch);
  EXPECT_EQ(r.text, "\\# not a heading\n\n1\\. not a list\n");
}

TEST(RenderMarkdown, EmptyInputIsEmptyOutput) {
  auto none = rules_from("");
  EXPECT_EQ(md(none, "").text, "");
  EXPECT_EQ(md(none, "\n\n  \n").text, "");
  EXPECT_EQ(md(none, "[](#)\n").text, "");
}

TEST(RenderMarkdown, ToTextFromMarkdown) {
  Options o;  // to text
  std::string in = "# Head\n\n- one [link](https://x.example)\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n"
                   "```\ncode  here\n```\n";
  internal::Scratch scratch;
  Result r = internal::clean_document(rules_from(""), o, internal::Tuning{}, in, Format::kMarkdown, &scratch);
  EXPECT_EQ(r.text, "Head\n\none link\n\nquote\n\na | b\n\n1 | 2\n\ncode here\n");
}

// HTML read with its inline markup, written as Markdown (no main-content
// choice, so that short pages stay whole).
Result html_md(const internal::RuleSet& rules, std::string_view in) {
  Options o;
  o.to = Output::kMarkdown;
  internal::Tuning t;
  t.detect_main_content = false;
  internal::Scratch scratch;
  return internal::clean_document(rules, o, t, in, Format::kHtml, &scratch);
}

TEST(RenderMarkdown, HtmlSpansFollowCutsAcrossTheirEdges) {
  auto rules = rules_from(rule("cut", "  pattern: 'great story|two three|, y'\n  action: remove-span\n"));
  std::string in =
      "<p>Read <em>this great</em> story now.</p><p><a href='/u'>one two</a> three four.</p>"
      "<table><tr><td>w</td><td><b>x</b>,</td><td>y z</td></tr></table>";
  Result r = html_md(rules, in);
  EXPECT_EQ(r.text, "Read *this* now.\n\n[one](/u) four.\n\n| w | **x** | z |\n| --- | --- | --- |\n");
  expect_audit_faithful(in, r);
  EXPECT_EQ(md(rules_from(""), r.text).text, r.text);
}

TEST(RenderMarkdown, HtmlCodePiecesOfOnePreAreOneBlock) {
  Result r = html_md(rules_from(""), "<pre>one<br>  two</pre><pre>three</pre>");
  EXPECT_EQ(r.text, "    one\n      two\n\n<!-- -->\n\n    three\n");
  EXPECT_EQ(md(rules_from(""), r.text).text, r.text);
}

TEST(RenderMarkdown, OneEngineManyThreadsAgree) {
  Options o;
  o.to = Output::kMarkdown;
  o.default_rules = false;
  o.rule_packs = {{"t.yaml", rule("share", "  links_only: true\n  pattern: '^Share'\n")}};
  auto engine = Engine::create(o);
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  std::string doc;
  for (int i = 0; i < 200; ++i) {
    doc += "## Part " + std::to_string(i) + "\n\nText *with* [links](https://x.example/" + std::to_string(i) +
           ") and | pipes | \\* and &amp;.\n\nShare: [Twitter](#)\n\n- item\n  > quote\n\n";
  }
  const std::string want = engine->clean(doc, Format::kMarkdown).text;
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) got[t] = engine->clean(doc, Format::kAuto).text;
    });
  }
  for (auto& th : threads) th.join();
  for (const std::string& g : got) EXPECT_EQ(g, want);
}

}  // namespace
}  // namespace normalize

// The evaluator's semantics: actions, positions, keep-wins, detectors,
// passes to a fixpoint, regex errors kept as warnings, prefilter == naive.
#include <gtest/gtest.h>

#include "test_util.h"

namespace normalize {
namespace {

using testing::expect_audit_faithful;
using testing::rules_from;
using testing::run;

std::string rule(const std::string& id, const std::string& body) {
  return "- id: t.x." + id + "\n  category: x\n  lang: en\n" + body +
         "  examples: {remove: ['a'], keep: ['b']}\n";
}

TEST(Evaluate, RemoveBlock) {
  auto rules = rules_from(rule("share", "  pattern: '^Share this$'\n"));
  std::string in = "Body one.\n\nShare this\n\nBody two.\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "Body one.\n\nBody two.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].rule, "t.x.share");
  EXPECT_EQ(r.removals[0].action, "remove");
  EXPECT_EQ(r.removals[0].text, "Share this");
  EXPECT_EQ(r.removals[0].line, 3u);
  expect_audit_faithful(in, r);
}

TEST(Evaluate, RemoveRestIsOneRecordToTheEnd) {
  auto rules = rules_from(rule("reply", "  pattern: '(?i)^leave a reply$'\n  action: remove-rest\n"));
  std::string in = "Body.\n\nLeave a Reply\n\nName\n\nEmail\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "Body.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].action, "remove-rest");
  EXPECT_EQ(r.removals[0].text, "Leave a Reply\n\nName\n\nEmail");
  expect_audit_faithful(in, r);
}

TEST(Evaluate, RemoveBefore) {
  auto rules = rules_from(rule("skip", "  pattern: '^Skip to content$'\n  action: remove-before\n"));
  std::string in = "Home\n\nMenu\n\nSkip to content\n\nBody.\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "Body.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].text, "Home\n\nMenu\n\nSkip to content");
}

TEST(Evaluate, KeepWinsOverEveryRemoval) {
  auto rules = rules_from(rule("reply", "  pattern: '(?i)^leave a reply$'\n  action: remove-rest\n") +
                          rule("keep", "  pattern: 'Keep me'\n  action: keep\n") +
                          rule("span", "  pattern: ' me'\n  action: remove-span\n"));
  std::string in = "Body.\n\nLeave a Reply\n\nName\n\nKeep me\n\nEmail\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "Body.\n\nKeep me\n");
  ASSERT_EQ(r.removals.size(), 2u);  // the run is split around the kept block
  EXPECT_EQ(r.removals[0].text, "Leave a Reply\n\nName");
  EXPECT_EQ(r.removals[1].text, "Email");
  expect_audit_faithful(in, r);
}

TEST(Evaluate, RemoveSpanKeepsTheSentenceAround) {
  auto rules = rules_from(rule("credit", "  pattern: '\\s*Featured image via [^.]+$'\n  action: remove-span\n") +
                          rule("wire", "  pattern: '^(?:\\S+ ){1,3}Wire says\\s*'\n  action: remove-span\n"));
  std::string in = "21st Century Wire says The senator  spoke. Featured image via Jane Doe/Getty Images\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "The senator spoke.\n");
  ASSERT_EQ(r.removals.size(), 2u);
  EXPECT_EQ(r.removals[0].text, "21st Century Wire says");
  EXPECT_EQ(r.removals[1].text, "Featured image via Jane Doe/Getty Images");
  expect_audit_faithful(in, r);
}

TEST(Evaluate, RemoveSpanEveryOccurrence) {
  auto rules = rules_from(rule("pic", "  pattern: ' ?pic\\.twitter\\.com/\\w+'\n  action: remove-span\n"));
  std::string in = "One pic.twitter.com/abc two pic.twitter.com/def three\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "One two three\n");
  EXPECT_EQ(r.removals.size(), 2u);
  expect_audit_faithful(in, r);
}

TEST(Evaluate, HeadAndTailWindowsCountSurvivingBlocks) {
  // The promo is 3rd from the end; with window 1 it becomes the tail only
  // after the comment form below it is gone (second pass).
  auto rules = rules_from(rule("promo", "  pattern: '^My new book'\n  position: tail\n  window: 1\n") +
                          rule("reply", "  pattern: '^Leave a Reply$'\n  action: remove-rest\n"));
  std::string in = "Body.\n\nMy new book is out.\n\nLeave a Reply\n\nName\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "Body.\n");
  EXPECT_EQ(r.removals.size(), 2u);
  // And not when the promo line sits in the middle of the body.
  Result mid = run(rules, "Body.\n\nMy new book is out.\n\nMore body.\n");
  EXPECT_TRUE(mid.removals.empty());
}

TEST(Evaluate, WordBounds) {
  auto rules = rules_from(rule("by", "  pattern: '^By \\p{Lu}'\n  max_words: 4\n"));
  EXPECT_EQ(run(rules, "By Jane Doe\n").text, "");
  EXPECT_EQ(run(rules, "By Monday the whole committee had voted.\n").text,
            "By Monday the whole committee had voted.\n");
}

TEST(Evaluate, RepeatedParagraphAfterCanonicalisation) {
  auto rules = rules_from(
      "- id: t.x.dup\n  category: title-duplicate\n  lang: en\n  type: repeated-paragraph\n"
      "  examples: {remove: [\"a\\n\\na\"], keep: ['b']}\n");
  std::string in = "Talks on\xC2\xA0Syria\n\nTalks on Syria\n\nBody.\n\nBody.\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, "Talks on Syria\n\nBody.\n");
  ASSERT_EQ(r.removals.size(), 2u);
  EXPECT_EQ(r.removals[0].text, "Talks on Syria");
}

TEST(Evaluate, CaptionAboveCredit) {
  auto rules = rules_from(
      "- id: t.x.caption\n  category: caption-credit\n  lang: en\n  type: caption-credit\n"
      "  params: {credit: '^\\x{A9} .+ / \\w+$', caption_max_words: 6}\n"
      "  examples: {remove: ['a'], keep: ['b']}\n");
  Result r = run(rules, "Jane Doe\n\xC2\xA9 John Roe / Agency\nThe story begins here.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].text, "Jane Doe");
  // A long sentence above a credit is not a caption.
  EXPECT_TRUE(run(rules, "This sentence is far too long to be a caption here.\n\xC2\xA9 John Roe / Agency\n")
                  .removals.empty());
}

TEST(Evaluate, TailRun) {
  auto rules = rules_from(
      "- id: t.x.tail\n  category: x\n  lang: en\n  type: tail-run\n"
      "  params: {line: '(?i)^(blog at|get started|up \\x{2191})', max_words: 4, min_run: 2}\n"
      "  examples: {remove: ['a'], keep: ['b']}\n");
  Result r = run(rules, "Body.\n\nBlog at\n\nUp \xE2\x86\x91\n\nGet started\n");
  EXPECT_EQ(r.text, "Body.\n");
  EXPECT_EQ(r.removals.size(), 3u);
  EXPECT_TRUE(run(rules, "Body.\n\nGet started\n").removals.empty());  // run too short
}

TEST(Evaluate, CatastrophicRegexIsAWarningAndTheTextIsKept) {
  // The look-ahead keeps the prefilters from ruling the text out (Hyperscan
  // drops it), so Boost runs and hits its complexity limit.
  auto rules = rules_from(rule("bad", "  pattern: '(a*)*(b|c)*(?=\\d)X'\n"));
  std::string in(3000, 'a');
  in += "X\n";
  Result r = run(rules, in);
  EXPECT_EQ(r.text, in);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].code, "regex-error");
  EXPECT_NE(r.warnings[0].message.find("t.x.bad"), std::string::npos);
}

TEST(Evaluate, PrefilterAgreesWithNaive) {
  auto rules = testing::default_rules();
  std::string in = testing::read_file(std::string(NORMALIZE_SOURCE_DIR) + "/fixtures/text/seeds/003.txt");
  internal::Tuning naive;
  naive.use_prefilter = false;
  Result fast = run(rules, in), slow = run(rules, in, naive);
  EXPECT_EQ(fast.text, slow.text);
  ASSERT_EQ(fast.removals.size(), slow.removals.size());
  for (std::size_t i = 0; i < fast.removals.size(); ++i) {
    EXPECT_EQ(fast.removals[i].rule, slow.removals[i].rule);
    EXPECT_EQ(fast.removals[i].start, slow.removals[i].start);
  }
}

TEST(Needles, DerivedFromRequiredLiterals) {
  using internal::derive_needles;
  EXPECT_EQ(derive_needles("(?i)^leave a (reply|comment)$"), std::vector<std::string>{"leave a "});
  EXPECT_EQ(derive_needles("^(?:Share this|Tweet it)$"), (std::vector<std::string>{"share this", "tweet it"}));
  EXPECT_EQ(derive_needles("Featured image via"), std::vector<std::string>{"featured image via"});
  EXPECT_EQ(derive_needles("colou?r scheme"), std::vector<std::string>{"r scheme"});
  EXPECT_TRUE(derive_needles("^(?:Share|X)$").empty());  // one branch too short
  EXPECT_TRUE(derive_needles("^\\w+$").empty());
  EXPECT_EQ(derive_needles("\\(Photo by [^)]+/Getty Images\\)"), std::vector<std::string>{"/getty images)"});
}


// ---- Markdown facts: kinds, link facts, sections, code ----------------------

Result run_md(const internal::RuleSet& rules, std::string_view in) {
  internal::Scratch scratch;
  return internal::clean_document(rules, Options{}, internal::Tuning{}, in, Format::kMarkdown, &scratch);
}

TEST(Evaluate, KindRestrictsTheBlocksARuleSees) {
  auto rules = rules_from(rule("share", "  kind: [heading, list-item]\n  pattern: '^Share$'\n"));
  std::string in = "# Share\n\nShare\n\n- Share\n\n> Share\n";
  Result r = run_md(rules, in);
  EXPECT_EQ(r.text, "Share\n\nShare\n");
  ASSERT_EQ(r.removals.size(), 2u);
  EXPECT_EQ(r.removals[0].text, "# Share");
  EXPECT_EQ(r.removals[1].text, "- Share");
  expect_audit_faithful(in, r);
}

TEST(Evaluate, LinksOnlyAndLinkDensity) {
  auto rules = rules_from(rule("only", "  pattern: '^Tags:'\n  links_only: true\n") +
                          rule("dense", "  pattern: '^See'\n  min_link_density: 0.6\n"));
  std::string in = "Tags: [a](/a), [b](/b)\n\nTags: the [a](/a) story.\n\nSee [the full list](/l)\n\nSee the [list](/l) below.\n";
  Result r = run_md(rules, in);
  EXPECT_EQ(r.text, "Tags: the a story.\n\nSee the list below.\n");
  ASSERT_EQ(r.removals.size(), 2u);
  EXPECT_EQ(r.removals[0].rule, "t.x.only");
  EXPECT_EQ(r.removals[1].rule, "t.x.dense");
  expect_audit_faithful(in, r);
}

TEST(Evaluate, RemoveSectionRunsToTheNextHeadingOfTheSameOrHigherLevel) {
  auto rules = rules_from(rule("about", "  kind: heading\n  pattern: '(?i)^about the author$'\n  action: remove-section\n"));
  std::string in = "# T\n\nBody.\n\n## About the author\n\nBio.\n\n### Books\n\nOne.\n\n## Notes\n\nKept.\n";
  Result r = run_md(rules, in);
  EXPECT_EQ(r.text, "T\n\nBody.\n\nNotes\n\nKept.\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].action, "remove-section");
  EXPECT_EQ(r.removals[0].text, "## About the author\n\nBio.\n\n### Books\n\nOne.");
  expect_audit_faithful(in, r);
}

TEST(Evaluate, KeepInsideASectionSplitsIt) {
  auto rules = rules_from(rule("rel", "  kind: heading\n  pattern: '^Related$'\n  action: remove-section\n") +
                          rule("keep", "  pattern: '^Keep me$'\n  action: keep\n"));
  std::string in = "Body.\n\n## Related\n\nA.\n\nKeep me\n\nB.\n";
  Result r = run_md(rules, in);
  EXPECT_EQ(r.text, "Body.\n\nKeep me\n");
  ASSERT_EQ(r.removals.size(), 2u);
  EXPECT_EQ(r.removals[0].text, "## Related\n\nA.");
  EXPECT_EQ(r.removals[1].text, "B.");
}

TEST(Evaluate, CodeBlocksAreNeverTouched) {
  auto rules = rules_from(rule("share", "  pattern: 'Share'\n") + rule("all", "  pattern: 'x'\n  action: remove-rest\n"));
  std::string in = "```\nShare x\n```\n";
  Result r = run_md(rules, in);
  EXPECT_TRUE(r.removals.empty());
  EXPECT_EQ(r.text, "Share x\n");
}

TEST(Evaluate, MarkdownFactsOnPlainTextMatchNothing) {
  auto rules = rules_from(rule("h", "  kind: heading\n  pattern: 'Share'\n") +
                          rule("l", "  links_only: true\n  pattern: 'Share'\n"));
  Result r = run(rules, "# Share\n\nShare\n");
  EXPECT_TRUE(r.removals.empty());
}


TEST(Evaluate, SpanCutsNeverEnterInlineCode) {
  auto rules = rules_from(rule("the", "  pattern: '\\bthe '\n  action: remove-span\n"));
  std::string in = "Use the flag `--the x` in the shell.\n";
  Result r = run_md(rules, in);
  EXPECT_EQ(r.text, "Use flag --the x in shell.\n");
  ASSERT_EQ(r.removals.size(), 2u);
  expect_audit_faithful(in, r);
}

}  // namespace
}  // namespace normalize

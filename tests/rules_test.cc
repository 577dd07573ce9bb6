// Rule loading: every message in fixtures/bad-rules/ byte for byte, detector
// parameter checks, and the default pack's own health.
#include <gtest/gtest.h>

#include <filesystem>

#include "normalize/normalize.h"
#include "test_util.h"

namespace normalize {
namespace {

namespace fs = std::filesystem;

TEST(RuleLoader, BadRuleMessages) {
  fs::path dir = fs::path(NORMALIZE_SOURCE_DIR) / "fixtures" / "bad-rules";
  int checked = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".yaml") continue;
    std::string expected = testing::read_file(fs::path(e.path()).replace_extension(".expected").string());
    ASSERT_FALSE(expected.empty()) << e.path() << " has no .expected";
    internal::RuleLoader loader;
    Status s = loader.load_text(e.path().filename().string(), testing::read_file(e.path().string()));
    EXPECT_EQ(s.code(), StatusCode::kBadRule) << e.path();
    EXPECT_EQ(s.message() + "\n", expected) << e.path();
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

Status load(const std::string& yaml) {
  internal::RuleLoader loader;
  return loader.load_text("t.yaml", yaml);
}

TEST(RuleLoader, DetectorParameters) {
  const std::string head = "- id: t.x.y\n  category: x\n  lang: en\n";
  const std::string ex = "  examples: {remove: ['a'], keep: ['b']}\n";
  EXPECT_TRUE(load(head + "  type: tail-run\n  params: {line: '^x$', max_words: 3, min_run: 2}\n" + ex).ok());
  EXPECT_EQ(load(head + "  type: tail-run\n" + ex).message(),
            "t.yaml:1:3: error: rule t.x.y: tail-run needs params.line");
  EXPECT_EQ(load(head + "  type: caption-credit\n  params: {credit: '(', caption_max_words: 3}\n" + ex).message(),
            "t.yaml:5:20: error: rule t.x.y: bad regex: Unmatched marking parenthesis ( or \\( at offset 1");
  EXPECT_EQ(load(head + "  type: repeated-paragraph\n  pattern: 'x'\n" + ex).message(),
            "t.yaml:5:12: error: rule t.x.y: 'pattern' is only for type regex");
  EXPECT_EQ(load(head + "  pattern: 'x'\n  params: {a: 1}\n" + ex).message(),
            "t.yaml:5:11: error: rule t.x.y: 'params' is only for detector types");
  EXPECT_EQ(load(head + "  pattern: 'x'\n  needles: ['Share']\n" + ex).message(),
            "t.yaml:5:13: error: rule t.x.y: needle 'Share' must be non-empty, without upper-case letters");
  EXPECT_EQ(load("- id: Bad Id\n  category: x\n  lang: en\n  pattern: x\n" + ex).message(),
            "t.yaml:1:7: error: bad rule id 'Bad Id' (dotted lowercase, e.g. en.byline.by-name)");
  EXPECT_EQ(load("id: x\n").message(), "t.yaml:1:1: error: unknown key 'id' in a rule file");
  EXPECT_TRUE(load("").ok());
}

TEST(RuleLoader, FragmentsAreSeenInTheirOwnFolder) {
  internal::RuleLoader loader;
  ASSERT_TRUE(loader.load_text("xx/_f.yaml", "fragments:\n  NAME: '\\p{Lu}\\p{Ll}+'\n  FULL: '{{NAME}} {{NAME}}'\n",
                               "xx/_f.yaml").ok());
  const std::string rule = "- id: xx.byline.by\n  category: byline\n  lang: xx\n  pattern: '^By {{FULL}}$'\n"
                           "  examples: {remove: ['By Jane Doe'], keep: ['By 2030 the city will grow.']}\n";
  Status s = loader.load_text("xx/byline.yaml", rule, "xx/byline.yaml");
  ASSERT_TRUE(s.ok()) << s.message();
  internal::RuleSet rules(loader.take());
  EXPECT_EQ(rules.rules()[0]->pattern, "^By (?:(?:\\p{Lu}\\p{Ll}+) (?:\\p{Lu}\\p{Ll}+))$");
  EXPECT_EQ(testing::run(rules, "By Jane Doe\n").text, "");
  // Another folder, or a file outside any pack, does not see them; a folder
  // may define a fragment of the same name for itself.
  EXPECT_EQ(loader.load_text("yy/byline.yaml", "- id: yy.byline.by\n  category: byline\n  lang: yy\n  pattern: '{{FULL}}'\n"
                             "  examples: {remove: [a], keep: [b]}\n", "yy/byline.yaml").message(),
            "yy/byline.yaml:4:12: error: unknown fragment '{{FULL}}'");
  EXPECT_FALSE(loader.load_text("mine.yaml", "- id: t.x.y\n  category: x\n  lang: en\n  pattern: '{{FULL}}'\n"
                                "  examples: {remove: [a], keep: [b]}\n").ok());
  EXPECT_TRUE(loader.load_text("yy/_f.yaml", "fragments:\n  NAME: 'x'\n", "yy/_f.yaml").ok());
}

TEST(RuleLoader, IdsFollowThePackLayout) {
  internal::RuleLoader loader;
  const std::string ex = "  pattern: x\n  examples: {remove: [x], keep: [b]}\n";
  EXPECT_TRUE(loader.load_text("en/byline.yaml", "- id: en.byline.a\n  category: byline\n  lang: en\n" + ex,
                               "en/byline.yaml").ok());
  EXPECT_EQ(loader.load_text("en/byline.yaml", "- id: en.bylines.b\n  category: byline\n  lang: en\n" + ex,
                             "en/byline.yaml").message(),
            "en/byline.yaml:1:7: error: rule en.bylines.b: in en/byline.yaml ids read en.byline.NAME and the "
            "category is 'byline'");
  EXPECT_FALSE(loader.load_text("en/byline.yaml", "- id: en.byline.c\n  category: share\n  lang: en\n" + ex,
                                "en/byline.yaml").ok());
  EXPECT_FALSE(loader.load_text("en/_f.yaml", "- id: en._f.d\n  category: _f\n  lang: en\n" + ex,
                                "en/_f.yaml").ok());
  // A file outside a pack names its rules freely.
  EXPECT_TRUE(loader.load_text("mine.yaml", "- id: my.own.rule\n  category: other\n  lang: en\n" + ex).ok());
}

TEST(RuleLoader, FragmentErrors) {
  EXPECT_EQ(load("fragments:\n  A: 'x{{B}}'\n  B: 'y{{A}}'\nrules:\n  - id: t.x.y\n    category: x\n    lang: en\n"
                 "    pattern: '{{A}}'\n    examples: {remove: [a], keep: [b]}\n").message(),
            "t.yaml:8:14: error: fragments nest more than 16 deep (a cycle?)");
  EXPECT_EQ(load("fragments:\n  lower: 'x'\n").message(),
            "t.yaml:2:3: error: fragment name 'lower' must be upper-case letters, digits and _");
}

TEST(RuleLoader, CaseInsensitiveRegexFoldsUnicode) {
  auto rules = testing::rules_from(
      "- id: t.x.y\n  category: x\n  lang: en\n  pattern: '(?i)^(?:été|straße)$'\n"
      "  examples: {remove: ['a'], keep: ['b']}\n");
  EXPECT_EQ(testing::run(rules, "ÉTÉ\n").text, "");
  EXPECT_EQ(testing::run(rules, "STRASSE\n").text, "");
  EXPECT_EQ(testing::run(rules, "Straße\n").text, "");
  EXPECT_EQ(testing::run(rules, "Strasser\n").text, "Strasser\n");
}

TEST(Engine, DefaultPackLoadsAndCoversTheCategories) {
  auto engine = Engine::create(Options{});
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  auto rules = engine->rules();
  EXPECT_GE(rules.size(), 80u);
  std::set<std::string> categories;
  for (const auto& r : rules) categories.insert(r.category);
  for (const char* c : {"comment-widget", "subscription", "byline", "dateline-meta", "disclaimer-legal",
                        "caption-credit", "share-social", "author-promo", "related-links", "navigation",
                        "cookie-notice", "source-attribution", "title-duplicate"}) {
    EXPECT_TRUE(categories.count(c)) << "no rule of category " << c;
  }
}

TEST(Engine, DisableByIdOrCategory) {
  Options o;
  o.disabled = {"comment-widget"};
  auto engine = Engine::create(o);
  ASSERT_TRUE(engine.ok());
  for (const auto& r : engine->rules()) EXPECT_NE(r.category, "comment-widget");
  o.disabled = {"no.such.rule"};
  auto bad = Engine::create(o);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(Engine, RuleExamplesPass) {
  auto engine = Engine::create(Options{});
  ASSERT_TRUE(engine.ok());
  for (const auto& f : engine->test_rules()) ADD_FAILURE() << f.where << ": " << f.rule << ": " << f.message;
}

TEST(Engine, RuleTestCatchesABadExample) {
  Options o;
  o.default_rules = false;
  o.rule_packs.push_back({"p.yaml",
                          "- id: t.x.y\n  category: x\n  lang: en\n  pattern: '^Share$'\n"
                          "  examples: {remove: ['Tweet'], keep: ['Share']}\n"});
  auto engine = Engine::create(o);
  ASSERT_TRUE(engine.ok());
  auto failures = engine->test_rules();
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0].where, "p.yaml:5:23");
  EXPECT_EQ(failures[0].message, "remove example not removed: \"Tweet\"");
  EXPECT_EQ(failures[1].message, "keep example cut by t.x.y (\"Share\"): \"Share\"");
}

}  // namespace
}  // namespace normalize

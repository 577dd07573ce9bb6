// The public header alone: the example at the top of normalize.h, moving an
// Engine, sharing one across threads.
#include "normalize/normalize.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <thread>

namespace {

TEST(Api, HeaderExample) {
  normalize::Options options;
  auto engine = normalize::Engine::create(options);
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  normalize::Result r = engine->clean("An article.\n\nLeave a Reply\n\nName\n", normalize::Format::kText);
  EXPECT_EQ(r.text, "An article.\n");
  ASSERT_FALSE(r.removals.empty());
  EXPECT_EQ(r.removals[0].category, "comment-widget");
}

TEST(Api, BadPackIsAStatusNotAnException) {
  normalize::Options options;
  options.rule_packs.push_back({"x.yaml", "- {id: 1"});
  auto engine = normalize::Engine::create(options);
  EXPECT_FALSE(engine.ok());
  EXPECT_EQ(engine.status().code(), normalize::StatusCode::kBadRule);
  options.rule_packs.clear();
  options.rule_paths.push_back("/no/such/rules.yaml");
  EXPECT_EQ(normalize::Engine::create(options).status().code(), normalize::StatusCode::kIoError);
}

TEST(Api, OneEngineManyThreads) {
  auto made = normalize::Engine::create(normalize::Options{});
  ASSERT_TRUE(made.ok());
  normalize::Engine engine = std::move(made).value();
  const std::string doc = "Title\n\nTitle\n\nBody text here.\n\nLeave a Reply\n\nName\n";
  const std::string expected = engine.clean(doc, normalize::Format::kText).text;
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) ok[t] += engine.clean(doc, normalize::Format::kText).text == expected;
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) EXPECT_EQ(v, 200);
}

// The main-content choice and structure pruning are listed rules like any
// other: named by `rules()`, and each part can be disabled.
TEST(Api, MainContentPartsAreRulesThatCanBeDisabled) {
  const std::string page =
      "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Budget passes</h1>"
      "<p>The council approved the new budget on Tuesday, after a debate that lasted most of the afternoon.</p>"
      "<p hidden>Thanks for signing up to the morning briefing.</p></article></body></html>";
  auto made = normalize::Engine::create(normalize::Options{});
  ASSERT_TRUE(made.ok());
  std::vector<std::string> ids;
  for (const normalize::RuleInfo& r : made->rules()) ids.push_back(r.id);
  for (const char* id : {"html.structure.main-content", "html.structure.hidden", "html.structure.link-block",
                         "html.structure.empty-section", "html.caption-credit.figcaption", "any.structure.stray-break",
                         "any.structure.empty-section"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  normalize::Result all = made->clean(page, normalize::Format::kHtml);
  EXPECT_EQ(all.text.find("Home"), std::string::npos) << all.text;
  EXPECT_EQ(all.text.find("briefing"), std::string::npos) << all.text;

  normalize::Options no_hidden;
  no_hidden.disabled = {"html.structure.hidden"};
  normalize::Result hidden = normalize::Engine::create(no_hidden)->clean(page, normalize::Format::kHtml);
  EXPECT_NE(hidden.text.find("briefing"), std::string::npos) << hidden.text;
  EXPECT_EQ(hidden.text.find("Home"), std::string::npos) << hidden.text;

  normalize::Options no_choice;
  no_choice.disabled = {"html.structure.main-content"};
  normalize::Result kept = normalize::Engine::create(no_choice)->clean(page, normalize::Format::kHtml);
  // The navigation still goes, as a line of links (another part), not as
  // outside the article.
  ASSERT_FALSE(kept.removals.empty());
  for (const normalize::Removal& r : kept.removals) EXPECT_NE(r.rule, "html.structure.main-content");
}

}  // namespace

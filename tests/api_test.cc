// The public header alone: the example at the top of normalize.h, moving an
// Engine, sharing one across threads.
#include "normalize/normalize.h"

#include <gtest/gtest.h>

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

}  // namespace

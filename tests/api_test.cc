// The public header alone: the example at the top of normalize.h, moving an
// Engine, sharing one across threads, each thread's Scratch.
#include "normalize/normalize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

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

// ---- Scratch -----------------------------------------------------------------

// Documents that take every path a Scratch serves: needle scans and
// Hyperscan (short and long blocks), regex searches with spans cut, whole
// blocks removed, HTML pages (selectors, main content), Markdown; a long
// one between short ones, so that buffers grown for it serve smaller ones.
std::vector<std::pair<std::string, normalize::Format>> scratch_documents() {
  std::string long_text;
  for (int i = 0; i < 300; ++i) {
    long_text += "Paragraph " + std::to_string(i) + " of the council's budget report, read on Tuesday.\n\n";
    if (i % 50 == 0) long_text += "Share this:\n\nPhoto: Jane Doe/Reuters\n\n";
  }
  long_text += "Leave a Reply\n\nName\n";
  return {
      {"An article.\n\nLeave a Reply\n\nName\n", normalize::Format::kText},
      {long_text, normalize::Format::kText},
      {"Title\n\nTitle\n\nBody text here. Photo: AP\n\nSubscribe to our newsletter\n", normalize::Format::kText},
      {"# Heading\n\nSome *text* with [a link](https://example.com).\n\nShare this:\n\n- Twitter\n- Facebook\n",
       normalize::Format::kMarkdown},
      {"<html><head><title>A page | Site</title></head><body><nav><a href=/>Home</a></nav><article><h1>A page</h1>"
       "<p>The article runs long enough here, with commas, to be the main content of the page.</p>"
       "<p>Another paragraph, of the same article, that keeps going for a while.</p>"
       "<div class=share><p>Share this</p></div></article><footer>Copyright 2024</footer></body></html>",
       normalize::Format::kHtml},
      {"Der Stadtrat hat am Dienstag den Haushalt beschlossen.\n\nDiesen Artikel teilen\n", normalize::Format::kText},
      {"Short.\n", normalize::Format::kText},
  };
}

// Everything a Result says, to compare two.
std::string describe(const normalize::Result& r) {
  std::string out = r.text + "\n--lang " + r.lang + "\n";
  for (const auto& x : r.removals) out += normalize::audit_json(x, "", r.lang) + "\n";
  for (const auto& w : r.warnings) out += w.code + " " + std::to_string(w.offset) + " " + w.message + "\n";
  return out;
}

TEST(Api, AScratchChangesNoResult) {
  auto engine = normalize::Engine::create(normalize::Options{});
  ASSERT_TRUE(engine.ok());
  const auto docs = scratch_documents();
  std::vector<std::string> expected;
  for (const auto& [doc, format] : docs) {
    normalize::Scratch fresh = engine->make_scratch();
    expected.push_back(describe(engine->clean(doc, format, fresh)));
  }
  // The thread's own scratch, and one scratch reused over every document
  // three times, in order and backwards: what one document left in it
  // changes nothing for the next.
  normalize::Scratch scratch = engine->make_scratch();
  for (int round = 0; round < 3; ++round) {
    for (std::size_t k = 0; k < docs.size(); ++k) {
      std::size_t i = round == 1 ? docs.size() - 1 - k : k;
      EXPECT_EQ(describe(engine->clean(docs[i].first, docs[i].second)), expected[i]) << "document " << i;
      EXPECT_EQ(describe(engine->clean(docs[i].first, docs[i].second, scratch)), expected[i]) << "document " << i;
    }
  }
  // A moved scratch goes on; a moved-from one is made afresh.
  normalize::Scratch moved = std::move(scratch);
  EXPECT_EQ(describe(engine->clean(docs[1].first, docs[1].second, moved)), expected[1]);
  EXPECT_EQ(describe(engine->clean(docs[1].first, docs[1].second, scratch)), expected[1]);  // NOLINT: use after move
}

// Each thread with its own scratch, all over the same documents in different
// orders, gets what one thread gets: nothing of a scratch is shared.
TEST(Api, ThreadsWithTheirOwnScratchAgree) {
  auto made = normalize::Engine::create(normalize::Options{});
  ASSERT_TRUE(made.ok());
  const normalize::Engine engine = std::move(made).value();
  const auto docs = scratch_documents();
  std::vector<std::string> expected;
  for (const auto& [doc, format] : docs) expected.push_back(describe(engine.clean(doc, format)));
  constexpr int kThreads = 4, kRounds = 20;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      normalize::Scratch scratch = engine.make_scratch();
      for (int round = 0; round < kRounds; ++round) {
        for (std::size_t k = 0; k < docs.size(); ++k) {
          std::size_t i = (k * (t + 1) + round) % docs.size();  // a different order on each thread
          wrong[t] += describe(engine.clean(docs[i].first, docs[i].second, scratch)) != expected[i];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

}  // namespace

// The block model: reading model files, the feature rows, and its turn in the
// decide stage (judge_blocks) with hand-written trees, so that each test
// knows exactly what the model will say.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "normalize/decide/block_features.h"
#include "normalize/decide/decide.h"
#include "normalize/read/read.h"
#include "normalize/render/render.h"
#include "test_util.h"

namespace normalize::internal {
namespace {

constexpr std::string_view kCues = "cue subscription subscrib* newsletter\ncue share share*\n";

CueLexicon cues() { return parse_cues(kCues, "cues").value(); }

std::size_t feature(const std::string& name) {
  auto names = block_feature_names(cues());
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

// A model whose boilerplate tree says 0.95 when `name` >= `at`, else 0.05,
// and whose category tree picks "subscription" over "share" when cue_share is 0.
std::string model_text(const std::string& name, float at, float threshold = 0.9f) {
  std::string text = "normalize-block-model 1\n" + std::string(kCues) + "features";
  for (const std::string& n : block_feature_names(cues())) text += " " + n;
  char buf[256];
  std::snprintf(buf, sizeof buf, "\nthreshold %.2f\ncategories subscription share\n", threshold);
  text += buf;
  std::snprintf(buf, sizeof buf, "boilerplate 1 1\ntree 3\ns %zu %g 1 2\nl -2.944\nl 2.944\n", feature(name), at);
  text += buf;
  // Two classes, one tree each: subscription's margin 1 without share cues,
  // share's margin 1 with them.
  std::snprintf(buf, sizeof buf, "category 2 2\ntree 3\ns %zu 0.5 1 2\nl 1\nl 0\ntree 3\ns %zu 0.5 1 2\nl 0\nl 1\n",
                feature("cue_share"), feature("cue_share"));
  return text + buf;
}

BlockModel model(const std::string& name, float at) {
  StatusOr<BlockModel> m = parse_block_model(model_text(name, at), "test.model");
  EXPECT_TRUE(m.ok()) << m.status().message();
  return std::move(m).value();
}

TEST(BlockModel, ReadsTreesAndScoresRows) {
  BlockModel m = model("cue_subscription", 0.5f);
  std::vector<float> row(m.features.size(), 0.0f);
  EXPECT_NEAR(m.score(row.data()), 0.05f, 0.001f);
  row[feature("cue_subscription")] = 1;
  EXPECT_NEAR(m.score(row.data()), 0.95f, 0.001f);
  EXPECT_EQ(m.categories[m.category_of(row.data())], "subscription");
  row[feature("cue_share")] = 2;
  EXPECT_EQ(m.categories[m.category_of(row.data())], "share");
  EXPECT_EQ(m.ids[1], "model.share");
}

TEST(BlockModel, BadFilesNameTheLine) {
  auto error = [](const std::string& text) { return parse_block_model(text, "m.model").status().message(); };
  EXPECT_EQ(error("a model\n"), "m.model:1: error: not a block model (expected: normalize-block-model 1)");
  const std::string good = model_text("words", 3);
  EXPECT_TRUE(parse_block_model(good, "m.model").ok());
  // A child that points back at its parent would loop forever.
  std::string loop = good;
  loop.replace(loop.find(" 1 2\nl -2.944"), 4, " 0 2");
  EXPECT_NE(error(loop).find("do not fit"), std::string::npos) << error(loop);
  std::string cut = good.substr(0, good.find("tree 3\ns"));
  EXPECT_NE(error(cut + "tree 3\nl 1\n").find("the tree ends early"), std::string::npos);
  // A node count no file could hold is refused before anything is allocated for it.
  EXPECT_NE(error(cut + "tree 999999999999999\nl 1\n").find("the tree ends early"), std::string::npos);
  EXPECT_NE(error(good + "bogus 1\n").find(":" + std::to_string(std::count(good.begin(), good.end(), '\n') + 1) +
                                              ": error: unknown line \"bogus\""),
            std::string::npos)
      << error(good + "bogus 1\n");
  std::string low = good;
  low.replace(low.find("threshold 0.90"), 14, "threshold 0.40");
  EXPECT_NE(error(low).find("threshold"), std::string::npos);
}

TEST(BlockModel, CuesMatchWordsAndPrefixes) {
  CueLexicon c = cues();
  EXPECT_EQ(c.classes("newsletter"), 1u);
  EXPECT_EQ(c.classes("subscribers"), 1u);
  EXPECT_EQ(c.classes("subscri"), 0u);
  EXPECT_EQ(c.classes("shared"), 2u);  // a shorter prefix tried first does not spoil the longer
  EXPECT_EQ(c.classes("newsletters"), 0u);  // a whole word, not a prefix
}

Document text_doc(const std::string& in) {
  CanonStats stats;
  return read_text(in, false, &stats);
}

BlockList all_blocks(const Document& d) {
  BlockList kept;
  for (const Block& b : d.blocks) kept.push_back(&b);
  return kept;
}

TEST(BlockFeatures, PositionShapeCuesAndCopies) {
  const Document d = text_doc(
      "Photo: Jo Example\n\nThe council met on Tuesday and agreed, after a long debate, to close the old bridge to "
      "cars from the first of May while repairs go on.\n\nPhoto: Jo Example\n\nSubscribe to our newsletter "
      "for more\n");
  const std::vector<float> rows = block_features(all_blocks(d), cues());
  const std::size_t w = block_feature_names(cues()).size();
  ASSERT_EQ(rows.size(), 4 * w);
  auto at = [&](std::size_t block, const std::string& name) { return rows[block * w + feature(name)]; };
  EXPECT_EQ(at(0, "index"), 0);
  EXPECT_EQ(at(3, "from_end"), 0);
  EXPECT_EQ(at(1, "ends_sentence"), 1);
  EXPECT_EQ(at(3, "ends_sentence"), 0);
  EXPECT_EQ(at(0, "copies"), 2);
  EXPECT_EQ(at(3, "copies"), 1);
  EXPECT_EQ(at(3, "cue_subscription"), 2);  // subscribe, newsletter
  EXPECT_EQ(at(3, "first_subscription"), 1);
  EXPECT_EQ(at(3, "you_ratio"), 0);
  EXPECT_EQ(at(3, "we_ratio"), 1.0f / 6);
  EXPECT_EQ(at(2, "prev_body"), 1);
  EXPECT_EQ(at(2, "prev_words"), at(1, "words"));
  EXPECT_EQ(at(0, "prev_words"), -1);
  EXPECT_EQ(at(2, "body_before"), 1);
  EXPECT_EQ(at(0, "body_after"), 1);
  EXPECT_EQ(at(3, "run_length"), 2);
  EXPECT_EQ(at(3, "run_index"), 1);
  EXPECT_EQ(at(1, "run_length"), 0);
}

TEST(BlockFeatures, BodyInTheMiddleIsNeverJudged) {
  const std::string body =
      "The council met on Tuesday and agreed, after a long debate, to close the old bridge to cars from May.\n\n";
  const Document d = text_doc("Short head\n\n" + body + body + body + body + "Short tail\n");
  const std::vector<float> rows = block_features(all_blocks(d), cues());
  const std::size_t w = rows.size() / d.blocks.size();
  EXPECT_TRUE(model_may_judge(&rows[0]));
  for (std::size_t i = 1; i <= 3; ++i) EXPECT_FALSE(model_may_judge(&rows[i * w])) << i;
  // The last body-like block may be an author's bio or a disclaimer.
  EXPECT_TRUE(model_may_judge(&rows[4 * w]));
  EXPECT_TRUE(model_may_judge(&rows[5 * w]));
  const Document lone = text_doc("Subscribe to our newsletter\n");
  EXPECT_FALSE(model_may_judge(block_features(all_blocks(lone), cues()).data()));
}

// Sixty-odd words without a cue: enough text for the model to judge by.
const std::string kBody =
    "The harbour board met on Tuesday evening and agreed, after a debate that ran past midnight, to rebuild the "
    "old stone pier before the autumn storms. Fishing crews had asked for the work for years. The engineers expect "
    "the job to take four months, and the ferry will call at the north quay while the pier is closed to boats "
    "and walkers alike.";

TEST(JudgeBlocks, RemovesWhatItScoresWithCategoryAndScore) {
  const std::string in = "A short title\n\n" + kBody + "\n\nSubscribe to our newsletter\n\nShare this story\n";
  const Document d = text_doc(in);
  const BlockModel m = model("cue_total", 0.5f);
  Decisions decisions = Decisions::keep_all(d);
  ASSERT_TRUE(judge_blocks(m, &decisions));
  EXPECT_EQ(render_text(decisions), "A short title\n\n" + kBody + "\n");
  ASSERT_EQ(decisions.cuts.size(), 2u);
  EXPECT_EQ(decisions.cuts[0].rule, "model.subscription");
  EXPECT_EQ(decisions.cuts[0].category, "subscription");
  EXPECT_EQ(decisions.cuts[1].rule, "model.share");
  EXPECT_NEAR(decisions.cuts[1].score, 0.95f, 0.001f);
  const std::vector<Removal> audit = audit_removals(in, decisions.cuts);
  EXPECT_EQ(audit[0].text, "Subscribe to our newsletter");
  EXPECT_NEAR(audit[0].score, 0.95, 0.001);
  EXPECT_NE(audit_json(audit[0], "d", "").find(",\"score\":0.950}"), std::string::npos);
}

TEST(JudgeBlocks, KeepRulesDisabledCategoriesAndWholeDocumentsWin) {
  const Document d = text_doc("A short title\n\n" + kBody + "\n\nSubscribe to our newsletter\n\nShare this story\n");
  BlockModel m = model("cue_total", 0.5f);
  Decisions held = Decisions::keep_all(d);
  held.held.push_back(d.blocks[2].index);
  ASSERT_TRUE(judge_blocks(m, &held));
  EXPECT_EQ(render_text(held), "A short title\n\n" + kBody + "\n\nSubscribe to our newsletter\n");

  ASSERT_TRUE(m.disable("model.share"));
  EXPECT_FALSE(m.disable("cookies"));
  Decisions disabled = Decisions::keep_all(d);
  ASSERT_TRUE(judge_blocks(m, &disabled));
  EXPECT_EQ(render_text(disabled), "A short title\n\n" + kBody + "\n\nShare this story\n");

  // A model that would remove every block removes none.
  const BlockModel everything = model("words", 0);
  const Document short_and_body = text_doc("Subscribe to our newsletter\n\n" + kBody + "\n");
  Decisions all = Decisions::keep_all(short_and_body);
  EXPECT_FALSE(judge_blocks(everything, &all));
  EXPECT_EQ(all.kept.size(), 2u);

  // Nor does it judge a note too short to judge by.
  const Document short_note = text_doc("A short title\n\nSubscribe to our newsletter\n");
  Decisions note = Decisions::keep_all(short_note);
  EXPECT_FALSE(judge_blocks(m, &note));
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(EngineModel, LoadsAFileAuditsAndDisables) {
  const std::string path = write_temp("cues.model", model_text("cue_total", 0.5f));
  Options o;
  o.default_rules = false;
  o.model_path = path;
  auto engine = Engine::create(o);
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  const std::string in = "A short title\n\n" + kBody + "\n\nSubscribe to our newsletter\n";
  Result r = engine->clean(in, Format::kText);
  EXPECT_EQ(r.text, "A short title\n\n" + kBody + "\n");
  ASSERT_EQ(r.removals.size(), 1u);
  EXPECT_EQ(r.removals[0].rule, "model.subscription");
  EXPECT_NE(explain(in, r, false).find("[-Subscribe to our newsletter-]{model.subscription 0.95}"), std::string::npos);
  // Idempotent: the model finds nothing more in its own output.
  EXPECT_EQ(engine->clean(r.text, Format::kText).text, r.text);

  o.disabled = {"subscription"};
  EXPECT_EQ(Engine::create(o)->clean(in, Format::kText).text, in);
  o.disabled = {"model.nothing"};
  EXPECT_FALSE(Engine::create(o).ok());
  o.disabled.clear();
  o.model = false;
  EXPECT_TRUE(Engine::create(o)->clean(in, Format::kText).removals.empty());
}

TEST(EngineModel, RefusesModelsItCannotRun) {
  Options o;
  o.model_path = ::testing::TempDir() + "no-such.model";
  EXPECT_EQ(Engine::create(o).status().code(), StatusCode::kIoError);
  std::string other = model_text("words", 3);
  other.replace(other.find(" words "), 7, " wordz ");
  o.model_path = write_temp("other.model", other);
  auto made = Engine::create(o);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("trained on other features"), std::string::npos);
}

TEST(EngineModel, TheCompiledInModelLoads) {
  auto engine = Engine::create(Options{});
  ASSERT_TRUE(engine.ok()) << engine.status().message();
  Options off;
  off.model = false;
  EXPECT_NE(Engine::create(off)->rules_hash(), engine->rules_hash());
}

}  // namespace
}  // namespace normalize::internal

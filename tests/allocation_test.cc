// The evaluator's storage lives from one document to the next in the
// thread's Scratch: once warm, evaluating a document that no rule touches
// allocates nothing.
// Its own executable, since it replaces the global operator new to count.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <new>
#include <string>

#include "normalize/decide/decide.h"
#include "normalize/decide/detect_language.h"
#include "normalize/decide/scratch.h"
#include "normalize/read/read.h"
#include "test_util.h"

namespace {
thread_local std::size_t allocations = 0;  // this thread's only: compiles run on another
}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace normalize {
namespace {

TEST(Allocation, EvaluatingAgainAllocatesNothingOnceWarm) {
  internal::RuleSet rules = testing::default_rules();
  // Blocks of every needle tier: short lines, a medium paragraph, a long one.
  std::string medium = "The council met on Tuesday to discuss the budget for the coming year, and the mayor said that "
                       "the roads would come first. ";
  std::string long_paragraph;
  while (long_paragraph.size() < 3000) long_paragraph += medium;
  const std::string input = "City budget\n\nA short line.\n\n" + medium + "\n\n" + long_paragraph + "\n\nThe end.\n";
  internal::CanonStats stats;
  internal::Document doc = internal::read_text(input, false, &stats);
  ASSERT_GE(doc.blocks.size(), 4u);

  // The needle and regex databases compile in the background; until they are
  // ready some scans take other paths. Evaluate until an evaluation allocates
  // nothing, or give up.
  internal::Scratch scratch;  // the one the evaluations reuse
  std::size_t fewest = static_cast<std::size_t>(-1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (fewest > 0 && std::chrono::steady_clock::now() < deadline) {
    internal::Decisions decisions = internal::Decisions::keep_all(doc);  // counted outside
    std::vector<Warning> warnings;
    internal::LanguageGate every_pack(rules, "all", decisions.kept);
    const std::size_t before = allocations;
    internal::evaluate(rules, input, {}, 8, doc, &decisions, &warnings, &every_pack, &scratch);
    const std::size_t used = allocations - before;
    ASSERT_TRUE(decisions.cuts.empty()) << decisions.cuts[0].rule;
    ASSERT_EQ(decisions.kept.size(), 5u);
    fewest = std::min(fewest, used);
  }
  EXPECT_EQ(fewest, 0u);
}

// Engine::clean with a Scratch it used before reuses it: warm, a clean
// allocates less than with a fresh one (which grows scan space, match
// results and the evaluator's buffers again).
TEST(Allocation, CleaningWithAUsedScratchReusesIt) {
  auto engine = Engine::create(Options{});
  ASSERT_TRUE(engine.ok());
  std::string input = "City budget\n\n";
  for (int i = 0; i < 40; ++i) input += "The council met on Tuesday to discuss paragraph " + std::to_string(i) + ".\n\n";
  input += "Share this:\n\nLeave a Reply\n";
  Scratch scratch = engine->make_scratch();
  const Result first = engine->clean(input, Format::kText, scratch);
  ASSERT_FALSE(first.removals.empty());
  std::size_t before = allocations;
  const Result warm = engine->clean(input, Format::kText, scratch);
  const std::size_t used_warm = allocations - before;
  Scratch fresh = engine->make_scratch();
  before = allocations;
  const Result cold = engine->clean(input, Format::kText, fresh);
  const std::size_t used_fresh = allocations - before;
  EXPECT_EQ(warm.text, first.text);
  EXPECT_EQ(cold.text, first.text);
  EXPECT_LT(used_warm, used_fresh);
}

// A block's map starts with room for several pieces: folding a paragraph
// with a dozen doubled spaces (25 pieces) takes its text, its map and one
// doubling of the map, not an allocation per doubling from one piece.
TEST(Allocation, FoldingGrowsTheMapInFewSteps) {
  std::string input;
  for (int i = 0; i < 12; ++i) input += "words and  more ";
  internal::Block block;
  const std::size_t before = allocations;
  internal::canonicalize(input, 0, input.size(), false, &block, nullptr);
  const std::size_t used = allocations - before;
  ASSERT_EQ(block.map.pieces().size(), 25u);
  EXPECT_LE(used, 3u);
}

}  // namespace
}  // namespace normalize

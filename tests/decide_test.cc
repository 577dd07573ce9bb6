// The decide stage on its own: it reads the Document and writes Decisions
// (kept blocks, blocks it made, cuts); the audit is derived from the cuts.
#include <gtest/gtest.h>

#include "normalize/decide/decide.h"
#include "normalize/read/read.h"
#include "normalize/render/render.h"
#include "test_util.h"

namespace normalize::internal {
namespace {

std::string rule(const std::string& id, const std::string& body) {
  return "- id: t.x." + id + "\n  category: x\n  lang: en\n" + body + "  examples: {remove: ['a'], keep: ['b']}\n";
}

struct Snapshot {
  std::vector<std::string> texts;
  std::vector<std::size_t> indices;
  bool operator==(const Snapshot&) const = default;
};
Snapshot snapshot(const Document& doc) {
  Snapshot s;
  for (const Block& b : doc.blocks) {
    s.texts.push_back(b.text);
    s.indices.push_back(b.index);
  }
  return s;
}

TEST(Decide, ReadsTheDocumentAndWritesDecisions) {
  RuleSet rules = testing::rules_from(rule("share", "  pattern: '^Share this$'\n") +
                                      rule("credit", "  pattern: ' Photo: .*$'\n  action: remove-span\n"));
  const std::string in = "Body one. Photo: Jane Doe\n\nShare this\n\nBody two.\n";
  CanonStats stats;
  const Document doc = read_text(in, false, &stats);
  const Snapshot before = snapshot(doc);
  std::vector<Warning> warnings;
  Scratch scratch;
  Decisions d = decide(doc, in, rules, nullptr, Tuning{}, false, 8, "all", &warnings, &scratch);
  EXPECT_EQ(snapshot(doc), before);  // the Document is as its reader made it

  ASSERT_EQ(d.kept.size(), 2u);
  // The cut block is a block the stage made; the untouched one is the Document's own.
  ASSERT_EQ(d.made.size(), 1u);
  EXPECT_EQ(d.kept[0], &d.made[0]);
  EXPECT_EQ(d.kept[0]->text, "Body one.");
  EXPECT_EQ(d.kept[1], &doc.blocks[2]);
  EXPECT_EQ(render_text(d), "Body one.\n\nBody two.\n");

  // Cuts in the order decided; the audit sorts them and reads their text from the input.
  ASSERT_EQ(d.cuts.size(), 2u);
  std::vector<Removal> audit = audit_removals(in, d.cuts);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].rule, "t.x.credit");
  EXPECT_EQ(audit[0].text, "Photo: Jane Doe");
  EXPECT_EQ(audit[0].action, "remove-span");
  EXPECT_EQ(audit[1].rule, "t.x.share");
  EXPECT_EQ(audit[1].line, 3u);
  EXPECT_EQ(d.covered(), (std::vector<std::pair<std::size_t, std::size_t>>{{audit[0].start, audit[0].end},
                                                                           {audit[1].start, audit[1].end}}));
}

TEST(Decide, AuditKeepsOverlappingCutsDisjoint) {
  const std::string in = "aaaa bbbb cccc";
  std::vector<Cut> cuts = {{"r2", "x", "remove", 5, 14}, {"r1", "x", "remove", 0, 9}};
  std::vector<Removal> audit = audit_removals(in, cuts);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].text, "aaaa bbbb");
  EXPECT_EQ(audit[1].rule, "r2");
  EXPECT_EQ(audit[1].text, "cccc");  // only the bytes no earlier record holds, trimmed
  EXPECT_EQ(audit[1].start, 10u);
}

// ---- prune.cc -----------------------------------------------------------------

Block block(BlockKind kind, std::size_t index, int level = 0, std::string text = "x") {
  Block b;
  b.kind = kind;
  b.index = index;
  b.level = level;
  b.text = std::move(text);
  b.map.append_copy(b.text.size(), 0);
  return b;
}

TEST(Prune, StrayBreaksAtEitherEndAndAfterAnotherGo) {
  RuleSet rules = testing::rules_from("");
  std::vector<Block> blocks = {block(BlockKind::kSeparator, 0), block(BlockKind::kParagraph, 1),
                               block(BlockKind::kSeparator, 2), block(BlockKind::kSeparator, 3),
                               block(BlockKind::kParagraph, 4), block(BlockKind::kSeparator, 5)};
  Decisions d;
  for (const Block& b : blocks) d.kept.push_back(&b);
  std::map<std::size_t, int> empty;
  EXPECT_TRUE(prune_structure("xxxxxx", 6, rules.structure(), &empty, &d));
  ASSERT_EQ(d.kept.size(), 3u);
  EXPECT_EQ(d.kept[0], &blocks[1]);
  EXPECT_EQ(d.kept[1], &blocks[2]);  // one break between two paragraphs stays
  EXPECT_EQ(d.kept[2], &blocks[4]);
  for (const Cut& c : d.cuts) EXPECT_EQ(c.rule, "any.structure.stray-break");
  EXPECT_FALSE(prune_structure("xxxxxx", 6, rules.structure(), &empty, &d));  // nothing left to drop
}

TEST(Prune, AHeadingWhoseSectionWentGoesAndTheTitleStays) {
  RuleSet rules = testing::rules_from("");
  // Read: # Title, text, ## Gone (its text at 3 removed), ## Kept, text.
  std::vector<Block> blocks = {block(BlockKind::kHeading, 0, 1), block(BlockKind::kParagraph, 1),
                               block(BlockKind::kHeading, 2, 2), block(BlockKind::kHeading, 4, 2),
                               block(BlockKind::kParagraph, 5)};
  Decisions d;
  for (const Block& b : blocks) d.kept.push_back(&b);
  std::map<std::size_t, int> empty;
  EXPECT_TRUE(prune_structure("xxxxx", 6, rules.structure(), &empty, &d));
  ASSERT_EQ(d.kept.size(), 4u);
  EXPECT_EQ(d.kept[2], &blocks[3]);
  ASSERT_EQ(d.cuts.size(), 1u);
  EXPECT_EQ(d.cuts[0].rule, "any.structure.empty-section");
  EXPECT_EQ(empty.count(2), 1u);  // remembered for the next round

  // A heading with nothing of its own removed stays, even with nothing under it.
  std::vector<Block> whole = {block(BlockKind::kParagraph, 0), block(BlockKind::kHeading, 1, 2)};
  Decisions w;
  for (const Block& b : whole) w.kept.push_back(&b);
  EXPECT_FALSE(prune_structure("xx", 2, rules.structure(), &empty, &w));
}

TEST(Prune, APartWithoutItsRuleDropsNothing) {
  std::vector<Block> blocks = {block(BlockKind::kSeparator, 0), block(BlockKind::kParagraph, 1)};
  Decisions d;
  for (const Block& b : blocks) d.kept.push_back(&b);
  std::map<std::size_t, int> empty;
  EXPECT_FALSE(prune_structure("xx", 2, StructureRules{}, &empty, &d));
  EXPECT_EQ(d.kept.size(), 2u);
}

// ---- markdown_from_blocks.cc, through the Markdown renderer -------------------

TEST(MarkdownFromBlocks, KindsBecomeMarkdown) {
  Document doc;
  doc.blocks = {block(BlockKind::kHeading, 0, 2, "Budget passes"), block(BlockKind::kParagraph, 1, 0, "Body *text*."),
                block(BlockKind::kListItem, 2, 1, "first"), block(BlockKind::kListItem, 3, 2, "nested"),
                block(BlockKind::kQuote, 4, 0, "A quote."), block(BlockKind::kSeparator, 5, 0, "---"),
                block(BlockKind::kParagraph, 6, 0, "End.")};
  std::string md = render_markdown(doc, Decisions::keep_all(doc), nullptr, false, false);
  // A thematic break read from text or HTML is markup, and goes as in text output.
  EXPECT_EQ(md, "## Budget passes\n\nBody \\*text\\*.\n\n  - first\n      - nested\n\n> A quote.\n\nEnd.\n") << md;
  // Flat: every block a paragraph.
  std::string flat = render_markdown(doc, Decisions::keep_all(doc), nullptr, false, true);
  EXPECT_EQ(flat.find("##"), std::string::npos) << flat;
  EXPECT_NE(flat.find("Budget passes\n\nBody"), std::string::npos) << flat;
}

}  // namespace
}  // namespace normalize::internal

// Where the needle index looks: a regex's anchors give its needles a window,
// its word limits, kinds and (anchored at both ends) length leave it out of
// blocks it cannot match.
#include <gtest/gtest.h>

#include <random>

#include "normalize/rules/needle_index.h"
#include "normalize/rules/regex.h"
#include "normalize/rules/regex_prefilter.h"

namespace normalize::internal {
namespace {

TEST(RelaxPattern, TellsAnchorsAndLookArounds) {
  RelaxedPattern p;
  ASSERT_TRUE(relax_pattern("(?i)^ab$", &p));
  EXPECT_TRUE(p.anchored);
  EXPECT_TRUE(p.end_anchored);
  ASSERT_TRUE(relax_pattern("^a|b$", &p));
  EXPECT_FALSE(p.anchored);
  EXPECT_FALSE(p.end_anchored);
  ASSERT_TRUE(relax_pattern("(?:a$)", &p));  // inside a group: not known at the top
  EXPECT_FALSE(p.end_anchored);
  ASSERT_TRUE(relax_pattern("a$\\b", &p));  // zero-width after $ still ends there
  EXPECT_TRUE(p.end_anchored);
  ASSERT_TRUE(relax_pattern("^a(?=bcd)(?<!xy)", &p));
  EXPECT_EQ(p.lookahead.bytes, 3u);
  EXPECT_EQ(p.lookbehind.bytes, 2u);
  EXPECT_EQ(p.lookahead.chars, 3u);
  ASSERT_TRUE(relax_pattern("^a(?=.*b)", &p));
  EXPECT_EQ(p.lookahead.bytes, RelaxedPattern::kUnbounded);
}

TEST(RelaxPattern, TellsTheFirstByteOfAnAnchoredMatch) {
  auto first = [](std::string_view pattern) {
    RelaxedPattern p;
    EXPECT_TRUE(relax_pattern(pattern, &p)) << pattern;
    std::string bytes;
    for (int b = 0; b < 256; ++b) {
      if (p.first[static_cast<std::size_t>(b)]) bytes += static_cast<char>(b);
    }
    return p.first.all() ? std::string("all") : bytes;
  };
  EXPECT_EQ(first("^\\(Corrects\\)"), "(");
  EXPECT_EQ(first("(?i)^ab"), "Aa");
  EXPECT_EQ(first("^[ab]c|^d"), "abd");
  EXPECT_EQ(first("^\\bx"), "x");
  EXPECT_EQ(first("^a?b"), "ab");   // the first atom may be absent: the next may start it
  EXPECT_EQ(first("^a{0,2}b"), "ab");
  EXPECT_EQ(first("^a? *[0-9]"), " 0123456789a");
  EXPECT_EQ(first("^a?b*"), "all");  // every atom may be absent: an empty match
  EXPECT_EQ(first("^a?$"), "all");
  EXPECT_EQ(first("^a+b"), "a");
  EXPECT_EQ(first("^(?:ab|Cd)e"), "Ca");
  EXPECT_EQ(first("^(?:ab|)c"), "all");  // an empty alternative
  EXPECT_EQ(first("^(?:ab)?c"), "ac");
  EXPECT_EQ(first("^(?:(?i)x|[0-9]y)z"), "0123456789Xx");
  EXPECT_EQ(first("^a|b"), "all");        // not anchored
  std::string copyright = first("^\xC2\xA9 2020");
  EXPECT_NE(copyright.find('\xC2'), std::string::npos);
  EXPECT_EQ(copyright.find('C'), std::string::npos);
}

// Random anchored patterns against Boost: whenever Boost matches a text, the
// text's first byte is one the relaxed pattern says a match can start with,
// and the match lies within the reach of the anchored end.
TEST(RuleReach, RandomAnchoredPatternsAgreeWithBoost) {
  const std::vector<std::string> pieces = {"a", "b", "k", "S", " ", ".", "\\d", "\\w", "\\s", "\\b", "\\p{Lu}",
                                           "[ab]", "[^a]", "(?i)", "(?i:", "(?:", "(?=", "(?<!", ")", ")", "|^",
                                           "*", "+", "?", "{1,3}", "{0,2}", "$", "\\.", "\xC3\xA9", "\xE2\x84\xAA"};
  const std::string alphabet[] = {"a", "b", "k", "K", "s", "S", " ", "1", ".", "\xC3\xA9", "\xE2\x84\xAA"};
  std::mt19937 rng(5);
  int checked = 0;
  RegexScratch regex;
  for (int i = 0; i < 3000; ++i) {
    // Anchored at the start, or (every other pattern) at the end.
    std::string p = i % 2 ? "" : "^";
    for (int n = 1 + static_cast<int>(rng() % 7); n > 0; --n) p += pieces[rng() % pieces.size()];
    if (i % 2) p += "$";
    RelaxedPattern relaxed;
    Regex re;
    std::string error;
    std::size_t offset;
    if (!relax_pattern(p, &relaxed) || !Regex::compile(p, &re, &error, &offset)) continue;
    RuleReach reach = rule_reach(relaxed);
    for (int t = 0; t < 20; ++t) {
      std::string text;
      for (int n = 1 + static_cast<int>(rng() % 30); n > 0; --n) text += alphabet[rng() % std::size(alphabet)];
      std::size_t b, e;
      if (re.search(text, 0, &b, &e, &error, &regex) != Regex::Outcome::kMatch) continue;
      ++checked;
      if (relaxed.anchored) {
        EXPECT_TRUE(relaxed.first[static_cast<unsigned char>(text[0])]) << "/" << p << "/ on [" << text << "]";
      }
      std::size_t offset;
      std::string_view window = reach.window(text, &offset);
      EXPECT_LE(offset, b) << "/" << p << "/ on [" << text << "]";
      EXPECT_LE(e, offset + window.size()) << "/" << p << "/ on [" << text << "]";
      EXPECT_LE(text.size(), reach.max_text) << "/" << p << "/ on [" << text << "]";
    }
  }
  EXPECT_GT(checked, 1000);
}

// Long windows over text of 2- and 3-byte characters: each is one character,
// so the window holds the whole match and only the slack beside it.
TEST(RuleReach, WindowsCountCharactersOfSeveralBytes) {
  const RuleReach tail = rule_reach("x.{1,60}$"), head = rule_reach("^.{1,60}x");
  const std::string plain(200, 'a');
  for (const std::string ch : {"\u00e9", "\u2019"}) {
    std::string run;
    for (int i = 0; i < 60; ++i) run += ch;
    std::size_t offset;
    tail.window(plain + "x" + run, &offset);
    EXPECT_LE(offset, plain.size());
    EXPECT_GE(offset, plain.size() - 10);
    std::size_t end = head.window(run + "x" + plain, &offset).size();
    EXPECT_GE(end, run.size() + 1);
    EXPECT_LE(end, run.size() + 1 + 10);
  }
}

TEST(RuleReach, FromAnchorsWidthAndLookArounds) {
  RuleReach r = rule_reach("^Share this$");
  EXPECT_EQ(r.max_text, 10u + 8);
  EXPECT_EQ(r.prefix.bytes, 10u + 8);
  EXPECT_EQ(r.prefix.chars, 10u + 4);
  EXPECT_EQ(r.suffix.bytes, 10u + 8);
  r = rule_reach("^Photo: \\w{1,5}(?=abc)");
  EXPECT_EQ(r.max_text, RuleReach::kAny);
  EXPECT_EQ(r.prefix.bytes, 7u + 20 + 3 + 8);  // a word character is up to 4 bytes
  EXPECT_EQ(r.prefix.chars, 7u + 5 + 3 + 4);
  EXPECT_EQ(r.suffix.bytes, RuleReach::kAny);
  r = rule_reach("(?<!\\w)via \\w{1,3}$");
  EXPECT_EQ(r.prefix.bytes, RuleReach::kAny);
  EXPECT_EQ(r.suffix.bytes, 4u + 12 + 4 + 8);
  EXPECT_EQ(r.suffix.chars, 4u + 3 + 1 + 4);
  EXPECT_EQ(rule_reach("^a.*b$").prefix.bytes, RuleReach::kAny);  // unbounded
  EXPECT_EQ(rule_reach("^a.*b$").first.count(), 1u);        // but its first byte is known
  EXPECT_EQ(rule_reach("^a(?=.*b)").prefix.chars, RuleReach::kAny);
  EXPECT_EQ(rule_reach("via").prefix.bytes, RuleReach::kAny);
  EXPECT_EQ(rule_reach("(a)\\1$").suffix.bytes, RuleReach::kAny);  // not relaxed: anywhere
}

std::vector<unsigned char> scan(const NeedleIndex& index, std::string_view text, std::size_t words,
                                BlockKind kind = BlockKind::kParagraph, bool in_element = false) {
  RuleHits hits(index.slots());
  ScanScratch space;
  index.scan(text, kind, words, in_element, &hits, &space);
  std::vector<unsigned char> out(4, 0);
  for (std::uint32_t r : hits.list()) out[r] = 1;
  EXPECT_TRUE(std::is_sorted(hits.list().begin(), hits.list().end()));
  return out;
}

TEST(NeedleIndex, LooksWhereEachRuleCanMatch) {
  std::vector<NeedleRule> rules(4);
  rules[0].needles = {"photo"};
  rules[0].reach = rule_reach("^Photo: \\w{1,5}");  // the first 35 bytes
  rules[1].needles = {"via"};
  rules[1].reach = rule_reach("via \\w{1,3}$");  // the last 24 bytes
  rules[2].needles = {"share"};
  rules[2].reach = rule_reach("^Share this$");  // texts of up to 18 bytes
  rules[3].needles = {"photo"};               // anywhere
  for (Compile when : {Compile::kWhenNeeded, Compile::kNow}) {  // tiers built when needed, or all at once
    NeedleIndex index(rules, when);
    std::string filler(2000, 'x');
    EXPECT_EQ(scan(index, "Photo: Jane " + filler, 300), (std::vector<unsigned char>{1, 0, 0, 1}));
    EXPECT_EQ(scan(index, filler + " Photo: Jane", 300), (std::vector<unsigned char>{0, 0, 0, 1}));
    EXPECT_EQ(scan(index, filler + " via Jo", 300), (std::vector<unsigned char>{0, 1, 0, 0}));
    EXPECT_EQ(scan(index, "via Jo " + filler, 300), (std::vector<unsigned char>{0, 0, 0, 0}));
    EXPECT_EQ(scan(index, "Share this", 2), (std::vector<unsigned char>{0, 0, 1, 0}));
    EXPECT_EQ(scan(index, "Share this" + filler, 2), (std::vector<unsigned char>{0, 0, 0, 0}));
    // Short texts fall inside every window.
    EXPECT_EQ(scan(index, "x Photo via y", 4), (std::vector<unsigned char>{0, 1, 0, 1}));  // rule 0 starts with P
    EXPECT_EQ(scan(index, "Photo via y", 3), (std::vector<unsigned char>{1, 1, 0, 1}));
  }
}

TEST(NeedleIndex, LeavesOutRulesByWordsAndKind) {
  std::vector<NeedleRule> rules(4);
  rules[0].needles = {"menu"};
  rules[0].max_words = 5;
  rules[1].needles = {"menu"};
  rules[1].min_words = 50;
  rules[2].needles = {"menu"};
  rules[2].kinds = 1u << static_cast<unsigned>(BlockKind::kHeading);
  rules[3].reach = rule_reach("^Menu$");  // no needles: every block it fits
  NeedleIndex index(rules);
  EXPECT_EQ(scan(index, "Menu", 1), (std::vector<unsigned char>{1, 0, 0, 1}));
  EXPECT_EQ(scan(index, "Menu", 1, BlockKind::kHeading), (std::vector<unsigned char>{1, 0, 1, 1}));
  std::string many = "menu";
  for (int i = 0; i < 100; ++i) many += " word";
  EXPECT_EQ(scan(index, many, 101), (std::vector<unsigned char>{0, 1, 0, 0}));
}

// Selector rules read HTML elements: blocks of other formats never meet them.
TEST(NeedleIndex, LeavesOutSelectorRulesOutsideElements) {
  std::vector<NeedleRule> rules(3);
  rules[0].needs_element = true;  // a selector alone
  rules[1].needs_element = true;
  rules[1].needles = {"share"};
  rules[2].needles = {"share"};
  NeedleIndex index(rules);
  EXPECT_EQ(scan(index, "Share this", 2), (std::vector<unsigned char>{0, 0, 1, 0}));
  EXPECT_EQ(scan(index, "Share this", 2, BlockKind::kParagraph, true), (std::vector<unsigned char>{1, 1, 1, 0}));
  EXPECT_EQ(scan(index, "Nothing", 1, BlockKind::kParagraph, true), (std::vector<unsigned char>{1, 0, 0, 0}));
}

TEST(NeedleIndex, ConfirmsDeclaredNeedlesAfterAHit) {
  std::vector<NeedleRule> rules(2);
  rules[0].needles = {"reporting", "editing"};
  rules[0].confirm = {"by"};
  rules[1].needles = {"by"};
  NeedleIndex index(rules);
  EXPECT_EQ(scan(index, "Written by Jane", 3), (std::vector<unsigned char>{0, 1, 0, 0}));
  EXPECT_EQ(scan(index, "Editing by Jane", 3), (std::vector<unsigned char>{1, 1, 0, 0}));
  EXPECT_EQ(scan(index, "Editing of Jane", 3), (std::vector<unsigned char>{0, 0, 0, 0}));
  EXPECT_EQ(scan(index, "EDITING BY JANE", 3), (std::vector<unsigned char>{1, 1, 0, 0}));
}

// A block cut down to a prefix of itself keeps what was found near its start
// (a superset: a needle that was cut away may stay found) and has its end
// scanned again.
TEST(NeedleIndex, MemoServesAPrefixOfTheScannedText) {
  std::vector<NeedleRule> rules(2);
  rules[0].needles = {"getty"};  // anywhere
  rules[1].needles = {"via"};
  rules[1].reach = rule_reach("via \\w{1,3}$");  // the last 24 bytes
  NeedleIndex index(rules);
  std::string filler;
  for (int i = 0; i < 400; ++i) filler += "word ";
  const std::string whole = filler + "via Jo and the rest of it by Getty";
  const std::string prefix = filler + "via Jo";
  NeedleMemo memo;
  RuleHits hits(index.slots());
  ScanScratch space;
  index.scan(whole, BlockKind::kParagraph, 403, false, &hits, &space, &memo);
  EXPECT_EQ(hits.list(), (std::vector<std::uint32_t>{0}));  // "via" is not within 24 bytes of the end
  hits.clear();
  memo.text_is_prefix = true;
  index.scan(prefix, BlockKind::kParagraph, 402, false, &hits, &space, &memo);
  EXPECT_EQ(hits.list(), (std::vector<std::uint32_t>{0, 1}));  // 0 from the memo, 1 from the new end
  hits.clear();
  // The memo was refilled, not for a prefix.
  index.scan(prefix, BlockKind::kParagraph, 402, false, &hits, &space, &memo);
  EXPECT_EQ(hits.list(), (std::vector<std::uint32_t>{1}));
}

TEST(NeedleIndex, ConfirmAgreesWithNaiveSearch) {
  const std::vector<std::string> needles = {"by", "member", "h/t", "\xC2\xA9 20", "x"};
  std::mt19937 rng(11);
  const std::string alphabet = "abymeBYMEH/T \xC2\xA9" "20";
  ScanScratch space;
  for (int round = 0; round < 2000; ++round) {
    const std::string& needle = needles[rng() % needles.size()];
    std::vector<NeedleRule> rules(1);
    rules[0].needles = {"q"};
    rules[0].confirm = {needle};
    NeedleIndex index(rules);
    std::string text = "q";
    std::size_t n = rng() % 70;
    for (std::size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    std::string low = text;
    for (char& c : low) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
    RuleHits hits(index.slots());
    index.scan(text, BlockKind::kParagraph, 3, false, &hits, &space);
    EXPECT_EQ(hits.has(0), low.find(needle) != std::string::npos) << "[" << text << "] " << needle;
  }
}

}  // namespace
}  // namespace normalize::internal

// The regex prefilter against Boost: wherever Boost finds a match, the
// prefilter must let the rule through and start the search no later than the
// match. Checked class by class on every printable ASCII character and a few
// others, and for every default rule on its examples and the seed articles.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>
#include <sstream>

#include "normalize/rules/regex.h"
#include "normalize/rules/regex_prefilter.h"
#include "test_util.h"

namespace normalize::internal {
namespace {

// For each pattern and text: if Boost matches at b, the prefilter says the
// search may start at some from <= b. Returns how many matches were checked.
int expect_superset(const std::vector<std::string>& patterns, const std::vector<std::string>& texts) {
  std::vector<Regex> regexes(patterns.size());
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    std::string error;
    std::size_t offset;
    EXPECT_TRUE(Regex::compile(patterns[i], &regexes[i], &error, &offset)) << patterns[i] << ": " << error;
  }
  RegexPrefilter prefilter(patterns);
  ScanScratch scan;
  RegexScratch regex;
  std::vector<std::uint32_t> from(patterns.size());
  int checked = 0;
  for (const std::string& text : texts) {
    for (std::size_t i = 0; i < patterns.size(); ++i) from[i] = prefilter.start(i, text, &scan);
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      std::size_t b, e;
      std::string error;
      if (!regexes[i].valid()) continue;
      if (regexes[i].search(text, 0, &b, &e, &error, &regex) != Regex::Outcome::kMatch) continue;
      ++checked;
      EXPECT_NE(from[i], RegexPrefilter::kNoMatch) << "/" << patterns[i] << "/ matches [" << text << "]";
      if (from[i] != RegexPrefilter::kNoMatch) {
        EXPECT_LE(from[i], b) << "/" << patterns[i] << "/ on [" << text << "]";
      }
    }
  }
  return checked;
}

TEST(RelaxPattern, DropsZeroWidthAndWidensClasses) {
  RelaxedPattern p;
  ASSERT_TRUE(relax_pattern("(?<!x)a\\b", &p));
  EXPECT_EQ(p.text, "\\x61");
  EXPECT_FALSE(p.anchored);
  EXPECT_EQ(p.max_width.bytes, 1u);
  EXPECT_EQ(p.max_width.chars, 1u);
  ASSERT_TRUE(relax_pattern("\\d{2,3}", &p));
  EXPECT_EQ(p.text, "[\\x30-\\x39\\x00-\\x1F\\x7F-\\xFF]{2,12}");  // a character is up to 4 bytes
  EXPECT_EQ(p.max_width.bytes, 12u);
  EXPECT_EQ(p.max_width.chars, 3u);
  ASSERT_TRUE(relax_pattern("(?i)(?:\xC3\x9F|K)x{0,5}", &p));  // ß may match "ss"; K the Kelvin sign
  EXPECT_EQ(p.max_width.chars, 2u + 5);
  EXPECT_EQ(p.max_width.bytes, 4u + 5);
  ASSERT_TRUE(relax_pattern("(?i)^ab|^c", &p));
  EXPECT_EQ(p.text, "^[\\x41\\x61][\\x42\\x62]|^[\\x43\\x63]");
  EXPECT_TRUE(p.anchored);
  ASSERT_TRUE(relax_pattern("(?:x|^y)z+", &p));
  EXPECT_FALSE(p.anchored);
  EXPECT_EQ(p.max_width.bytes, RelaxedPattern::kUnbounded);
  EXPECT_EQ(p.max_width.chars, RelaxedPattern::kUnbounded);
  ASSERT_TRUE(relax_pattern("(?:a|[bc]|\\.)", &p));  // one character either way: one class
  EXPECT_EQ(p.text, "[\\x2E\\x61-\\x63]");
}

TEST(RelaxPattern, RefusesWhatItDoesNotKnow) {
  RelaxedPattern p;
  EXPECT_FALSE(relax_pattern("(a)\\1", &p));     // backreference
  EXPECT_FALSE(relax_pattern("(?x)a b", &p));    // free spacing
  EXPECT_FALSE(relax_pattern("(?=a)?b", &p));    // a quantified look-ahead
  EXPECT_FALSE(relax_pattern("[[:punct:]]", &p));
  EXPECT_FALSE(relax_pattern("a(", &p));
}

TEST(RegexPrefilter, ClassesCoverBoostOnEveryCharacter) {
  std::vector<std::string> texts;
  for (int c = 0x20; c < 0x7F; ++c) texts.emplace_back(1, static_cast<char>(c));
  texts.emplace_back("\t");
  for (const char* s : {"\xC3\xA9", "\xC3\x89", "\xC3\x9F", "\xE1\xBA\x9E", "\xE2\x84\xAA", "\xC5\xBF", "\xE2\x80\x99",
                        "\xCE\xA3", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", "\xC2\xA0", "\xD9\xA3", "ss", "SS", "Stra\xC3\x9F" "e",
                        "STRASSE", "K", "k", "s"}) {
    texts.emplace_back(s);
  }
  std::vector<std::string> patterns;
  for (std::string x : {"\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\p{L}", "\\pL", "\\p{Lu}", "\\p{Ll}", "\\p{N}",
                        "\\P{L}", "\\P{Lu}", "\\p{Sc}", "\\P{Sc}", "[[:alpha:]]", "[^[:alpha:]]", "[[:upper:]]",
                        "[[:lower:]]", "[a-f]", "[^a-f]", "[\\p{Lu}.-]", "[^\\p{L}\\s]", "[\\S]", "[^\\S]", ".", "k",
                        "s", "K", "\xC3\xA9", "\xC3\x9F", "\xE2\x84\xAA", "[\xC5\xBF]", "[^\xC3\xA9]", "stra\xC3\x9F" "e",
                        "\\x{2019}", "\\.", "_", "[\\x{2100}-\\x{2200}]", "[^\\x{2100}-\\x{2200}]", "\\t", "[\\t]",
                        "(?:\\t|a)", "[\\x00-\\x{FF}]", "[^\\p{Sc}]", "[^\\p{Sc}x]", "a\\>", "\\<a",
                        "a\\'", "\\`a"}) {
    patterns.push_back(x);
    patterns.push_back("(?i)" + x);
    patterns.push_back("(?i:" + x + ")");
  }
  EXPECT_GT(expect_superset(patterns, texts), 1000);
}

TEST(RegexPrefilter, DefaultRulesCoverBoostOnExamplesAndSeeds) {
  RuleSet rules = testing::default_rules();
  std::vector<std::string> patterns, texts;
  for (const RulePtr& r : rules.rules()) {
    patterns.push_back(r->is_pattern() ? r->pattern : std::string());
    for (const auto* list : {&r->remove_examples, &r->keep_examples}) {
      for (const Example& x : *list) {
        std::istringstream lines(x.text);
        for (std::string line; std::getline(lines, line);) {
          if (line.empty()) continue;
          texts.push_back(line);
          // Inside a long paragraph, where the search starts late.
          texts.push_back(std::string(300, 'x') + " and then. " + line + " Then more text follows here.");
          texts.push_back("Lead text. " + line);
        }
      }
    }
  }
  for (const auto& f : std::filesystem::directory_iterator(std::string(NORMALIZE_SOURCE_DIR) + "/fixtures/text/seeds")) {
    if (f.path().extension() != ".txt" || f.path().string().find("expected") != std::string::npos) continue;
    std::istringstream lines(testing::read_file(f.path().string()));
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) texts.push_back(line);
    }
  }
  EXPECT_GT(expect_superset(patterns, texts), 300);
}

// Random patterns over the syntax the relaxer reads: it never reads past the
// pattern, and where both it and Boost take one, Boost's matches are covered.
TEST(RegexPrefilter, RandomPatternsAreCovered) {
  const std::vector<std::string> pieces = {"a", "b", "k", "S", " ", ".", "\\d", "\\w", "\\s", "\\S", "\\b", "\\p{Lu}",
                                           "[ab]", "[^a]", "[\\w-]", "(?i)", "(?i:", "(?:", "(?=", "(?<!", "(", ")",
                                           ")", "|", "*", "+", "?", "{1,3}", "{2}", "^", "$", "\\.", "\xC3\xA9",
                                           "\xC3\x9F", "[", "]", "\\", "\\D", "\\W", "[[:alpha:]]", "\\P{L}",
                                           "(?-i:", "{0,2}", "[\xC3\x9F]", "[^\\s]", "\xE2\x84\xAA"};
  std::mt19937 rng(1);
  std::vector<std::string> patterns, texts;
  for (int i = 0; i < 600; ++i) {
    std::string p;
    for (int n = 1 + static_cast<int>(rng() % 8); n > 0; --n) p += pieces[rng() % pieces.size()];
    RelaxedPattern relaxed;
    Regex re;
    std::string error;
    std::size_t offset;
    if (relax_pattern(p, &relaxed) && Regex::compile(p, &re, &error, &offset)) patterns.push_back(p);
  }
  const std::string alphabet[] = {"a", "b", "k", "K", "s", "S", " ", "1", "-", ".", "\xC3\xA9", "\xC3\x9F", "\xE2\x84\xAA"};
  for (int i = 0; i < 300; ++i) {
    std::string t;
    for (int n = 1 + static_cast<int>(rng() % 12); n > 0; --n) t += alphabet[rng() % std::size(alphabet)];
    texts.push_back(t);
  }
  EXPECT_GT(patterns.size(), 100u);
  EXPECT_GT(expect_superset(patterns, texts), 500);
}

TEST(RegexPrefilter, UnanchoredRulesAreFiltered) {
  RegexPrefilter p({"^anchored", "unanchored", "", "(a)\\1"});
  ScanScratch scan;
  EXPECT_FALSE(p.filters(0));  // Boost tries it at one position anyway
  EXPECT_TRUE(p.filters(1));
  EXPECT_FALSE(p.filters(2));
  EXPECT_FALSE(p.filters(3));  // not relaxed: Boost alone decides
  for (std::size_t r : {0, 2, 3}) EXPECT_EQ(p.start(r, "nothing here", &scan), 0u);
  EXPECT_EQ(p.start(1, "nothing here", &scan), RegexPrefilter::kNoMatch);
  // The match ends at 110 and is at most 10 bytes long.
  EXPECT_EQ(p.start(1, std::string(100, ' ') + "unanchored", &scan), 100u);
}

// A regex that matches at the end only: Hyperscan tells the leftmost start,
// so Boost starts right there instead of max_width before the end.
TEST(RegexPrefilter, EndAnchoredStartsAtTheLeftmostMatch) {
  RegexPrefilter p({"Featured image via \\w{1,20}$"});
  ScanScratch scan;
  std::string text;
  for (int i = 0; i < 300; ++i) text += "x ";
  EXPECT_EQ(p.start(0, text + "Featured image via Getty", &scan), text.size());
  EXPECT_EQ(p.start(0, text + "Featured image via Getty.", &scan), RegexPrefilter::kNoMatch);
  EXPECT_EQ(p.start(0, "Featured image via A Featured image via B", &scan), 21u);
}

// Not anchored, a match starts at most max_width before the first end the
// scan finds: 10 characters of a class may be 40 bytes, but in ASCII text
// they are 10.
TEST(RegexPrefilter, StartsAtMostMaxWidthCharactersBeforeTheFirstEnd) {
  RegexPrefilter p({"x\\w{1,10}y"});
  ScanScratch scan;
  ASSERT_TRUE(p.filters(0));
  std::string before(100, ' ');
  EXPECT_EQ(p.start(0, before + "xabcdefghy", &scan), before.size() + 10 - 12);
  const std::string e_acute = "\xC3\xA9";  // two bytes, one character
  std::string wide = "x";
  for (int i = 0; i < 9; ++i) wide += e_acute;
  EXPECT_EQ(p.start(0, before + wide + "y", &scan), before.size() + 1 + 18 + 1 - 12 - 9);
}

// Compiled when built (an Engine's) or on the first scan: the same starts,
// filtered from the first scan on.
TEST(RegexPrefilter, CompiledWhenBuiltOrOnFirstUse) {
  for (Compile when : {Compile::kNow, Compile::kWhenNeeded}) {
    RegexPrefilter p({"unanchored", "^anchored", ""}, when);
    ScanScratch scan;
    EXPECT_TRUE(p.filters(0));
    EXPECT_FALSE(p.filters(1));  // Boost tries it at one position only
    EXPECT_FALSE(p.filters(2));
    EXPECT_EQ(p.start(0, "nothing here", &scan), RegexPrefilter::kNoMatch);
    EXPECT_EQ(p.start(0, std::string(100, ' ') + "unanchored", &scan), 100u);
    EXPECT_EQ(p.start(1, "nothing here", &scan), 0u);
  }
}

// The threads of this process (Linux: /proc/self/status).
int thread_count() {
  std::istringstream status(testing::read_file("/proc/self/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

// An Engine's databases are compiled by create(): cleaning, even enough text
// to pay for every needle database, starts no thread.
TEST(RegexPrefilter, EngineCompilesInCreateAndStartsNoThread) {
  const int before = thread_count();
  ASSERT_GT(before, 0);
  {
    auto engine = Engine::create(Options{});
    ASSERT_TRUE(engine.ok()) << engine.status().message();
    EXPECT_EQ(thread_count(), before);
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "Paragraph " + std::to_string(i) + " of the article, via Reuters.\n\n";
    Result r = engine->clean(text + "Leave a Reply\n", Format::kText);
    EXPECT_FALSE(r.removals.empty());
    EXPECT_EQ(thread_count(), before);
  }
  EXPECT_EQ(thread_count(), before);
}

}  // namespace
}  // namespace normalize::internal

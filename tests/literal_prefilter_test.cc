// The literal prefilter against a naive search, on short and long texts, with
// needles planted in either case, around the middle or anywhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "normalize/rules/literal_prefilter.h"
#include "normalize/rules/regex_prefilter.h"

namespace normalize::internal {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return s;
}

// Needle by needle, then compiled once paid for (or compiled from the start,
// as an Engine's are): the same hits throughout.
void expect_naive_hits(Compile when) {
  const std::vector<std::string> needles = {"featured image", "via", "getty", "reuters", "\xC2\xA9", "read more",
                                            "a", "subscribe to our newsletter"};
  LiteralPrefilter p;
  for (std::size_t i = 0; i < needles.size(); ++i) p.add(needles[i], i);
  p.build(when);
  std::mt19937 rng(7);
  ScanScratch scan;
  const std::string alphabet = "abcdefghij klmnopqrstuvwxyz.,ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (int round = 0; round < 1200; ++round) {  // needle by needle, then compiled
    std::size_t n = round < 10 ? static_cast<std::size_t>(round) : 200 + rng() % 9000;
    std::string text;
    for (std::size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    std::string_view needle = needles[rng() % needles.size()];
    if (n > needle.size() && round % 3 != 0) {
      // On the split point, just before or after it, or anywhere.
      std::size_t half = n / 2;
      std::size_t at = round % 3 == 1 ? half - std::min<std::size_t>(half, rng() % (needle.size() + 1))
                                      : rng() % (n - needle.size());
      at = std::min(at, n - needle.size());
      std::string up(needle);
      if (rng() % 2) std::transform(up.begin(), up.end(), up.begin(), ::toupper);
      text.replace(at, needle.size(), up);
    }
    RuleHits hits(needles.size());
    p.scan(text, &hits, &scan);
    std::string low = lower(text);
    for (std::size_t i = 0; i < needles.size(); ++i) {
      EXPECT_EQ(hits.has(static_cast<std::uint32_t>(i)), low.find(needles[i]) != std::string::npos)
          << "round " << round << " needle " << needles[i] << " n " << n;
    }
  }
}

TEST(LiteralPrefilter, AgreesWithNaiveSearchOnLongTexts) { expect_naive_hits(Compile::kWhenNeeded); }

TEST(LiteralPrefilter, AgreesWithNaiveSearchCompiledWhenBuilt) { expect_naive_hits(Compile::kNow); }

}  // namespace
}  // namespace normalize::internal

// Tiers of needle automata by block size, and the windows a regex's anchors
// give its needles.
#include "normalize/rules/needle_index.h"

#include <algorithm>
#include <cstdint>

namespace normalize::internal {

// Windows near the start up to this long are scanned together, and the
// longer ones together; near the end, likewise.
constexpr std::size_t kShortPrefix = 128;
constexpr std::size_t kShortSuffix = 400;
// Tiers of texts up to this long have one needle scan.
constexpr std::size_t kOneScanUpTo = 1024;

RuleReach rule_reach(std::string_view pattern) {
  RelaxedPattern p;
  if (pattern.empty() || !relax_pattern(pattern, &p)) return {};
  return rule_reach(p);
}

RuleReach rule_reach(const RelaxedPattern& p) {
  RuleReach reach;
  if (p.anchored) reach.first = p.first;
  if (p.max_width.bytes == RelaxedPattern::kUnbounded) return reach;
  // $ may match before a final line break, and \b reads a character past the
  // match: a little slack on every window.
  constexpr Width kSlack{8, 4};
  auto sum = [](std::size_t width, std::size_t look, std::size_t slack) {
    return width == RuleReach::kAny || look == RuleReach::kAny ? RuleReach::kAny : width + look + slack;
  };
  auto window = [&](Width look) -> Width {
    return {sum(p.max_width.bytes, look.bytes, kSlack.bytes), sum(p.max_width.chars, look.chars, kSlack.chars)};
  };
  // Anchored at the start, Boost reads the match and what a look-ahead reads
  // past it; anchored at the end, the match and what a look-behind reads
  // before a position inside it.
  if (p.anchored) reach.prefix = window(p.lookahead);
  if (p.end_anchored) reach.suffix = window(p.lookbehind);
  if (p.anchored && p.end_anchored) reach.max_text = p.max_width.bytes + kSlack.bytes;
  return reach;
}

struct NeedleIndex::Tier {
  LiteralPrefilter whole;
  // Needles near the start and near the end, each in two windows (most are
  // short; a few regexes reach far); near the start, scanned only when its
  // rules can start with the text's first byte.
  struct Window {
    LiteralPrefilter needles;
    Width reach;  // the widest of its rules'
    std::bitset<256> first;
  };
  std::array<Window, 2> prefix, suffix;
  // Rules without needles; those of selectors apart, as most documents are
  // not HTML.
  std::vector<std::uint32_t> always, always_in_element;
};

NeedleIndex::NeedleIndex(std::vector<NeedleRule> rules, Compile when) : rules_(std::move(rules)), when_(when) {
  if (when != Compile::kNow) return;
  // Neighbouring tiers often hold the same needles: each set compiled once.
  CompiledNeedles compiled;
  for (bool paragraph : {false, true}) {
    for (std::size_t w = 0; w < kWordTiers.size(); ++w) {
      for (std::size_t b = 0; b < kByteTiers.size(); ++b) {
        std::size_t i = (paragraph * kWordTiers.size() + w) * kByteTiers.size() + b;
        std::call_once(built_[i], [&] { tiers_[i] = build(paragraph, w, b, &compiled); });
      }
    }
  }
}

NeedleIndex::~NeedleIndex() = default;

std::unique_ptr<NeedleIndex::Tier> NeedleIndex::build(bool paragraph, std::size_t word_tier, std::size_t byte_tier,
                                                      CompiledNeedles* compiled) const {
  const unsigned kinds = paragraph ? kParagraph : ~kParagraph;
  const std::size_t min_words = word_tier == 0 ? 0 : kWordTiers[word_tier - 1] + 1;
  const std::size_t max_words = kWordTiers[word_tier];
  const std::size_t min_bytes = byte_tier == 0 ? 0 : kByteTiers[byte_tier - 1] + 1;
  const std::size_t max_bytes = kByteTiers[byte_tier];
  auto t = std::make_unique<Tier>();
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    const NeedleRule& rule = rules_[r];
    const RuleReach& reach = rule.reach;
    if (rule.kinds != 0 && !(rule.kinds & kinds)) continue;
    if (rule.min_words > max_words || rule.max_words < min_words || reach.max_text < min_bytes) continue;
    const auto index = static_cast<std::uint32_t>(r);
    if (rule.needles.empty()) {
      (rule.needs_element ? t->always_in_element : t->always).push_back(index);
      continue;
    }
    // Texts of up to a kilobyte are scanned once for every needle (one scan
    // costs less than the bytes a window would save); a window as long as any
    // text of the tier is the whole text.
    LiteralPrefilter* into = &t->whole;
    const bool windows = max_bytes > kOneScanUpTo;
    if (windows && reach.prefix.bytes <= reach.suffix.bytes && reach.prefix.bytes < max_bytes) {
      Tier::Window& p = t->prefix[reach.prefix.bytes > kShortPrefix];
      into = &p.needles;
      p.reach = widest(p.reach, reach.prefix);
      p.first |= reach.first;
    } else if (windows && reach.suffix.bytes < max_bytes) {
      Tier::Window& w = t->suffix[reach.suffix.bytes > kShortSuffix];
      into = &w.needles;
      w.reach = widest(w.reach, reach.suffix);
    }
    for (const std::string& needle : rule.needles) into->add(needle, r);
  }
  t->whole.build(when_, compiled);
  for (Tier::Window& w : t->prefix) w.needles.build(when_, compiled);
  for (Tier::Window& w : t->suffix) w.needles.build(when_, compiled);
  return t;
}

const NeedleIndex::Tier& NeedleIndex::tier(BlockKind kind, std::size_t words, std::size_t bytes) const {
  std::size_t w = 0, b = 0;
  while (words > kWordTiers[w]) ++w;
  while (bytes > kByteTiers[b]) ++b;
  bool paragraph = kind == BlockKind::kParagraph;
  std::size_t i = (paragraph * kWordTiers.size() + w) * kByteTiers.size() + b;
  std::call_once(built_[i], [&] { tiers_[i] = build(paragraph, w, b); });
  return *tiers_[i];
}

void NeedleIndex::scan(std::string_view text, BlockKind kind, std::size_t words, bool in_element,
                       RuleHits* hits, ScanScratch* scratch, NeedleMemo* memo) const {
  const Tier& t = tier(kind, words, text.size());
  const std::size_t n = text.size();
  const auto lead = static_cast<unsigned char>(n == 0 ? 0 : text[0]);
  auto fits = [&](const RuleReach& reach) { return n <= reach.max_text && (n == 0 || reach.first[lead]); };
  // Every hit's length, first byte and element are checked at the end.
  for (std::uint32_t r : t.always) hits->add(r);
  if (in_element) {
    for (std::uint32_t r : t.always_in_element) hits->add(r);
  }
  if (memo && memo->text_is_prefix && memo->tier == &t) {
    for (std::uint32_t r : memo->found) hits->add(r);
  } else {
    t.whole.scan(text, hits, scratch);
    for (const Tier::Window& w : t.prefix) {
      if (!w.needles.empty() && w.first[lead]) w.needles.scan(text.substr(0, head_end(text, w.reach)), hits, scratch);
    }
    if (memo) {
      memo->tier = &t;
      memo->found = hits->list();
    }
  }
  if (memo) memo->text_is_prefix = false;
  for (const Tier::Window& w : t.suffix) {
    if (!w.needles.empty()) w.needles.scan(text.substr(tail_begin(text, w.reach)), hits, scratch);
  }
  hits->sort_and_filter([&](std::uint32_t r) {
    const NeedleRule& rule = rules_[r];
    if (!fits(rule.reach) || (rule.needs_element && !in_element)) return false;
    if (rule.confirm.empty()) return true;
    std::size_t offset;
    std::string_view region = rule.reach.window(text, &offset);
    return std::any_of(rule.confirm.begin(), rule.confirm.end(),
                       [&](const std::string& c) { return contains_folded(region, c); });
  });
}

}  // namespace normalize::internal

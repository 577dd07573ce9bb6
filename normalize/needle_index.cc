// Tiers of needle automata by block size, and the windows a regex's anchors
// give its needles.
#include "normalize/needle_index.h"

#include <algorithm>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "normalize/regex_prefilter.h"

namespace normalize::internal {
namespace {

// Whether `needle` (lower case) occurs in `text`, ASCII letters in either case.
bool contains_folded(std::string_view text, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  auto at = [&](std::size_t i) {
    for (std::size_t k = 0; k < needle.size(); ++k) {
      if (lower(text[i + k]) != needle[k]) return false;
    }
    return true;
  };
  if (needle.empty()) return true;
  if (text.size() < needle.size()) return false;
  const std::size_t last = text.size() - needle.size();  // the last position a match can start at
  std::size_t i = 0;
#if defined(__SSE2__)
  if (needle.size() >= 2) {
    // Positions whose first two bytes equal the needle's once 0x20 is set
    // (upper-case letters then read as lower-case), 16 at a time; each is
    // then checked exactly.
    const __m128i bit = _mm_set1_epi8(0x20);
    const __m128i first = _mm_set1_epi8(static_cast<char>(needle[0] | 0x20));
    const __m128i second = _mm_set1_epi8(static_cast<char>(needle[1] | 0x20));
    for (; i + 16 + 1 <= text.size() && i <= last; i += 16) {
      const char* p = text.data() + i;
      __m128i a = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), bit);
      __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1)), bit);
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, second))));
      while (mask != 0) {
        std::size_t k = i + static_cast<std::size_t>(__builtin_ctz(mask));
        if (k <= last && at(k)) return true;
        mask &= mask - 1;
      }
    }
  }
#endif
  for (; i <= last; ++i) {
    if (at(i)) return true;
  }
  return false;
}

}  // namespace

// Prefix windows up to this long are scanned together.
constexpr std::size_t kShortPrefix = 128;

RuleReach rule_reach(std::string_view pattern) {
  RuleReach reach;
  RelaxedPattern p;
  if (pattern.empty() || !relax_pattern(pattern, &p) || p.max_width == RelaxedPattern::kUnbounded) return reach;
  // $ may match before a final line break, and \b reads a character past the
  // match: a few bytes of slack on every window.
  constexpr std::size_t kSlack = 8;
  auto window = [&p](std::size_t look) {
    return look == RelaxedPattern::kUnbounded ? RuleReach::kAny : p.max_width + look + kSlack;
  };
  // Anchored at the start, Boost reads the match and what a look-ahead reads
  // past it; anchored at the end, the match and what a look-behind reads
  // before a position inside it.
  if (p.anchored) reach.prefix = window(p.lookahead);
  if (p.end_anchored) reach.suffix = window(p.lookbehind);
  if (p.anchored && p.end_anchored) reach.max_text = p.max_width + kSlack;
  if (p.anchored) reach.first = p.first;
  return reach;
}

struct NeedleIndex::Tier {
  LiteralPrefilter whole, suffix;
  std::size_t suffix_bytes = 0;
  // Needles near the start, in two windows (most are short; a few regexes
  // reach far), each scanned only when its rules can start with the text's
  // first byte.
  struct Prefix {
    LiteralPrefilter needles;
    std::size_t bytes = 0;
    std::bitset<256> first;
  };
  std::array<Prefix, 2> prefix;
  std::vector<std::uint32_t> always;  // rules without needles
};

NeedleIndex::NeedleIndex(std::vector<NeedleRule> rules) : rules_(std::move(rules)) {}

NeedleIndex::~NeedleIndex() = default;

std::unique_ptr<NeedleIndex::Tier> NeedleIndex::build(bool paragraph, std::size_t word_tier,
                                                      std::size_t byte_tier) const {
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
      t->always.push_back(index);
      continue;
    }
    // A window as long as any text of the tier is the whole text.
    LiteralPrefilter* into = &t->whole;
    if (reach.prefix <= reach.suffix && reach.prefix < max_bytes) {
      Tier::Prefix& p = t->prefix[reach.prefix > kShortPrefix];
      into = &p.needles;
      p.bytes = std::max(p.bytes, reach.prefix);
      p.first |= reach.first;
    } else if (reach.suffix < max_bytes) {
      into = &t->suffix;
      t->suffix_bytes = std::max(t->suffix_bytes, reach.suffix);
    }
    for (const std::string& needle : rule.needles) into->add(needle, r);
  }
  t->whole.build();
  for (Tier::Prefix& p : t->prefix) p.needles.build();
  t->suffix.build();
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

void NeedleIndex::scan(std::string_view text, BlockKind kind, std::size_t words, RuleHits* hits) const {
  const Tier& t = tier(kind, words, text.size());
  for (std::uint32_t r : t.always) hits->add(r);
  t.whole.scan(text, hits);
  std::size_t n = text.size();
  const auto lead = static_cast<unsigned char>(n == 0 ? 0 : text[0]);
  for (const Tier::Prefix& p : t.prefix) {
    if (!p.needles.empty() && p.first[lead]) p.needles.scan(text.substr(0, std::min(n, p.bytes)), hits);
  }
  if (!t.suffix.empty()) t.suffix.scan(text.substr(n - std::min(n, t.suffix_bytes)), hits);
  hits->sort_and_filter([&](std::uint32_t r) {
    const NeedleRule& rule = rules_[r];
    if (n > rule.reach.max_text || (n > 0 && !rule.reach.first[lead])) return false;
    return rule.confirm.empty() || std::any_of(rule.confirm.begin(), rule.confirm.end(), [&](const std::string& c) {
             return contains_folded(text, c);
           });
  });
}

}  // namespace normalize::internal

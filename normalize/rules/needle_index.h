// Internal. Use normalize.h.
//
// The needle scan in front of every regex, looking only where a rule can
// match: rules are grouped by the blocks they can match at all (paragraph or
// not, their word limits, and the length of a text a regex anchored at both
// ends can match), and the needles of a regex anchored at one end are looked
// for near that end only. Long paragraphs, most of a dump's bytes, then meet
// a few rules and short scans instead of every needle of every rule.
#ifndef NORMALIZE_RULES_NEEDLE_INDEX_H_
#define NORMALIZE_RULES_NEEDLE_INDEX_H_

#include <array>
#include <bitset>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/text/document.h"
#include "normalize/rules/literal_prefilter.h"
#include "normalize/rules/regex_prefilter.h"

namespace normalize::internal {

// Where a regex can match in a text, from its shape (relax_pattern.cc): every
// match, and every byte Boost reads to find it, lies in the first `prefix` or
// the last `suffix` of it; a regex anchored at both ends matches only texts
// of at most `max_text` bytes; an anchored one, only texts starting with a
// byte in `first`.
struct RuleReach {
  static constexpr std::size_t kAny = Width::kUnbounded;
  std::size_t max_text = kAny;
  Width prefix{kAny, kAny}, suffix{kAny, kAny};
  std::bitset<256> first = ~std::bitset<256>();  // anchored: the bytes a text it matches starts with

  // The part of `text` (valid UTF-8) its matches lie in, starting on a
  // character; *offset: where that part starts.
  std::string_view window(std::string_view text, std::size_t* offset) const {
    *offset = 0;
    std::size_t end = head_end(text, prefix);
    if (end < text.size()) return text.substr(0, end);
    *offset = tail_begin(text, suffix);
    return text.substr(*offset);
  }
};
RuleReach rule_reach(std::string_view pattern);
RuleReach rule_reach(const RelaxedPattern& relaxed);

struct NeedleRule {
  std::vector<std::string> needles;  // empty: the rule runs on every block it fits
  std::vector<std::string> confirm;  // if any: one of these must occur too (looked for after a hit)
  unsigned kinds = 0;  // bit per BlockKind; 0: any kind
  bool needs_element = false;  // only blocks read from an HTML element (a selector rule)
  std::size_t min_words = 0, max_words = static_cast<std::size_t>(-1);
  RuleReach reach;
};

// What a scan found near the start of a block (whole-text and start-window
// needles), kept so that a block cut down to a prefix of itself need not be
// scanned there again: every needle in a prefix was in the whole.
struct NeedleMemo {
  const void* tier = nullptr;          // the tier it was found in
  std::vector<std::uint32_t> found;    // rules, unfiltered
  bool text_is_prefix = false;         // the block's text is a prefix of the text scanned
};

class NeedleIndex {
 public:
  // kNow builds every tier and compiles its needle databases here; else a
  // tier is built the first time a block of its range comes.
  explicit NeedleIndex(std::vector<NeedleRule> rules, Compile when = Compile::kWhenNeeded);
  ~NeedleIndex();
  NeedleIndex(const NeedleIndex&) = delete;
  NeedleIndex& operator=(const NeedleIndex&) = delete;

  // Adds to `hits` (empty, slots() big) every rule that may match `text` (a
  // block of `kind` and `words` words, read from an HTML element or not): its
  // kinds, word limits, element, length and first byte allow it, and one of
  // its needles lies where it can match (and one of its needles to confirm,
  // if it has any). Leaves them in rule order.
  // With a memo, what was found near the start is reused when the memo says
  // the text is a prefix of the one it was found in (same tier), and the memo
  // is refilled. Hyperscan scans in `scratch` (one thread's at a time).
  void scan(std::string_view text, BlockKind kind, std::size_t words, bool in_element, RuleHits* hits,
            ScanScratch* scratch, NeedleMemo* memo = nullptr) const;

  const RuleReach& reach(std::size_t rule) const { return rules_[rule].reach; }
  // The size a RuleHits for scan() needs.
  std::size_t slots() const { return rules_.size(); }

 private:
  struct Tier;  // the automata for blocks in one range of words and bytes
  static constexpr std::array<std::size_t, 5> kWordTiers = {4, 16, 64, 160, static_cast<std::size_t>(-1)};
  static constexpr std::array<std::size_t, 4> kByteTiers = {64, 256, 1024, static_cast<std::size_t>(-1)};
  static constexpr std::size_t kTiers = 2 * kWordTiers.size() * kByteTiers.size();  // paragraph or not
  static constexpr unsigned kParagraph = 1u << static_cast<unsigned>(BlockKind::kParagraph);
  const Tier& tier(BlockKind kind, std::size_t words, std::size_t bytes) const;
  std::unique_ptr<Tier> build(bool paragraph, std::size_t word_tier, std::size_t byte_tier,
                              CompiledNeedles* compiled = nullptr) const;

  std::vector<NeedleRule> rules_;
  Compile when_;
  // Built here (kNow) or the first time a block of their range comes.
  mutable std::array<std::once_flag, kTiers> built_;
  mutable std::array<std::unique_ptr<Tier>, kTiers> tiers_;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_NEEDLE_INDEX_H_

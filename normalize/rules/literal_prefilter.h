// Internal. Use normalize.h.
//
// One pass over a text tells which rules' needles occur in it (ASCII letters
// case-insensitively, other bytes exactly), so a regex runs only where it can
// match. Hyperscan's literal matcher does the pass (it looks at 16 to 64 bytes
// at a time where an automaton would take one), compiled with the rule set or
// once enough texts have come to pay for compiling it.
#ifndef NORMALIZE_RULES_LITERAL_PREFILTER_H_
#define NORMALIZE_RULES_LITERAL_PREFILTER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/rules/regex_prefilter.h"

struct hs_database;

namespace normalize::internal {

// The rules a scan found: each once, in the order found, with a byte per rule
// for the test; clear() costs what was found, not the number of rules.
class RuleHits {
 public:
  explicit RuleHits(std::size_t rules) : seen_(rules, 0) {}
  // Empty, for `rules` rules; keeps its storage.
  void reset(std::size_t rules) {
    seen_.assign(rules, 0);
    list_.clear();
  }
  void add(std::uint32_t rule) {
    if (!seen_[rule]) seen_[rule] = 1, list_.push_back(rule);
  }
  bool has(std::uint32_t rule) const { return seen_[rule] != 0; }
  // Keeps the rules `keep` says yes to, in rule order.
  template <class Keep>
  void sort_and_filter(Keep keep) {
    std::size_t n = 0;
    for (std::uint32_t r : list_) {
      if (keep(r)) {
        list_[n++] = r;
      } else {
        seen_[r] = 0;
      }
    }
    list_.resize(n);
    // Mostly in order already (the rules without needles come first, sorted):
    // an insertion sort beats std::sort on such short lists.
    for (std::size_t i = 1; i < n; ++i) {
      std::uint32_t r = list_[i];
      std::size_t j = i;
      for (; j > 0 && list_[j - 1] > r; --j) list_[j] = list_[j - 1];
      list_[j] = r;
    }
  }
  const std::vector<std::uint32_t>& list() const { return list_; }
  void clear() {
    for (std::uint32_t r : list_) seen_[r] = 0;
    list_.clear();
  }

 private:
  std::vector<unsigned char> seen_;
  std::vector<std::uint32_t> list_;
};

class LiteralPrefilter;
// Prefilters compiled so far, by their needles: one with the same needles (in
// the same order) shares the database instead of compiling it again.
using CompiledNeedles = std::map<std::vector<std::string>, const LiteralPrefilter*>;

class LiteralPrefilter {
 public:
  LiteralPrefilter() = default;
  ~LiteralPrefilter();
  LiteralPrefilter(const LiteralPrefilter&) = delete;
  LiteralPrefilter& operator=(const LiteralPrefilter&) = delete;

  // Registers `needle` (lower-case ASCII letters match either case) for rule index `rule`.
  void add(std::string_view needle, std::size_t rule);
  // Call once after every add(). kNow compiles the database here, or shares
  // that of a prefilter in `compiled` with the same needles (which must
  // outlive this one); else needles are looked for one by one until the texts
  // scanned would have paid for compiling it, which the scan that gets there
  // does.
  void build(Compile when = Compile::kWhenNeeded, CompiledNeedles* compiled = nullptr);
  bool empty() const { return needles_.empty(); }
  // Adds every rule with a needle in `text` to `hits`, scanning in
  // `scratch`. Safe from several threads at once, each with its own scratch.
  void scan(std::string_view text, RuleHits* hits, ScanScratch* scratch) const;

 private:
  bool compiled_when_paid() const;
  void compile() const;

  std::vector<std::string> needles_;               // distinct
  std::vector<std::vector<std::uint32_t>> rules_;  // per needle
  mutable std::atomic<std::uint64_t> naive_work_{0};  // bytes times needles scanned without the database
  mutable OnceCompiled compiled_;
  mutable hs_database* db_ = nullptr;  // null once compiled: Hyperscan refused, every rule is a hit
  bool shares_db_ = false;             // db_ belongs to another prefilter with the same needles
  std::size_t serial_ = 0;             // the database's number for ScanScratch::fit()
};

// Whether `needle` (lower case) occurs in `text`, ASCII letters in either case.
bool contains_folded(std::string_view text, std::string_view needle);

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_LITERAL_PREFILTER_H_

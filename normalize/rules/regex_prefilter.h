// Internal. Use normalize.h.
//
// Hyperscan in front of Boost for the regexes Boost would try at every
// position of a block (those not anchored at its start): a scan of the block
// with a relaxed form of the regex (it matches wherever Boost could) tells
// whether it can match and where its leftmost match can start at the
// earliest. The literal prefilter (needles) stays in front of both.
#ifndef NORMALIZE_RULES_REGEX_PREFILTER_H_
#define NORMALIZE_RULES_REGEX_PREFILTER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/rules/relax_pattern.h"

struct hs_database;
struct hs_scratch;

namespace normalize::internal {

// Hyperscan's scan space, which both prefilters scan with: one region grown
// to fit every database it meets. Its owner gives it to one thread at a time
// (decide/scratch.h); two scans at once in one space would corrupt both.
class ScanScratch {
 public:
  ScanScratch() = default;
  ~ScanScratch();
  ScanScratch(const ScanScratch&) = delete;
  ScanScratch& operator=(const ScanScratch&) = delete;

  // The space, grown to fit database `serial` (a number from
  // new_database_serial()) the first time it is asked for it; null when
  // Hyperscan cannot allocate it.
  hs_scratch* fit(const hs_database* db, std::size_t serial);

 private:
  hs_scratch* space_ = nullptr;
  std::vector<unsigned char> fits_;  // per database serial: space_ was grown for it
};
std::size_t new_database_serial();

// When Hyperscan databases (milliseconds each) are compiled. kNow: all of
// them while the rule set is built (Engine::create), so every scan is
// filtered and no compile runs beside the scans. kWhenNeeded: a regex's on
// its first scan, a needle database once the texts scanned needle by needle
// would have paid for it, on the thread that needs it; for the small sets
// `rules test` builds and tests, which scan a few texts and compile little.
enum class Compile { kWhenNeeded, kNow };

// A database compiled once; threads asking while it is compiled wait for it.
class OnceCompiled {
 public:
  template <class F>
  void ensure(F compile) {
    if (ready()) return;
    std::call_once(once_, compile);
    ready_.store(true, std::memory_order_release);
  }
  bool ready() const { return ready_.load(std::memory_order_acquire); }

 private:
  std::once_flag once_;
  std::atomic<bool> ready_{false};  // compiled (the database is then read only)
};

class RegexPrefilter {
 public:
  static constexpr std::uint32_t kNoMatch = 0xFFFFFFFFu;

  // One pattern per rule (empty for a rule without a regex). Each rule's
  // Hyperscan database is compiled here (kNow) or the first time a block
  // needs it.
  explicit RegexPrefilter(const std::vector<std::string>& patterns, Compile when = Compile::kWhenNeeded);
  // The same from patterns relaxed already (null: no regex, or not relaxed).
  explicit RegexPrefilter(const std::vector<const RelaxedPattern*>& relaxed, Compile when = Compile::kWhenNeeded);
  ~RegexPrefilter();
  RegexPrefilter(const RegexPrefilter&) = delete;
  RegexPrefilter& operator=(const RegexPrefilter&) = delete;

  // Whether rule r's regex is filtered.
  bool filters(std::size_t rule) const;

  // kNoMatch when rule r's regex cannot match in `text` (valid UTF-8, no
  // line breaks); else a character boundary where a search for its leftmost
  // match may start (0 for a rule not filtered). Scans in `scratch`.
  // Safe from several threads at once, each with its own scratch.
  std::uint32_t start(std::size_t rule, std::string_view text, ScanScratch* scratch) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_REGEX_PREFILTER_H_

// Internal. Use normalize.h.
//
// Hyperscan in front of Boost for the regexes Boost would try at every
// position of a block (those not anchored at its start): one scan of the
// block with a relaxed form of each (it matches wherever Boost could) tells
// which of them can match and where their leftmost match can start at the
// earliest. The literal prefilter (needles) stays in front of both.
#ifndef NORMALIZE_REGEX_PREFILTER_H_
#define NORMALIZE_REGEX_PREFILTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace normalize::internal {

class RegexPrefilter {
 public:
  static constexpr std::uint32_t kNoMatch = 0xFFFFFFFFu;

  // One pattern per rule (empty for a rule without a regex). The Hyperscan
  // database is compiled when the first Scratch is made, so rule sets that
  // never clean anything (--version, rules list) do not pay for it.
  explicit RegexPrefilter(const std::vector<std::string>& patterns);
  ~RegexPrefilter();
  RegexPrefilter(const RegexPrefilter&) = delete;
  RegexPrefilter& operator=(const RegexPrefilter&) = delete;

  // Whether rule r's regex is filtered (settled once a Scratch was made).
  bool filters(std::size_t rule) const;

  // Hyperscan's per-thread scan state, taken from a pool and given back.
  class Scratch {
   public:
    explicit Scratch(const RegexPrefilter& prefilter);
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

   private:
    friend class RegexPrefilter;
    const RegexPrefilter& prefilter_;
    void* space_ = nullptr;
    std::vector<std::uint32_t> first_end_;  // per rule, this scan
  };

  // Sets (*from)[r] for every rule r: kNoMatch when r's regex cannot match in
  // `text` (valid UTF-8, no line breaks), else a character boundary where a
  // search for its leftmost match may start (0 for rules not filtered).
  void scan(std::string_view text, Scratch* scratch, std::vector<std::uint32_t>* from) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// relax_pattern.cc: a rule's regex (Boost/Perl syntax as rules write it) as
// a Hyperscan pattern over bytes that matches wherever Boost's can on UTF-8
// text without line breaks, with facts about Boost's matches.
struct RelaxedPattern {
  static constexpr std::size_t kUnbounded = static_cast<std::size_t>(-1);
  std::string text;
  bool anchored = false;      // every match starts at the start of the text
  std::size_t max_width = 0;  // no match is longer (bytes)
};
// False for a construct it does not know.
bool relax_pattern(std::string_view pattern, RelaxedPattern* out);

}  // namespace normalize::internal

#endif  // NORMALIZE_REGEX_PREFILTER_H_

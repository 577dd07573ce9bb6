// Internal. Use normalize.h.
//
// One pass over a text tells which rules' needles occur in it (ASCII letters
// case-insensitively, other bytes exactly), so a regex runs only where it can
// match. Hyperscan's literal matcher does the pass: it looks at 16 to 64 bytes
// at a time where an automaton would take one.
#ifndef NORMALIZE_LITERAL_PREFILTER_H_
#define NORMALIZE_LITERAL_PREFILTER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;

namespace normalize::internal {

class LiteralPrefilter {
 public:
  LiteralPrefilter() = default;
  ~LiteralPrefilter();
  LiteralPrefilter(const LiteralPrefilter&) = delete;
  LiteralPrefilter& operator=(const LiteralPrefilter&) = delete;

  // Registers `needle` (lower-case ASCII letters match either case) for rule index `rule`.
  void add(std::string_view needle, std::size_t rule);
  // Compiles the needles; call once after every add().
  void build();
  bool empty() const { return needles_.empty(); }
  // Sets hits[rule] = 1 for every rule with a needle in `text`. `hits` must
  // have one entry per rule. Safe from several threads at once.
  void scan(std::string_view text, std::vector<unsigned char>* hits) const;

 private:
  std::vector<std::string> needles_;               // distinct
  std::vector<std::vector<std::uint32_t>> rules_;  // per needle
  hs_database* db_ = nullptr;  // null after build(): Hyperscan refused, every rule is a hit
  std::size_t serial_ = 0;     // which database a thread's scratch space was grown for
};

}  // namespace normalize::internal

#endif  // NORMALIZE_LITERAL_PREFILTER_H_

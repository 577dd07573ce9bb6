// Internal. Use normalize.h.
//
// Aho-Corasick over ASCII-lowercased bytes: one pass over a block tells which
// rules' required literals occur in it, so a regex runs only where it can match.
#ifndef NORMALIZE_LITERAL_PREFILTER_H_
#define NORMALIZE_LITERAL_PREFILTER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace normalize::internal {

class LiteralPrefilter {
 public:
  // Registers `needle` (matched ASCII case-insensitively) for rule index `rule`.
  void add(std::string_view needle, std::size_t rule);
  // Builds the automaton; call once after every add().
  void build();
  bool empty() const { return outputs_.empty(); }
  // Sets hits[rule] = 1 for every rule with a needle in `text`. `hits` must
  // have one entry per rule.
  void scan(std::string_view text, std::vector<unsigned char>* hits) const;

 private:
  struct Node {
    std::array<std::int32_t, 256> next;
    std::int32_t fail = 0;
    std::vector<std::uint32_t> out;
    Node() { next.fill(-1); }
  };
  std::vector<Node> trie_;  // build-time only
  std::array<std::uint8_t, 256> byte_class_{};
  std::size_t classes_ = 1;
  std::size_t max_needle_ = 1;  // longest needle, for overlapping chunks
  static constexpr std::uint32_t kHasOutput = 0x80000000u;
  std::vector<std::uint32_t> delta_;  // state * classes_ + class -> next * classes_ (| kHasOutput)
  std::vector<std::uint32_t> out_begin_;              // state -> first index in outputs_
  std::vector<std::uint32_t> outputs_;                // rule indices
};

}  // namespace normalize::internal

#endif  // NORMALIZE_LITERAL_PREFILTER_H_

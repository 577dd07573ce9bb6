// Internal. Use normalize.h.
//
// A rule's regex relaxed for Hyperscan (relax_pattern.cc), and the widths
// the needle windows and the regex prefilter read from it.
#ifndef NORMALIZE_RULES_RELAX_PATTERN_H_
#define NORMALIZE_RULES_RELAX_PATTERN_H_

#include <algorithm>
#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>

namespace normalize::internal {

// How long a stretch of UTF-8 text can be, in bytes and in characters (both
// bounds hold; kUnbounded: none). A class of characters counts 4 bytes a
// character, so for mostly-ASCII text the characters are the tighter bound.
struct Width {
  static constexpr std::size_t kUnbounded = static_cast<std::size_t>(-1);
  std::size_t bytes = 0, chars = 0;
};
inline Width widest(Width a, Width b) { return {std::max(a.bytes, b.bytes), std::max(a.chars, b.chars)}; }
// Where the longest start of `text` within `w` ends (on a character); and
// where the longest end of `text` within `w` starts (on a character of
// valid UTF-8, taking in the one the bytes bound cuts).
std::size_t head_end(std::string_view text, Width w);
std::size_t tail_begin(std::string_view text, Width w);

// A rule's regex (Boost/Perl syntax as rules write it) as
// a Hyperscan pattern over bytes that matches wherever Boost's can on UTF-8
// text without line breaks, with facts about Boost's matches.
struct RelaxedPattern {
  static constexpr std::size_t kUnbounded = Width::kUnbounded;
  std::string text;
  bool anchored = false;      // every match starts at the start of the text
  bool end_anchored = false;  // every match ends with a $ (at the end, or before a final line break)
  Width max_width;            // no match is longer
  std::bitset<256> first;     // the bytes a match can start with (all when not known)
  // The widest look-ahead and look-behind: Boost reads this far past a
  // match's end, and before a position inside it.
  Width lookahead, lookbehind;
};
// False for a construct it does not know.
bool relax_pattern(std::string_view pattern, RelaxedPattern* out);

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_RELAX_PATTERN_H_

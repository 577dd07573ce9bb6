// Internal. Use normalize.h.
//
// Canonical text as DESIGN.md defines it, for one block at a time: invalid
// UTF-8 becomes U+FFFD, controls and zero-width characters go, every Unicode
// space becomes one U+0020, runs collapse, ends are trimmed, then NFC (or NFKC).
// Every output byte keeps its way back to the input through an OffsetMap.
// Knows nothing of formats or rules.
#ifndef NORMALIZE_TEXT_CANONICAL_H_
#define NORMALIZE_TEXT_CANONICAL_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "normalize/text/document.h"

namespace normalize::internal {

// What canonicalisation had to repair, summed over a document.
struct CanonStats {
  std::size_t invalid_utf8 = 0;  // replaced sequences
  std::size_t first_invalid = 0;
  std::size_t nul_bytes = 0;
  std::size_t first_nul = 0;
};

// Canonicalises input[begin, end) into block->text and block->map.
void canonicalize(std::string_view input, std::size_t begin, std::size_t end, bool nfkc,
                  Block* block, CanonStats* stats);

// Canonicalises a derived text whose map points into the input: folds, trims,
// then NFC/NFKC. The readers' inline text (markup already left out), and a
// block with spans cut out of it or a title cut from the page's (decide/):
// every block's text comes from here or canonicalize().
void canonicalize_mapped(std::string_view text, const OffsetMap& map, bool nfkc, Block* block, CanonStats* stats);

// The same rules for a piece of a line (one text node among others): spaces
// fold but a leading or trailing space stays one space instead of going.
std::string canonical_inline(std::string_view text, bool nfkc);

// Appends code point `cp` (at most U+10FFFF) as UTF-8.
void append_utf8(char32_t cp, std::string* out);

// Canonical form of a free-standing string (rule examples, tests).
std::string canonical_text(std::string_view text, bool nfkc);

// Punctuation as CommonMark's emphasis rules read it: ASCII punctuation, or
// a character of Unicode general category P*.
bool is_punctuation(char32_t c);

}  // namespace normalize::internal

#endif  // NORMALIZE_TEXT_CANONICAL_H_

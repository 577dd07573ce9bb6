// Internal. Use normalize.h.
//
// The page as read_html.cc gives it to Gumbo: what yields no text cut out,
// white space in text folded, and a map from the copy back to the page.
#ifndef NORMALIZE_READ_HTML_PREPARE_H_
#define NORMALIZE_READ_HTML_PREPARE_H_

#include <string>
#include <string_view>

#include "normalize/text/document.h"

namespace normalize::internal {

// Writes the copy to `out` and its map (copy offsets -> page offsets) to
// `map`. Returns false, leaving both empty, when the copy would equal the page.
// `fold_spaces` false keeps every white-space run as it is (tests compare).
bool prepare_html(std::string_view page, bool fold_spaces, std::string* out, OffsetMap* map);

}  // namespace normalize::internal

#endif  // NORMALIZE_READ_HTML_PREPARE_H_

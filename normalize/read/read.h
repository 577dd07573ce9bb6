// Internal. Use normalize.h.
//
// The read stage: input bytes -> Document. Readers know nothing of rules or
// output formats; they fold text to canonical form once, here.
#ifndef NORMALIZE_READ_READ_H_
#define NORMALIZE_READ_READ_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "normalize/normalize.h"
#include "normalize/text/canonical.h"
#include "normalize/text/document.h"

namespace normalize::internal {

// read_text.cc
Document read_text(std::string_view input, bool nfkc, CanonStats* stats);

// detect_format.cc: text, Markdown or HTML from the bytes (never kAuto).
Format detect_format(std::string_view input);

// read_markdown.cc: cmark-gfm tree -> Blocks; the tree stays in doc.tree.
Document read_markdown(std::string_view input, bool nfkc, CanonStats* stats);

// charset.cc: an HTML page in UTF-8. When the page is UTF-8 already (after
// BOM, <meta> and byte checks), `identity` is set, `text` stays empty and the
// page is read as is (invalid bytes are left to canonicalisation). Otherwise
// `text` holds the converted page and `map` leads each of its bytes back to
// the page's bytes; invalid sequences became U+FFFD and are counted.
struct Decoded {
  bool identity = true;
  std::string charset;        // "utf-8", "windows-1252", "shift_jis", ...
  std::string unknown_label;  // a declared charset ICU does not know (read as UTF-8)
  std::string text;
  OffsetMap map;
  std::size_t invalid = 0;
  std::size_t first_invalid = 0;
};
Decoded decode_html(std::string_view page);

// read_html.cc: Gumbo tree of a UTF-8 page -> Blocks with their DOM context
// (doc.elements); maps point into `page`. `fold_spaces`: Gumbo reads
// white-space runs in text as one space (Tuning::fold_html_space). When
// Gumbo would need more than `memory_limit` bytes for the page, or cannot get
// memory, the parse stops: the Document is empty and *out_of_memory is set.
Document read_html(std::string_view page, bool nfkc, CanonStats* stats, bool fold_spaces = true,
                   std::size_t memory_limit = static_cast<std::size_t>(-1), bool* out_of_memory = nullptr);

// read_json_ld.cc: the longest JSON-LD "articleBody" of a UTF-8 page as
// doc->article_body, Blocks (kinds and inline spans from its markup,
// element -1) mapped into `page`; their link targets join doc->urls. Left
// empty when the page has no such string.
void read_article_body(std::string_view page, bool nfkc, Document* doc);

}  // namespace normalize::internal

#endif  // NORMALIZE_READ_READ_H_

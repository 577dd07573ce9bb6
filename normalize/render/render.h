// Internal. Use normalize.h.
//
// The render stage: the surviving Document -> canonical text or Markdown.
// Renderers know nothing of rules or of where blocks came from.
#ifndef NORMALIZE_RENDER_RENDER_H_
#define NORMALIZE_RENDER_RENDER_H_

#include <string>
#include <vector>

#include "normalize/normalize.h"
#include "normalize/text/document.h"

namespace normalize::internal {

// render_text.cc
std::string render_text(const Document& doc);

// render_markdown.cc: the surviving blocks of a Markdown document as canonical
// Markdown; leaves without a block survive unless a removal covers them. It
// edits doc.tree in place, so it runs once per document. A document without a
// tree (text, HTML) gets one from its blocks (markdown_from_blocks.cc).
std::string render_markdown(const Document& doc, const std::vector<Removal>& removals, bool nfkc);

}  // namespace normalize::internal

#endif  // NORMALIZE_RENDER_RENDER_H_

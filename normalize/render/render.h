// Internal. Use normalize.h.
//
// The render stage: the surviving Document -> canonical text or Markdown.
// Renderers know nothing of rules or of where blocks came from.
#ifndef NORMALIZE_RENDER_RENDER_H_
#define NORMALIZE_RENDER_RENDER_H_

#include <memory>
#include <string>
#include <vector>

#include "normalize/normalize.h"
#include "normalize/text/decisions.h"
#include "normalize/text/document.h"

namespace normalize::internal {

// render_text.cc: the kept blocks, one paragraph a line.
std::string render_text(const Decisions& decisions);

// render_markdown.cc: the kept blocks as canonical Markdown. `tree` is the
// Markdown reader's tree (Document::tree), handed over: the renderer edits it
// into the output. Its leaves without a block survive unless a cut covers
// them. Without a tree (text, HTML, or `flat`) the tree is built from the
// kept blocks (markdown_from_blocks.cc); `flat`: every block a paragraph
// (nesting too deep for cmark's writer).
std::string render_markdown(const Document& doc, const Decisions& decisions, std::shared_ptr<void> tree, bool nfkc,
                            bool flat);

}  // namespace normalize::internal

#endif  // NORMALIZE_RENDER_RENDER_H_

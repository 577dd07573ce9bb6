// Internal. Use normalize.h.
//
// A Markdown tree whose removed leaves are gone, written once as canonical
// Markdown (markdown_writer.cc).
#ifndef NORMALIZE_RENDER_MARKDOWN_WRITER_H_
#define NORMALIZE_RENDER_MARKDOWN_WRITER_H_

#include <string>

struct cmark_node;

namespace normalize::internal {

// Edits `root` into the form that reads back as itself, then writes it with
// cmark-gfm's CommonMark renderer. `read`: the tree was read from Markdown
// (bare URLs in its text stay text).
std::string write_markdown(cmark_node* root, bool nfkc, bool read);

}  // namespace normalize::internal

#endif  // NORMALIZE_RENDER_MARKDOWN_WRITER_H_

// Internal. Use normalize.h.
//
// The parsed Markdown tree a Document carries from read_markdown.cc to
// render_markdown.cc (Document::tree). cmark's node type is only forward-
// declared: no other stage includes cmark, and none but those two reads this.
#ifndef NORMALIZE_TEXT_MARKDOWN_TREE_H_
#define NORMALIZE_TEXT_MARKDOWN_TREE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

struct cmark_node;

namespace normalize::internal {

struct MarkdownTree {
  // One leaf block of the tree (paragraph, heading, code, HTML, thematic
  // break, table row); Block::node indexes `leaves`.
  struct Leaf {
    cmark_node* node = nullptr;
    std::size_t begin = 0, end = 0;  // its outer span in the input
    std::string text;                // the Block text as read: unchanged means uncut
    bool has_block = false;          // false: no text, so no Block (kept unless inside a removal)
  };

  // Where each text or code node of a leaf sits in the input; the node's user
  // data is its index here plus one. `verbatim`: the literal is a copy of
  // input[begin, end) (no escapes or entities in it).
  struct TextSpan {
    std::size_t begin = 0, end = 0;
    bool verbatim = false;
  };

  cmark_node* root = nullptr;  // owned; freed by the destructor (read_markdown.cc)
  std::vector<Leaf> leaves;
  std::vector<TextSpan> text_spans;

  MarkdownTree() = default;
  MarkdownTree(const MarkdownTree&) = delete;
  MarkdownTree& operator=(const MarkdownTree&) = delete;
  ~MarkdownTree();
};

// Parses Markdown with the GFM extensions the reader uses (read_markdown.cc);
// the caller owns the tree.
cmark_node* parse_markdown(std::string_view input);

// A tree for blocks read without one (markdown_from_blocks.cc): headings keep
// their level, list items nest by depth in bullet or ordered lists, quotes
// quote, code stays verbatim, table rows read with their cells make tables,
// everything else is a paragraph; inline markup read with the blocks (HTML)
// is kept; `urls` holds their link targets. `flat`: every block a paragraph.
// The caller owns it.
struct Block;
cmark_node* tree_from_blocks(const std::vector<const Block*>& blocks, std::string_view urls, bool nfkc, bool flat);

}  // namespace normalize::internal

#endif  // NORMALIZE_TEXT_MARKDOWN_TREE_H_

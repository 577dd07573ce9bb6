// The writer of canonical Markdown: runs once on a tree whose removed leaves
// are gone. Inlines are settled (soft breaks become spaces, links to nowhere
// their text), DESIGN.md's Unicode rules go into text nodes (never code),
// containers left empty go, and each node is put in a form that reads back as
// that node (text escaped where GFM would find links or references in it,
// spans the delimiter rules can open and close, separators the writer adds
// made nodes), so that cleaning the output again gives the same bytes.
#include <cmark-gfm.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "normalize/render/cmark_nodes.h"
#include "normalize/render/markdown_passes.h"
#include "normalize/render/markdown_writer.h"
#include "normalize/text/canonical.h"

namespace normalize::internal {
namespace {

bool is_container(cmark_node* n) {
  cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE || is_type(n, "table") ||
         t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || is_type(n, "table_cell");
}

}  // namespace

// Steps 2-4 and the writer, on a tree whose removed leaves are gone.
// `read`: the tree was read from Markdown, so text in it is what GFM did not
// read as a link, and is written so that it stays text (guard_text); in a
// tree built from blocks (text, HTML), bare URLs become the links GFM would
// read (link_bare_text). E-mail addresses become links in both.
std::string write_markdown(cmark_node* root, bool nfkc, bool read) {
  // Text nodes merged first, so that a tree and its consolidated copy (what
  // the next reading gives) come out the same.
  cmark_consolidate_text_nodes(root);
  // 2. Inlines: softbreaks become spaces, links to nowhere their text.
  std::vector<cmark_node*> softbreaks, dead_links, space_codes;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev != CMARK_EVENT_ENTER) return;
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_SOFTBREAK) {
      softbreaks.push_back(n);
    } else if (t == CMARK_NODE_CODE) {
      const char* lit = cmark_node_get_literal(n);
      if (lit && *lit && std::strspn(lit, " ") == std::strlen(lit)) space_codes.push_back(n);
    } else if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) && !settle_link(n)) {
      dead_links.push_back(n);
    }
  });
  for (cmark_node* n : softbreaks) {
    cmark_node* space = text_node(" ");
    cmark_node_replace(n, space);
    cmark_node_free(n);
  }
  // An ATX heading, as the writer writes every heading, is one line: a hard
  // line break (read from a setext heading) is a space there.
  for (cmark_node* n : heading_breaks(root)) {
    cmark_node* space = text_node(" ");
    cmark_node_replace(n, space);
    cmark_node_free(n);
  }
  // A code span of spaces only: cmark pads it with one more space on each
  // side, which a second parse keeps (it strips nothing from all-space code),
  // so it would grow each time. It is written raw, as it was read.
  for (cmark_node* n : space_codes) {
    cmark_node* raw = cmark_node_new(CMARK_NODE_HTML_INLINE);
    std::string code = "`";
    code += cmark_node_get_literal(n);
    code += '`';
    cmark_node_set_literal(raw, code.c_str());
    cmark_node_replace(n, raw);
    cmark_node_free(n);
  }
  for (auto l = dead_links.rbegin(); l != dead_links.rend(); ++l) {
    while (cmark_node* c = cmark_node_first_child(*l)) {
      cmark_node_unlink(c);
      cmark_node_insert_before(*l, c);
    }
    remove_node(*l);
  }
  cmark_consolidate_text_nodes(root);

  // 3. Unicode rules in text nodes (code spans, code blocks and HTML untouched);
  //    containers collected in post-order for the empty-container sweep.
  //    The one fold outside the readers: a tree read from Markdown keeps the
  //    input's bytes in its text nodes until here (cuts are mapped by them,
  //    render_markdown.cc), and only merged nodes fold as the text does (an
  //    entity is a node of its own: "e&#769;" composes to one character).
  std::vector<cmark_node*> post_order;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT) {
      const char* lit = cmark_node_get_literal(n);
      std::string clean = canonical_inline(lit ? lit : "", nfkc);
      if (!lit || clean != lit) cmark_node_set_literal(n, clean.c_str());
    } else if (ev == CMARK_EVENT_EXIT && n != root && is_container(n)) {
      post_order.push_back(n);
    }
  });

  // On canonical text: what canonicalisation drops or folds (an invalid
  // byte, a zero-width space at a span's edge) must not decide.
  link_bare_text(root, !read);
  spaces_out_of_spans(root);
  trim_around_linebreaks(root);
  flatten_ambiguous_emphasis(root);
  flatten_unflanked(root);
  fold_space_runs(root);

  // 4. Containers left empty go, children before parents (only childless
  //    nodes go, so no later entry is freed with them). Lists then get the
  //    looseness their blocks left will read back with, on the blocks as
  //    they are (a break still a break), before task items and the blocks
  //    that open items are written in other forms, in the same order as ever.
  for (cmark_node*& n : post_order) {
    cmark_node_type t = cmark_node_get_type(n);
    bool cell = is_type(n, "table_cell");
    if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || cell) trim_edges(n);
    if (cell) continue;  // an empty cell keeps its column
    if (!cmark_node_first_child(n)) {
      remove_node(n);
      n = nullptr;
    }
  }
  tighten_lists(root);
  breaks_after_paragraphs(root);
  for (cmark_node* n : post_order) {
    cmark_node_type t = n ? cmark_node_get_type(n) : CMARK_NODE_NONE;
    if (t == CMARK_NODE_LIST) {
      plain_task_items(n);
    } else if (t == CMARK_NODE_ITEM) {
      raw_first_block(n);
    }
  }
  html_paragraphs_as_blocks(root);
  separate_code_blocks(root);
  end_lists(root);
  html_blocks_without_line_end(root);
  if (read) guard_text(root);

  char* out = cmark_render_commonmark(root, kMarkdownOptions, 0);
  std::string text = out ? out : "";
  std::free(out);
  // One final newline, no blank lines at either end.
  std::size_t b = text.find_first_not_of('\n');
  if (b == std::string::npos) return "";
  std::size_t e = text.find_last_not_of('\n');
  return text.substr(b, e + 1 - b) + "\n";
}

}  // namespace normalize::internal

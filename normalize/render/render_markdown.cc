// Surviving blocks of a Markdown document -> canonical Markdown, written by
// cmark-gfm's CommonMark renderer with fixed options. The tree read by
// read_markdown.cc is edited in place: leaves whose block was removed go,
// cut blocks get their remaining text, containers left empty go, links to
// nowhere ("" or "#") become their text, and text nodes (never code) get
// DESIGN.md's Unicode rules. Blocks read without a tree (text, HTML) get one
// from markdown_from_blocks.cc. The writer (markdown_writer.cc) runs once.
// Knows nothing of rules; reads only what survived.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "normalize/render/cmark_nodes.h"
#include "normalize/render/markdown_writer.h"
#include "normalize/render/render.h"
#include "normalize/text/canonical.h"
#include "normalize/text/document.h"
#include "normalize/text/markdown_tree.h"

namespace normalize::internal {
namespace {

// The check box the reader put at the start of a task item's first block
// ("[x] "): the item writes it (tasklist, or plain_task_items), so the
// block's text in the tree goes without it; "" for any other leaf.
std::string task_box(cmark_node* leaf) {
  cmark_node* item = cmark_node_parent(leaf);
  if (!item || !is_type(item, "tasklist") || cmark_node_first_child(item) != leaf) return "";
  return cmark_gfm_extensions_get_tasklist_item_checked(item) ? "[x] " : "[ ] ";
}

// A cut block keeps its remaining text; inline formatting of that block goes.
void replace_text(cmark_node* leaf, const std::string& text) {
  if (is_type(leaf, "table_header") || is_type(leaf, "table_row")) {
    std::vector<std::string> cells;
    std::size_t i = 0;
    while (true) {
      std::size_t j = text.find(" | ", i);
      cells.push_back(text.substr(i, j == std::string::npos ? std::string::npos : j - i));
      if (j == std::string::npos) break;
      i = j + 3;
    }
    std::vector<cmark_node*> nodes;
    for (cmark_node* c = cmark_node_first_child(leaf); c; c = cmark_node_next(c)) nodes.push_back(c);
    if (cells.size() != nodes.size()) {  // cut across cells: all of it in the first
      cells.assign(nodes.size(), "");
      if (!nodes.empty()) cells[0] = text;
    }
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      remove_children(nodes[k]);
      if (!cells[k].empty()) cmark_node_append_child(nodes[k], text_node(cells[k]));
    }
    return;
  }
  cmark_node_type t = cmark_node_get_type(leaf);
  if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING) return;  // HTML, breaks: kept whole
  remove_children(leaf);
  cmark_node_append_child(leaf, text_node(text));
}

// Whether [b, e) meets one of the sorted, disjoint `removed` ranges.
bool overlaps(const std::vector<std::pair<std::size_t, std::size_t>>& removed, std::size_t b, std::size_t e) {
  auto it = std::upper_bound(removed.begin(), removed.end(), std::make_pair(b, static_cast<std::size_t>(-1)));
  if (it != removed.begin() && std::prev(it)->second > b) return true;
  return it != removed.end() && it->first < e;
}

// Cuts a block's inlines by source bytes: each verbatim text node (the
// reader left its input offset in the node's user data) keeps the bytes the
// cut block's map still holds, so emphasis and links around the kept text
// stay. Returns false, changing nothing, when that cannot be done exactly: a
// text node that is not a verbatim copy, or a result whose plain text is not
// the block's text.
bool cut_inlines(cmark_node* leaf, const Block& block, bool nfkc, const MarkdownTree& tree,
                 const std::vector<std::pair<std::size_t, std::size_t>>& removed) {
  using Interval = std::pair<std::size_t, std::size_t>;
  std::vector<Interval> solid, spacey;  // spacey: a cut's joining space, which holds only whitespace
  const auto& pieces = block.map.pieces();
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const auto& p = pieces[k];
    std::size_t len = (k + 1 < pieces.size() ? pieces[k + 1].dst : block.map.length()) - p.dst;
    if (p.copy) {
      solid.emplace_back(p.src_begin, p.src_begin + len);
    } else if (len == 1 && block.text[p.dst] == ' ') {
      spacey.emplace_back(p.src_begin, p.src_end);
    } else {
      solid.emplace_back(p.src_begin, p.src_end);
    }
  }
  auto covers = [](std::vector<Interval>& v) {
    std::sort(v.begin(), v.end());
    std::vector<Interval> merged;
    for (const Interval& i : v) {
      if (!merged.empty() && i.first <= merged.back().second) {
        merged.back().second = std::max(merged.back().second, i.second);
      } else {
        merged.push_back(i);
      }
    }
    v = std::move(merged);
  };
  covers(solid);
  covers(spacey);
  auto find = [](const std::vector<Interval>& v, std::size_t pos) -> std::ptrdiff_t {
    auto it = std::upper_bound(v.begin(), v.end(), Interval(pos, static_cast<std::size_t>(-1)));
    return it != v.begin() && pos < std::prev(it)->second ? std::prev(it) - v.begin() : -1;
  };
  auto in = [&](const std::vector<Interval>& v, std::size_t pos) { return find(v, pos) >= 0; };
  // A folded space stands for one whitespace byte of its range: the first met.
  std::vector<bool> space_used(spacey.size(), false);
  auto keep_space = [&](std::size_t pos) {
    std::ptrdiff_t k = find(spacey, pos);
    if (k < 0 || space_used[static_cast<std::size_t>(k)]) return false;
    space_used[static_cast<std::size_t>(k)] = true;
    return true;
  };
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };

  std::vector<std::pair<cmark_node*, std::string>> edits;  // new literals; "" removes the node
  std::string plain = task_box(leaf);
  bool first_cell = true, exact = true;
  cmark_iter* it = cmark_iter_new(leaf);
  cmark_event_type ev;
  while (exact && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev != CMARK_EVENT_ENTER) continue;
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
      auto ud = reinterpret_cast<std::uintptr_t>(cmark_node_get_user_data(n));
      const char* lit = cmark_node_get_literal(n);
      if (!ud || ud > tree.text_spans.size() || !lit) {
        exact = false;
        break;
      }
      const MarkdownTree::TextSpan& span = tree.text_spans[ud - 1];
      std::string_view l(lit);
      // Rules never cut into inline code; text no removal touches stays whole.
      if (t == CMARK_NODE_CODE || !overlaps(removed, span.begin, span.end)) {
        plain += l;
        continue;
      }
      if (!span.verbatim) {
        exact = false;
        break;
      }
      std::size_t src = span.begin;
      std::string kept;
      bool dropped = false;
      for (std::size_t i = 0; i < l.size(); ++i) {
        bool keep = in(solid, src + i) || (is_space(l[i]) && keep_space(src + i));
        if (!keep) {
          dropped = true;
          continue;
        }
        if (dropped && !kept.empty() && !is_space(kept.back()) && !is_space(l[i])) kept += ' ';
        dropped = false;
        kept += l[i];
      }
      plain += kept;
      if (kept != l) edits.emplace_back(n, kept);
    } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
      plain += ' ';
    } else if (n != leaf && is_type(n, "table_cell")) {
      if (!first_cell) plain += " | ";
      first_cell = false;
    }
  }
  cmark_iter_free(it);
  if (!exact || canonical_text(plain, nfkc) != block.text) return false;
  for (auto& [n, lit] : edits) {
    if (lit.empty()) {
      remove_node(n);
    } else {
      cmark_node_set_literal(n, lit.c_str());
    }
  }
  // Inline containers left empty go, children before parents.
  std::vector<cmark_node*> empties;
  it = cmark_iter_new(leaf);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_EXIT && n != leaf && (cmark_node_get_type(n) & CMARK_NODE_TYPE_INLINE) == CMARK_NODE_TYPE_INLINE) {
      empties.push_back(n);
    }
  }
  cmark_iter_free(it);
  for (cmark_node* n : empties) {
    if (!cmark_node_first_child(n)) remove_node(n);
  }
  return true;
}

// The plain-text fallback for a cut paragraph, heading or table row, keeping
// its code spans as code (rules never cut into them, and a second reading must
// find them protected again). Each byte of the block's text goes to the cell
// whose input range holds its source (a row's " | " joins hold none), and
// where it comes from a code span, that span comes back once, as it was read.
bool replace_text_keeping_code(cmark_node* leaf, const Block& block, const MarkdownTree& tree) {
  cmark_node_type lt = cmark_node_get_type(leaf);
  bool row = is_type(leaf, "table_header") || is_type(leaf, "table_row");
  if (lt != CMARK_NODE_PARAGRAPH && lt != CMARK_NODE_HEADING && !row) return false;
  struct Cell {
    explicit Cell(cmark_node* n) : node(n) {}
    cmark_node* node;
    std::size_t begin = static_cast<std::size_t>(-1), end = 0;
    std::vector<std::pair<cmark_node*, MarkdownTree::TextSpan>> codes;
    std::vector<cmark_node*> parts;
    std::vector<bool> used;
    std::string run;
  };
  std::vector<Cell> cells;
  if (row) {
    for (cmark_node* c = cmark_node_first_child(leaf); c; c = cmark_node_next(c)) cells.emplace_back(c);
  } else {
    cells.emplace_back(leaf);
  }
  bool any_code = false;
  for (Cell& cell : cells) {
    cmark_iter* it = cmark_iter_new(cell.node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
      cmark_node* n = cmark_iter_get_node(it);
      auto ud = reinterpret_cast<std::uintptr_t>(cmark_node_get_user_data(n));
      if (ev != CMARK_EVENT_ENTER || !ud || ud > tree.text_spans.size()) continue;
      const MarkdownTree::TextSpan& span = tree.text_spans[ud - 1];
      cell.begin = std::min(cell.begin, span.begin);
      cell.end = std::max(cell.end, span.end);
      if (cmark_node_get_type(n) == CMARK_NODE_CODE) {
        cell.codes.emplace_back(n, span);
        any_code = true;
      }
    }
    cmark_iter_free(it);
    cell.used.assign(cell.codes.size(), false);
  }
  if (!any_code) return false;
  Cell* current = row ? nullptr : &cells[0];
  const std::string box = task_box(leaf);
  const std::size_t from = block.text.compare(0, box.size(), box) == 0 ? box.size() : 0;
  for (std::size_t i = from; i < block.text.size(); ++i) {
    std::size_t src = block.map.source_begin(i);
    if (row) {
      Cell* found = nullptr;
      for (Cell& cell : cells) {
        if (src >= cell.begin && src < cell.end) found = &cell;
      }
      if (found) current = found;
      // The " | " that joins cells in the text (its '|' stands for the
      // delimiter between them, and ends the text before an empty last
      // cell) is no cell's; any other byte of no cell: give up.
      if (!found && block.text[i] != ' ' && block.text[i] != '|') return false;
      if (!found) continue;
    }
    int k = -1;
    if (block.text[i] != ' ') {
      for (std::size_t c = 0; c < current->codes.size(); ++c) {
        if (src >= current->codes[c].second.begin && src < current->codes[c].second.end) k = static_cast<int>(c);
      }
    }
    if (k < 0) {
      current->run += block.text[i];
      continue;
    }
    if (current->used[static_cast<std::size_t>(k)]) continue;
    current->used[static_cast<std::size_t>(k)] = true;
    if (!current->run.empty()) current->parts.push_back(text_node(current->run));
    current->run.clear();
    cmark_node* code = cmark_node_new(CMARK_NODE_CODE);
    cmark_node_set_literal(code, cmark_node_get_literal(current->codes[static_cast<std::size_t>(k)].first));
    current->parts.push_back(code);
  }
  for (Cell& cell : cells) {
    if (!cell.run.empty()) cell.parts.push_back(text_node(cell.run));
    remove_children(cell.node);
    for (cmark_node* p : cell.parts) cmark_node_append_child(cell.node, p);
  }
  return true;
}

bool inside(const std::vector<std::pair<std::size_t, std::size_t>>& removed, std::size_t b, std::size_t e) {
  auto it = std::upper_bound(removed.begin(), removed.end(), std::make_pair(b, static_cast<std::size_t>(-1)));
  if (it == removed.begin()) return false;
  --it;
  return it->first <= b && e <= it->second;
}

}  // namespace

std::string render_markdown(const Document& doc, const Decisions& decisions, std::shared_ptr<void> tree_owner,
                            bool nfkc, bool flat) {
  auto* tree = flat ? nullptr : static_cast<MarkdownTree*>(tree_owner.get());
  MarkdownTree plain;  // blocks without a Markdown tree (text, HTML), built from their kinds
  if (!tree || !tree->root) {
    plain.root = tree_from_blocks(decisions.kept, doc.urls, nfkc, flat);
    tree = &plain;
  }

  // 1. Leaves: keep, cut or remove.
  std::vector<const Block*> survivor(tree->leaves.size(), nullptr);
  for (const Block* b : decisions.kept) {
    if (tree == &plain) break;
    if (b->node >= 0 && static_cast<std::size_t>(b->node) < survivor.size()) survivor[b->node] = b;
  }
  const std::vector<std::pair<std::size_t, std::size_t>> removed = decisions.covered();
  std::vector<MarkdownTree::Leaf*> removed_headers;
  for (std::size_t i = 0; i < tree->leaves.size(); ++i) {
    MarkdownTree::Leaf& leaf = tree->leaves[i];
    if (!leaf.node) continue;
    if (const Block* b = survivor[i]) {
      if (b->text != leaf.text && !cut_inlines(leaf.node, *b, nfkc, *tree, removed) &&
          !replace_text_keeping_code(leaf.node, *b, *tree)) {
        const std::string box = task_box(leaf.node);
        replace_text(leaf.node, b->text.compare(0, box.size(), box) == 0 ? b->text.substr(box.size()) : b->text);
      }
      continue;
    }
    bool gone = leaf.has_block || inside(removed, leaf.begin, leaf.end);
    if (gone && is_type(leaf.node, "table_header")) {
      removed_headers.push_back(&leaf);  // decided once the body rows are settled
    } else if (gone) {
      remove_node(leaf.node);
      leaf.node = nullptr;
    }
  }
  for (MarkdownTree::Leaf* header : removed_headers) {
    if (cmark_node_next(header->node)) {
      // A table keeps a header row: the removed header stays, with empty cells.
      for (cmark_node* c = cmark_node_first_child(header->node); c; c = cmark_node_next(c)) remove_children(c);
    } else {
      remove_node(cmark_node_parent(header->node));  // no row left: the table goes
      header->node = nullptr;
    }
  }

  // Written once: render_tree writes each node so that it reads back as the
  // same node (see fixtures/markdown/idempotence.md and regression/), so the
  // output cleaned again comes out the same.
  std::string text = write_markdown(tree->root, nfkc, tree != &plain);
  return text;
}

}  // namespace normalize::internal

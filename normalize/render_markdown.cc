// Surviving blocks of a Markdown document -> canonical Markdown, written by
// cmark-gfm's CommonMark renderer with fixed options. The tree read by
// read_markdown.cc is edited in place: leaves whose block was removed go,
// cut blocks get their remaining text, containers left empty go, links to
// nowhere ("" or "#") become their text, and text nodes (never code) get
// DESIGN.md's Unicode rules. Knows nothing of rules; reads only what survived.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "normalize/canonical.h"
#include "normalize/markdown_tree.h"
#include "normalize/pipeline.h"

namespace normalize::internal {
namespace {

constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE | CMARK_OPT_NOBREAKS;

bool is_type(cmark_node* n, const char* name) { return std::strcmp(cmark_node_get_type_string(n), name) == 0; }

void remove_node(cmark_node* n) {
  cmark_node_unlink(n);
  cmark_node_free(n);
}

void remove_children(cmark_node* n) {
  while (cmark_node* c = cmark_node_first_child(n)) remove_node(c);
}

cmark_node* text_node(const std::string& text) {
  cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(t, text.c_str());
  return t;
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
  std::string plain;
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
  for (std::size_t i = 0; i < block.text.size(); ++i) {
    std::size_t src = block.map.source_begin(i);
    if (row) {
      Cell* found = nullptr;
      for (Cell& cell : cells) {
        if (src >= cell.begin && src < cell.end) found = &cell;
      }
      if (found) current = found;
      if (!found && block.text[i] != ' ') return false;  // a byte of no cell: give up
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

bool is_container(cmark_node* n) {
  cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE || is_type(n, "table") ||
         t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || is_type(n, "table_cell");
}

bool is_blank_text(cmark_node* n) {
  if (cmark_node_get_type(n) != CMARK_NODE_TEXT) return false;
  const char* lit = cmark_node_get_literal(n);
  return !lit || std::strspn(lit, " ") == std::strlen(lit);
}

// Leading and trailing spaces of a paragraph or heading would not survive a
// second parse; neither would a block that is only spaces.
void trim_edges(cmark_node* block) {
  for (int end = 0; end < 2; ++end) {
    while (cmark_node* c = end ? cmark_node_last_child(block) : cmark_node_first_child(block)) {
      cmark_node_type t = cmark_node_get_type(c);
      if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK || is_blank_text(c)) {
        remove_node(c);
        continue;
      }
      if (t == CMARK_NODE_TEXT) {
        std::string lit = cmark_node_get_literal(c);
        std::size_t b = end ? 0 : lit.find_first_not_of(' ');
        std::size_t e = end ? lit.find_last_not_of(' ') + 1 : lit.size();
        if (b != 0 || e != lit.size()) cmark_node_set_literal(c, lit.substr(b, e - b).c_str());
      }
      break;
    }
  }
}

bool inside(const std::vector<std::pair<std::size_t, std::size_t>>& removed, std::size_t b, std::size_t e) {
  auto it = std::upper_bound(removed.begin(), removed.end(), std::make_pair(b, static_cast<std::size_t>(-1)));
  if (it == removed.begin()) return false;
  --it;
  return it->first <= b && e <= it->second;
}

// cmark-gfm writes a task item as "- [x] " with a two-space continuation
// whatever its list, so in an ordered list, or next to plain items, a second
// parse nests or renumbers. There the check box becomes the item's text.
void plain_task_items(cmark_node* list) {
  bool tasks = false, plain = false;
  for (cmark_node* c = cmark_node_first_child(list); c; c = cmark_node_next(c)) {
    (is_type(c, "tasklist") ? tasks : plain) = true;
  }
  if (!tasks || (!plain && cmark_node_get_list_type(list) == CMARK_BULLET_LIST)) return;
  std::vector<cmark_node*> items;
  for (cmark_node* c = cmark_node_first_child(list); c; c = cmark_node_next(c)) {
    if (is_type(c, "tasklist")) items.push_back(c);
  }
  for (cmark_node* item : items) {
    cmark_node* plain_item = cmark_node_new(CMARK_NODE_ITEM);
    std::string box = cmark_gfm_extensions_get_tasklist_item_checked(item) ? "[x] " : "[ ] ";
    cmark_node* first = cmark_node_first_child(item);
    if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
      cmark_node_prepend_child(first, text_node(box));
    } else {
      cmark_node* p = cmark_node_new(CMARK_NODE_PARAGRAPH);
      cmark_node_append_child(p, text_node(box));
      cmark_node_append_child(plain_item, p);
    }
    while (cmark_node* c = cmark_node_first_child(item)) {
      cmark_node_unlink(c);
      cmark_node_append_child(plain_item, c);
    }
    cmark_node_insert_before(item, plain_item);
    remove_node(item);
  }
  cmark_consolidate_text_nodes(list);
}

// Whether `s` may stand between < and > as a CommonMark autolink: a URI
// (scheme:no-spaces-or-angles) or an e-mail address.
bool valid_autolink(std::string_view s) {
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  std::size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon >= 2 && colon <= 32 && alpha(s[0])) {
    bool scheme = std::all_of(s.begin(), s.begin() + colon,
                              [&](char c) { return alnum(c) || c == '+' || c == '.' || c == '-'; });
    bool rest = std::none_of(s.begin() + colon, s.end(), [](char c) {
      return c == '<' || c == '>' || static_cast<unsigned char>(c) <= ' ';
    });
    if (scheme && rest) return true;
  }
  std::size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  const std::string_view local_ok = ".!#$%&'*+/=?^_`{|}~-";
  for (std::size_t i = 0; i < at; ++i) {
    if (!alnum(s[i]) && local_ok.find(s[i]) == std::string_view::npos) return false;
  }
  std::string_view domain = s.substr(at + 1);
  std::size_t start = 0;
  while (true) {
    std::size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || !alnum(label.front()) || !alnum(label.back())) return false;
    if (!std::all_of(label.begin(), label.end(), [&](char c) { return alnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// A link whose text is its target is written as <target>; when the target
// cannot be an autolink, that reads back as text in which GFM finds a new
// link (taking escapes into it), one more layer each time.
bool bad_autolink(cmark_node* link) {
  const char* url = cmark_node_get_url(link);
  const char* title = cmark_node_get_title(link);
  cmark_node* text = cmark_node_first_child(link);
  if (!url || !*url || (title && *title) || !text || cmark_node_next(text) ||
      cmark_node_get_type(text) != CMARK_NODE_TEXT) {
    return false;
  }
  std::string_view u = url, t = cmark_node_get_literal(text) ? cmark_node_get_literal(text) : "";
  std::string_view bare = u.substr(0, 7) == "mailto:" ? u.substr(7) : u;
  if (t != u && t != bare) return false;
  return !valid_autolink(u.substr(0, 7) == "mailto:" && t == bare ? bare : u);
}

// cmark writes an HTML block or a thematic break that opens a list item after
// a blank line, which moves the item's content column on the next parse. Such
// a block is written raw right after the marker instead (a paragraph holding
// it as inline HTML), which reads back as the same block.
void raw_first_block(cmark_node* item) {
  cmark_node* first = cmark_node_first_child(item);
  cmark_node_type t = cmark_node_get_type(first);
  if (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_THEMATIC_BREAK) return;
  std::string raw = t == CMARK_NODE_THEMATIC_BREAK ? "-----" : cmark_node_get_literal(first);
  while (!raw.empty() && raw.back() == '\n') raw.pop_back();
  cmark_node* p = cmark_node_new(CMARK_NODE_PARAGRAPH);
  cmark_node* html = cmark_node_new(CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal(html, raw.c_str());
  cmark_node_append_child(p, html);
  cmark_node_insert_before(first, p);
  remove_node(first);
}

// Two code blocks left next to each other would read back as one; an empty
// HTML comment keeps them apart, as cmark does after a list.
void separate_code_blocks(cmark_node* root) {
  std::vector<cmark_node*> seconds;
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node* prev = cmark_node_previous(n);
    auto indented = [](cmark_node* c) {
      const char* info = cmark_node_get_fence_info(c);
      return cmark_node_get_type(c) == CMARK_NODE_CODE_BLOCK && (!info || !*info);
    };
    if (ev == CMARK_EVENT_ENTER && prev && indented(n) && indented(prev)) {
      seconds.push_back(n);
    }
  }
  cmark_iter_free(it);
  for (cmark_node* n : seconds) {
    cmark_node* sep = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(sep, "<!-- -->");
    cmark_node_insert_before(n, sep);
  }
}

// Whether a text node's literal starts (or ends) with '*' or '_'.
bool edge_delimiter(cmark_node* n, bool at_end) {
  if (!n || cmark_node_get_type(n) != CMARK_NODE_TEXT) return false;
  const char* lit = cmark_node_get_literal(n);
  if (!lit || !*lit) return false;
  char c = at_end ? lit[std::strlen(lit) - 1] : lit[0];
  return c == '*' || c == '_';
}

// Emphasis touching a literal '*' or '_' can pair differently once the
// literal one is written escaped (a backslash is punctuation to the flanking
// rules), so in a block where that happens, or everywhere when `all`,
// emphasis and strong emphasis become their text.
void flatten_ambiguous_emphasis(cmark_node* root, bool all) {
  std::vector<cmark_node*> unwrap, pending;
  bool touching = false;
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    bool leaf = t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || is_type(n, "table_cell");
    if (leaf && ev == CMARK_EVENT_ENTER) {
      pending.clear();
      touching = false;
    } else if (leaf) {
      if (all || touching) unwrap.insert(unwrap.end(), pending.begin(), pending.end());
      pending.clear();
    } else if (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG)) {
      pending.push_back(n);
      touching = touching || edge_delimiter(cmark_node_previous(n), true) ||
                 edge_delimiter(cmark_node_next(n), false) || edge_delimiter(cmark_node_first_child(n), false) ||
                 edge_delimiter(cmark_node_last_child(n), true);
    }
  }
  cmark_iter_free(it);
  for (cmark_node* n : unwrap) {  // children before parents
    while (cmark_node* c = cmark_node_first_child(n)) {
      cmark_node_unlink(c);
      cmark_node_insert_before(n, c);
    }
    remove_node(n);
  }
  if (!unwrap.empty()) cmark_consolidate_text_nodes(root);
}

bool same_string(const char* a, const char* b) { return std::strcmp(a ? a : "", b ? b : "") == 0; }

// Whether two trees hold the same nodes with the same fields the writer and
// render_tree read (positions aside).
bool same_tree(cmark_node* a, cmark_node* b) {
  cmark_iter* ia = cmark_iter_new(a);
  cmark_iter* ib = cmark_iter_new(b);
  bool same = true;
  while (same) {
    cmark_event_type ea = cmark_iter_next(ia), eb = cmark_iter_next(ib);
    if (ea != eb) {
      same = false;
      break;
    }
    if (ea == CMARK_EVENT_DONE) break;
    cmark_node* x = cmark_iter_get_node(ia);
    cmark_node* y = cmark_iter_get_node(ib);
    cmark_node_type t = cmark_node_get_type(x);
    if (t != cmark_node_get_type(y) || cmark_node_get_syntax_extension(x) != cmark_node_get_syntax_extension(y) ||
        !same_string(cmark_node_get_type_string(x), cmark_node_get_type_string(y))) {
      same = false;
      break;
    }
    if (ea != CMARK_EVENT_ENTER) continue;
    switch (t) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_HTML_INLINE:
      case CMARK_NODE_HTML_BLOCK:
        same = same_string(cmark_node_get_literal(x), cmark_node_get_literal(y));
        break;
      case CMARK_NODE_CODE_BLOCK:
        same = same_string(cmark_node_get_literal(x), cmark_node_get_literal(y)) &&
               same_string(cmark_node_get_fence_info(x), cmark_node_get_fence_info(y));
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        same = same_string(cmark_node_get_url(x), cmark_node_get_url(y)) &&
               same_string(cmark_node_get_title(x), cmark_node_get_title(y));
        break;
      case CMARK_NODE_HEADING:
        same = cmark_node_get_heading_level(x) == cmark_node_get_heading_level(y);
        break;
      case CMARK_NODE_LIST:
        same = cmark_node_get_list_type(x) == cmark_node_get_list_type(y) &&
               cmark_node_get_list_delim(x) == cmark_node_get_list_delim(y) &&
               cmark_node_get_list_start(x) == cmark_node_get_list_start(y) &&
               cmark_node_get_list_tight(x) == cmark_node_get_list_tight(y);
        break;
      case CMARK_NODE_ITEM:
        if (is_type(x, "tasklist")) {
          same = cmark_gfm_extensions_get_tasklist_item_checked(x) == cmark_gfm_extensions_get_tasklist_item_checked(y);
        }
        break;
      case CMARK_NODE_CUSTOM_BLOCK:
      case CMARK_NODE_CUSTOM_INLINE:
        same = same_string(cmark_node_get_on_enter(x), cmark_node_get_on_enter(y)) &&
               same_string(cmark_node_get_on_exit(x), cmark_node_get_on_exit(y));
        break;
      default:
        if (is_type(x, "table")) {
          uint16_t cols = cmark_gfm_extensions_get_table_columns(x);
          same = cols == cmark_gfm_extensions_get_table_columns(y);
          const uint8_t* ax = cmark_gfm_extensions_get_table_alignments(x);
          const uint8_t* ay = cmark_gfm_extensions_get_table_alignments(y);
          for (uint16_t c = 0; same && c < cols; ++c) same = (ax ? ax[c] : 0) == (ay ? ay[c] : 0);
        } else if (is_type(x, "table_header") || is_type(x, "table_row")) {
          same = cmark_gfm_extensions_get_table_row_is_header(x) == cmark_gfm_extensions_get_table_row_is_header(y);
        }
        break;
    }
  }
  cmark_iter_free(ia);
  cmark_iter_free(ib);
  return same;
}

// Steps 2-4 and the writer, on a tree whose removed leaves are gone.
std::string render_tree(cmark_node* root, bool nfkc, bool flatten_all = false) {
  // Text nodes merged first, so that a tree and its consolidated copy come
  // out the same (render_markdown relies on it).
  cmark_consolidate_text_nodes(root);
  // 2. Inlines: softbreaks become spaces, links to nowhere their text.
  std::vector<cmark_node*> softbreaks, dead_links, space_codes;
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_SOFTBREAK) {
      softbreaks.push_back(n);
    } else if (t == CMARK_NODE_CODE) {
      const char* lit = cmark_node_get_literal(n);
      if (lit && *lit && std::strspn(lit, " ") == std::strlen(lit)) space_codes.push_back(n);
    } else if (t == CMARK_NODE_LINK) {
      const char* url = cmark_node_get_url(n);
      if (!url || !*url || std::strcmp(url, "#") == 0) {
        dead_links.push_back(n);
      } else if (bad_autolink(n)) {
        // Written as [text](target) instead: the target percent-encodes what
        // made it invalid, so it differs from the text and reads back the same.
        std::string encoded;
        static const char kHex[] = "0123456789ABCDEF";
        for (unsigned char c : std::string_view(url)) {
          if (std::isalnum(c) || std::strchr(":/.?=&#@-%", c) || c >= 0x80) {
            encoded += static_cast<char>(c);
          } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
          }
        }
        if (encoded != url) {
          cmark_node_set_url(n, encoded.c_str());
        } else {
          dead_links.push_back(n);
        }
      }
    }
  }
  cmark_iter_free(it);
  for (cmark_node* n : softbreaks) {
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
  flatten_ambiguous_emphasis(root, flatten_all);

  // 3. Unicode rules in text nodes (code spans, code blocks and HTML untouched);
  //    containers collected in post-order for the empty-container sweep.
  std::vector<cmark_node*> post_order;
  it = cmark_iter_new(root);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT) {
      const char* lit = cmark_node_get_literal(n);
      std::string clean = canonical_inline(lit ? lit : "", nfkc);
      if (!lit || clean != lit) cmark_node_set_literal(n, clean.c_str());
    } else if (ev == CMARK_EVENT_EXIT && n != root && is_container(n)) {
      post_order.push_back(n);
    }
  }
  cmark_iter_free(it);

  // 4. Containers left empty go, children before parents.
  for (cmark_node* n : post_order) {
    cmark_node_type t = cmark_node_get_type(n);
    bool cell = is_type(n, "table_cell");
    if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || cell) trim_edges(n);
    if (cell) continue;  // an empty cell keeps its column
    if (!cmark_node_first_child(n)) {
      remove_node(n);
    } else if (t == CMARK_NODE_LIST) {
      plain_task_items(n);
    } else if (t == CMARK_NODE_ITEM) {
      raw_first_block(n);
    }
  }
  separate_code_blocks(root);

  char* out = cmark_render_commonmark(root, kOptions, 0);
  std::string text = out ? out : "";
  std::free(out);
  // One final newline, no blank lines at either end.
  std::size_t b = text.find_first_not_of('\n');
  if (b == std::string::npos) return "";
  std::size_t e = text.find_last_not_of('\n');
  return text.substr(b, e + 1 - b) + "\n";
}

// A new node of `type` holding `child`.
cmark_node* holding(cmark_node_type type, cmark_node* child) {
  cmark_node* node = cmark_node_new(type);
  cmark_node_append_child(node, child);
  return node;
}

// ---- Inline markup of blocks read without a tree (HTML) ---------------------
// A block's spans (Block::inlines) hold input offsets; a text byte is inside
// a span when its source is. Each span becomes a range of the block's text,
// trimmed of spaces at its edges, nested in the spans around it, and is left
// out where Markdown could not say it so that it reads back the same: the
// plain text of what is written is the block's text whatever is left out.

// Where each byte of a block's text comes from; empty when that does not grow
// with the text (then no span can be placed).
std::vector<std::size_t> text_sources(const Block& b) {
  std::vector<std::size_t> src;
  src.reserve(b.text.size());
  const auto& pieces = b.map.pieces();
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    const auto& p = pieces[k];
    std::size_t len = (k + 1 < pieces.size() ? pieces[k + 1].dst : b.map.length()) - p.dst;
    for (std::size_t i = 0; i < len; ++i) src.push_back(p.copy ? p.src_begin + i : p.src_begin);
  }
  if (src.size() != b.text.size() || !std::is_sorted(src.begin(), src.end())) src.clear();
  return src;
}

// A span placed on the text: text[b, e).
struct Placed {
  std::size_t b = 0, e = 0;
  Inline::Kind kind = Inline::kEmphasis;
  std::string_view url;
  int parent = -1;  // the span it was nested in; for a merged span, the one it joined
  bool live = true;
};

bool is_emphasis(const Placed& s) { return s.kind == Inline::kEmphasis || s.kind == Inline::kStrong; }

// What stands next to a delimiter run, for CommonMark's flanking rules.
enum class Side { kSpace, kPunct, kOther };

Side side_of(std::string_view text, std::size_t i, bool before) {
  if (before) {
    if (i == 0) return Side::kSpace;
    --i;
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  } else if (i >= text.size()) {
    return Side::kSpace;
  }
  auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 == ' ') return Side::kSpace;
  std::size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  char32_t c = n == 1 ? b0 : b0 & (0x7F >> n);
  for (std::size_t k = 1; k < n && i + k < text.size(); ++k) c = (c << 6) | (text[i + k] & 0x3F);
  return is_punctuation(c) ? Side::kPunct : Side::kOther;
}

class InlineSpans {
 public:
  // The spans of b over text[from, to) (a cell of a row, or all of it).
  InlineSpans(const Block& b, std::string_view urls, const std::vector<std::size_t>& src, std::size_t from,
              std::size_t to, bool cell)
      : text_(b.text), from_(from), to_(to), cell_(cell) {
    if (src.empty()) return;
    for (const Inline& in : b.inlines) {
      if (in.kind == Inline::kCell) continue;
      Placed s;
      auto at = [&](std::size_t pos, std::size_t lo) {
        return static_cast<std::size_t>(std::lower_bound(src.begin() + lo, src.begin() + to, pos) - src.begin());
      };
      s.b = at(in.begin, from);
      s.e = at(in.end, s.b);
      s.kind = in.kind;
      if (in.kind == Inline::kLink && std::size_t{in.url_begin} + in.url_size <= urls.size()) {
        s.url = urls.substr(in.url_begin, in.url_size);
      }
      trim(&s);
      if (s.b < s.e) spans_.push_back(s);
    }
    if (spans_.empty()) return;
    // Outer before inner; of equal ranges, the one read first is outer.
    std::stable_sort(spans_.begin(), spans_.end(),
                     [](const Placed& x, const Placed& y) { return x.b != y.b ? x.b < y.b : x.e > y.e; });
    nest();
    for (int round = 0; round < 4; ++round) {  // dropping one span can leave others touching
      relate();
      bool changed = join_touching();
      relate();
      if (!drop_unflanked() && !changed) break;
    }
  }

  // Appends the text and its inline nodes to `container`.
  void write(cmark_node* container) const;

 private:
  static constexpr int kNone = -1;

  void trim(Placed* s) const {
    while (s->b < s->e && text_[s->b] == ' ') ++s->b;
    while (s->e > s->b && text_[s->e - 1] == ' ') --s->e;
  }
  Placed& at(int i) { return spans_[static_cast<std::size_t>(i)]; }
  const Placed& at(int i) const { return spans_[static_cast<std::size_t>(i)]; }
  void nest();
  void relate();
  bool join_touching();
  bool drop_unflanked();
  Side before(int i) const;
  Side after(int i) const;
  Side first_inside(int i) const;
  Side last_inside(int i) const;

  std::string_view text_;
  std::size_t from_, to_;
  bool cell_;
  std::vector<Placed> spans_;
  // Between live spans (relate()): parent, neighbours in the parent, and the
  // first and last child; kNone where there is none.
  std::vector<int> parent_, prev_, next_, first_, last_;
};

// Spans from HTML nest, but a crossing one (misnested tags) is cut at its
// parent's end. Code holds only text; a link in a link, or emphasis in the
// same emphasis, adds nothing; in a table cell, code holding '|' would end
// the cell (the writer does not escape code), so it stays text.
void InlineSpans::nest() {
  std::vector<int> open;  // live spans around the current one, outermost first
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    Placed& s = spans_[i];
    while (!open.empty() && at(open.back()).e <= s.b) open.pop_back();
    if (!open.empty()) {
      s.e = std::min(s.e, at(open.back()).e);
      trim(&s);
    }
    bool redundant = std::any_of(open.begin(), open.end(), [&](int o) {
      return at(o).kind == s.kind || at(o).kind == Inline::kCode;
    });
    bool pipe_code = cell_ && s.kind == Inline::kCode && text_.substr(s.b, s.e - s.b).find('|') != std::string::npos;
    s.parent = open.empty() ? kNone : open.back();
    if (s.b >= s.e || redundant || pipe_code) {
      s.live = false;
      continue;
    }
    open.push_back(static_cast<int>(i));
  }
}

void InlineSpans::relate() {
  std::size_t n = spans_.size();
  parent_.assign(n, kNone);
  prev_.assign(n, kNone);
  next_.assign(n, kNone);
  first_.assign(n + 1, kNone);  // index n: the text itself
  last_.assign(n + 1, kNone);
  for (std::size_t i = 0; i < n; ++i) {
    if (!spans_[i].live) continue;
    int p = spans_[i].parent;
    while (p != kNone && !at(p).live) p = at(p).parent;  // spans dropped or joined hand on their children
    parent_[i] = p;
    std::size_t slot = p == kNone ? n : static_cast<std::size_t>(p);
    int prev = last_[slot];
    if (prev == kNone) {
      first_[slot] = static_cast<int>(i);
    } else {
      next_[static_cast<std::size_t>(prev)] = static_cast<int>(i);
      prev_[i] = prev;
    }
    last_[slot] = static_cast<int>(i);
  }
}

// Emphasis right after emphasis would write one run of delimiters ("*a**b*")
// that pairs otherwise: the same kind joins the one before, another kind
// stays text. Returns whether anything changed.
bool InlineSpans::join_touching() {
  bool changed = false;
  for (std::size_t i = 0; i < spans_.size(); ++i) {
    Placed& s = spans_[i];
    int p = prev_[i];
    if (!s.live || !is_emphasis(s) || p == kNone) continue;
    while (p != kNone && !at(p).live) p = at(p).parent;  // p itself may have joined the one before it
    if (p == kNone || at(p).e != s.b || !is_emphasis(at(p))) continue;
    s.live = false;
    changed = true;
    if (at(p).kind == s.kind) {
      at(p).e = s.e;
      s.parent = p;  // its children are p's now
    }
  }
  return changed;
}

// What stands on either side of an emphasis delimiter as written: a
// delimiter run shared with emphasis around or inside (same position) is
// one run, so look past it; links and code write punctuation there ("[",
// "](url)", "`").
Side InlineSpans::before(int i) const {
  const Placed& s = at(i);
  int p = parent_[static_cast<std::size_t>(i)];
  if (p != kNone && first_[static_cast<std::size_t>(p)] == i && at(p).b == s.b) {
    return is_emphasis(at(p)) ? before(p) : Side::kPunct;
  }
  int q = prev_[static_cast<std::size_t>(i)];
  if (q != kNone && at(q).e == s.b) return Side::kPunct;
  return s.b == from_ ? Side::kSpace : side_of(text_, s.b, true);
}

Side InlineSpans::after(int i) const {
  const Placed& s = at(i);
  int p = parent_[static_cast<std::size_t>(i)];
  if (p != kNone && last_[static_cast<std::size_t>(p)] == i && at(p).e == s.e) {
    return is_emphasis(at(p)) ? after(p) : Side::kPunct;
  }
  int q = next_[static_cast<std::size_t>(i)];
  if (q != kNone && at(q).b == s.e) return Side::kPunct;
  return s.e == to_ ? Side::kSpace : side_of(text_, s.e, false);
}

Side InlineSpans::first_inside(int i) const {
  int c = first_[static_cast<std::size_t>(i)];
  if (c != kNone && at(c).b == at(i).b) return is_emphasis(at(c)) ? first_inside(c) : Side::kPunct;
  return side_of(text_, at(i).b, false);
}

Side InlineSpans::last_inside(int i) const {
  int c = last_[static_cast<std::size_t>(i)];
  if (c != kNone && at(c).e == at(i).e) return is_emphasis(at(c)) ? last_inside(c) : Side::kPunct;
  return side_of(text_, at(i).e, true);
}

// CommonMark opens emphasis only at a left-flanking run and closes it only at
// a right-flanking one (foo*"bar"*baz is no emphasis): emphasis the writer
// could not write so stays text. Returns whether anything changed.
bool InlineSpans::drop_unflanked() {
  std::vector<int> drop;
  for (std::size_t k = 0; k < spans_.size(); ++k) {
    if (!spans_[k].live || !is_emphasis(spans_[k])) continue;
    int i = static_cast<int>(k);
    Side prev = before(i), next = first_inside(i);
    bool opens = next != Side::kSpace && (next != Side::kPunct || prev != Side::kOther);
    prev = last_inside(i);
    next = after(i);
    bool closes = prev != Side::kSpace && (prev != Side::kPunct || next != Side::kOther);
    if (!opens || !closes) drop.push_back(i);
  }
  for (int i : drop) at(i).live = false;
  return !drop.empty();
}

// A link target as the writer can keep it: spaces and controls (which it
// would percent-encode, so the target would read back different) and, in a
// table cell, '|' (which would end the cell) percent-encoded.
std::string link_url(std::string_view url, bool cell) {
  std::string out;
  static const char kHex[] = "0123456789ABCDEF";
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c == 0x7f || (cell && c == '|')) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

void InlineSpans::write(cmark_node* container) const {
  struct Open {
    cmark_node* node;
    std::size_t end;
  };
  std::vector<Open> stack{{container, to_}};
  std::size_t pos = from_;
  auto text_until = [&](std::size_t end) {
    if (end > pos) cmark_node_append_child(stack.back().node, text_node(std::string(text_.substr(pos, end - pos))));
    pos = std::max(pos, end);
  };
  for (const Placed& s : spans_) {
    if (!s.live) continue;
    while (stack.size() > 1 && stack.back().end <= s.b) {
      text_until(stack.back().end);
      stack.pop_back();
    }
    text_until(s.b);
    cmark_node* node = nullptr;
    switch (s.kind) {
      case Inline::kEmphasis: node = cmark_node_new(CMARK_NODE_EMPH); break;
      case Inline::kStrong: node = cmark_node_new(CMARK_NODE_STRONG); break;
      case Inline::kLink:
        node = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(node, link_url(s.url, cell_).c_str());
        break;
      default:
        node = cmark_node_new(CMARK_NODE_CODE);
        cmark_node_set_literal(node, std::string(text_.substr(s.b, s.e - s.b)).c_str());
        break;
    }
    cmark_node_append_child(stack.back().node, node);
    if (s.kind == Inline::kCode) {
      pos = s.e;
    } else {
      stack.push_back({node, s.e});
    }
  }
  while (!stack.empty()) {
    text_until(stack.back().end);
    stack.pop_back();
  }
}

// A node of `type` holding the block's text with its inline markup.
cmark_node* with_inlines(cmark_node_type type, const Block& b, std::string_view urls) {
  cmark_node* node = cmark_node_new(type);
  if (b.inlines.empty()) {
    cmark_node_append_child(node, text_node(b.text));
  } else {
    InlineSpans(b, urls, text_sources(b), 0, b.text.size(), false).write(node);
  }
  return node;
}

// Table rows (blocks [first, last) of one table) as a GFM table: the first
// row is the header, short rows get empty cells. Each text byte goes to the
// cell whose start (an input offset) comes last at or before its source;
// the spaces that joined cells in the text go. cmark-gfm keeps a table's
// column count and alignments outside the node API, so the table is parsed
// from a skeleton of the right shape and its cells filled in. Null when the
// rows have too many columns for a readable table.
cmark_node* table_from_rows(const std::vector<Block>& blocks, std::size_t first, std::size_t last,
                            std::string_view urls) {
  constexpr std::size_t kMaxColumns = 64;
  struct Row {
    std::vector<std::size_t> src;
    std::vector<std::pair<std::size_t, std::size_t>> cells;
  };
  std::vector<Row> rows(last - first);
  std::size_t columns = 1;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Block& b = blocks[first + r];
    Row& row = rows[r];
    row.src = text_sources(b);
    std::vector<std::size_t> starts;
    for (const Inline& in : b.inlines) {
      if (in.kind != Inline::kCell) continue;
      auto at = std::lower_bound(row.src.begin(), row.src.end(), in.begin);
      starts.push_back(row.src.empty() ? b.text.size() : static_cast<std::size_t>(at - row.src.begin()));
    }
    if (starts.empty()) starts.push_back(0);
    starts[0] = 0;  // what comes before the first cell is in it
    for (std::size_t c = 0; c < starts.size(); ++c) {
      std::size_t b0 = starts[c], e0 = c + 1 < starts.size() ? std::max(b0, starts[c + 1]) : b.text.size();
      while (b0 < e0 && b.text[b0] == ' ') ++b0;
      while (e0 > b0 && b.text[e0 - 1] == ' ') --e0;
      row.cells.emplace_back(b0, e0);
    }
    columns = std::max(columns, row.cells.size());
  }
  if (columns > kMaxColumns) return nullptr;
  std::string line = "|";
  for (std::size_t c = 0; c < columns; ++c) line += " x |";
  std::string skeleton = line + "\n|";
  for (std::size_t c = 0; c < columns; ++c) skeleton += " - |";
  skeleton += "\n";
  for (std::size_t r = 1; r < rows.size(); ++r) skeleton += line + "\n";
  cmark_node* parsed = parse_markdown(skeleton);
  cmark_node* table = parsed ? cmark_node_first_child(parsed) : nullptr;
  if (!table || !is_type(table, "table")) {
    if (parsed) cmark_node_free(parsed);
    return nullptr;
  }
  cmark_node_unlink(table);
  cmark_node_free(parsed);
  cmark_node* row_node = cmark_node_first_child(table);
  for (std::size_t r = 0; r < rows.size() && row_node; ++r, row_node = cmark_node_next(row_node)) {
    const Block& b = blocks[first + r];
    cmark_node* cell = cmark_node_first_child(row_node);
    for (std::size_t c = 0; cell; ++c, cell = cmark_node_next(cell)) {
      remove_children(cell);
      if (c >= rows[r].cells.size()) continue;
      auto [cb, ce] = rows[r].cells[c];
      if (cb >= ce) continue;
      InlineSpans(b, urls, rows[r].src, cb, ce, true).write(cell);
    }
  }
  return table;
}

// A CommonMark tree for blocks read without one: headings keep their level,
// list items nest by depth in bullet or ordered lists, quotes quote, code
// stays verbatim, table rows read with their cells make tables; everything
// else is a paragraph. Inline markup read with the blocks (HTML) is kept.
// The writer escapes the text.
cmark_node* tree_from_blocks(const Document& doc, bool nfkc) {
  const std::vector<Block>& blocks = doc.blocks;
  const bool flat = doc.write_flat;
  cmark_node* root = cmark_node_new(CMARK_NODE_DOCUMENT);
  struct OpenList {
    cmark_node* node;
    bool ordered;
    int group;  // Block::group of its items
  };
  std::vector<OpenList> lists;  // outermost first
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (b.text.empty() || b.kind == BlockKind::kSeparator) continue;
    if (b.kind != BlockKind::kListItem) lists.clear();
    if (!flat && b.kind == BlockKind::kTable && b.group >= 0) {
      std::size_t last = i + 1;
      while (last < blocks.size() && blocks[last].kind == BlockKind::kTable && blocks[last].group == b.group &&
             !blocks[last].text.empty()) {
        ++last;
      }
      if (cmark_node* table = table_from_rows(blocks, i, last, doc.urls)) {
        cmark_node_append_child(root, table);
      } else {
        for (std::size_t r = i; r < last; ++r) {
          cmark_node_append_child(root, with_inlines(CMARK_NODE_PARAGRAPH, blocks[r], doc.urls));
        }
      }
      i = last - 1;
      continue;
    }
    switch (flat ? BlockKind::kParagraph : b.kind) {
      case BlockKind::kHeading: {
        cmark_node* heading = with_inlines(CMARK_NODE_HEADING, b, doc.urls);
        cmark_node_set_heading_level(heading, std::clamp(b.level, 1, 6));
        cmark_node_append_child(root, heading);
        break;
      }
      case BlockKind::kCode: {
        // Pieces of one pre (split by line breaks) are one code block.
        std::string literal = b.text + "\n";
        while (b.group >= 0 && i + 1 < blocks.size() && blocks[i + 1].kind == BlockKind::kCode &&
               blocks[i + 1].group == b.group) {
          literal += blocks[++i].text + "\n";
        }
        cmark_node* code = cmark_node_new(CMARK_NODE_CODE_BLOCK);
        cmark_node_set_fence_info(code, "");
        cmark_node_set_literal(code, literal.c_str());
        cmark_node_append_child(root, code);
        break;
      }
      case BlockKind::kQuote:
        cmark_node_append_child(root, holding(CMARK_NODE_BLOCK_QUOTE, with_inlines(CMARK_NODE_PARAGRAPH, b, doc.urls)));
        break;
      case BlockKind::kListItem: {
        std::size_t depth = static_cast<std::size_t>(std::clamp(b.level, 1, 16));
        bool ordered = b.list_start >= 0;
        if (lists.size() > depth) lists.resize(depth);
        // A list of the other kind ends here, and so does an ordered list
        // that is not this item's (its numbers would run on); items of
        // bullet lists side by side read as one list, as they look.
        if (lists.size() == depth && (lists.back().ordered != ordered || (ordered && lists.back().group != b.group))) {
          lists.pop_back();
        }
        while (lists.size() < depth) {
          OpenList open{cmark_node_new(CMARK_NODE_LIST), false, -1};
          if (lists.size() + 1 == depth) {  // lists between an item and its parent's are bullet lists
            open.ordered = ordered;
            open.group = b.group;
          }
          cmark_node_set_list_type(open.node, open.ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST);
          if (open.ordered) {
            cmark_node_set_list_delim(open.node, CMARK_PERIOD_DELIM);
            cmark_node_set_list_start(open.node, b.list_start);
          }
          cmark_node_set_list_tight(open.node, 1);
          cmark_node* parent = lists.empty() ? root : cmark_node_last_child(lists.back().node);
          if (!parent) {  // a deeper item with no item above it: it opens an item of its own
            parent = cmark_node_new(CMARK_NODE_ITEM);
            cmark_node_append_child(lists.back().node, parent);
          }
          cmark_node_append_child(parent, open.node);
          lists.push_back(open);
        }
        cmark_node_append_child(lists.back().node,
                                holding(CMARK_NODE_ITEM, with_inlines(CMARK_NODE_PARAGRAPH, b, doc.urls)));
        break;
      }
      default:
        if (b.kind == BlockKind::kCode) {  // written flat
          cmark_node_append_child(root, holding(CMARK_NODE_PARAGRAPH, text_node(canonical_text(b.text, nfkc))));
        } else {
          cmark_node_append_child(root, with_inlines(CMARK_NODE_PARAGRAPH, b, doc.urls));
        }
    }
  }
  return root;
}

}  // namespace

std::string render_markdown(const Document& doc, const std::vector<Removal>& removals, bool nfkc) {
  auto* tree = static_cast<MarkdownTree*>(doc.tree.get());
  MarkdownTree plain;  // blocks without a Markdown tree (text, HTML), built from their kinds
  if (!tree || !tree->root) {
    plain.root = tree_from_blocks(doc, nfkc);
    tree = &plain;
  }

  // 1. Leaves: keep, cut or remove.
  std::vector<const Block*> survivor(tree->leaves.size(), nullptr);
  for (const Block& b : doc.blocks) {
    if (tree == &plain) break;
    if (b.node >= 0 && static_cast<std::size_t>(b.node) < survivor.size()) survivor[b.node] = &b;
  }
  std::vector<std::pair<std::size_t, std::size_t>> removed;
  for (const Removal& r : removals) removed.emplace_back(r.start, r.end);
  std::sort(removed.begin(), removed.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& r : removed) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  removed = std::move(merged);
  std::vector<MarkdownTree::Leaf*> removed_headers;
  for (std::size_t i = 0; i < tree->leaves.size(); ++i) {
    MarkdownTree::Leaf& leaf = tree->leaves[i];
    if (!leaf.node) continue;
    if (const Block* b = survivor[i]) {
      if (b->text != leaf.text && !cut_inlines(leaf.node, *b, nfkc, *tree, removed) &&
          !replace_text_keeping_code(leaf.node, *b, *tree)) {
        replace_text(leaf.node, b->text);
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

  std::string text = render_tree(tree->root, nfkc);
  // cmark's writer is not idempotent in every corner (see fixtures/markdown):
  // read the output back and write it again until it stands still. When the
  // output reads back as the very tree that wrote it, writing it again would
  // give the same bytes (render_tree changes nothing on its own output), so
  // the comparison of trees stands in for the second write.
  std::unique_ptr<MarkdownTree> written;  // the tree `text` was written from, when not tree->root
  cmark_node* source = tree->root;
  for (int round = 0; round < 3; ++round) {
    auto again = std::make_unique<MarkdownTree>();
    again->root = parse_markdown(text);
    cmark_consolidate_text_nodes(again->root);
    if (same_tree(source, again->root)) return text;
    std::string next = render_tree(again->root, nfkc);
    if (next == text) return text;
    text = std::move(next);
    written = std::move(again);
    source = written->root;
  }
  // Still moving (emphasis pairing that shifts a little each time): the last
  // resort writes all emphasis as text, which reads back unchanged.
  for (int round = 0; round < 2; ++round) {
    MarkdownTree again;
    again.root = parse_markdown(text);
    std::string next = render_tree(again.root, nfkc, true);
    if (next == text) break;
    text = std::move(next);
  }
  return text;
}

}  // namespace normalize::internal

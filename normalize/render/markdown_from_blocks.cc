// Blocks read without a Markdown tree (plain text, HTML) -> a cmark-gfm tree
// for render_markdown.cc to write: headings, lists (bullet or ordered), quotes,
// code, GFM tables from rows read with their cells, and inline emphasis, code
// and links placed on each block's text by input offset (Block::inlines), so
// that they fit the text rules left. Whatever markup is left out, the plain
// text of a block as written is its text. Knows nothing of rules, nor of
// which format the blocks were read from.
#include <cmark-gfm.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/text/canonical.h"
#include "normalize/text/markdown_tree.h"

namespace normalize::internal {
namespace {

bool is_type(cmark_node* n, const char* name) { return std::strcmp(cmark_node_get_type_string(n), name) == 0; }

void remove_children(cmark_node* n) {
  while (cmark_node* c = cmark_node_first_child(n)) {
    cmark_node_unlink(c);
    cmark_node_free(c);
  }
}

cmark_node* text_node(const std::string& text) {
  cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(t, text.c_str());
  return t;
}

// A new node of `type` holding `child`.
cmark_node* holding(cmark_node_type type, cmark_node* child) {
  cmark_node* node = cmark_node_new(type);
  cmark_node_append_child(node, child);
  return node;
}

// ---- Inline markup ------------------------------------------------------------
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

// The character just before (or at) position i of valid UTF-8 text; the
// ends of the text count as space.
Side side_of(std::string_view text, std::size_t i, bool before) {
  if (before) {
    if (i == 0) return Side::kSpace;
    i = char_start(text, i - 1);
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
    // Every output is parsed back, and cmark-gfm's inline parser takes time
    // quadratic in the delimiters and brackets of one paragraph (10,000
    // links and emphases: seconds): past this many, the text stays plain.
    constexpr std::size_t kMaxSpans = 1000;
    if (spans_.size() > kMaxSpans) spans_.clear();
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
// rows have one column (a layout box, such as a picture's source line: it
// reads better as paragraphs) or too many columns for a readable table.
cmark_node* table_from_rows(const std::vector<const Block*>& blocks, std::size_t first, std::size_t last,
                            std::string_view urls) {
  constexpr std::size_t kMaxColumns = 64;
  struct Row {
    std::vector<std::size_t> src;
    std::vector<std::pair<std::size_t, std::size_t>> cells;
  };
  std::vector<Row> rows(last - first);
  std::size_t columns = 1;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Block& b = *blocks[first + r];
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
  if (columns < 2 || columns > kMaxColumns) return nullptr;
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
    const Block& b = *blocks[first + r];
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

}  // namespace

cmark_node* tree_from_blocks(const std::vector<const Block*>& blocks, std::string_view urls, bool nfkc, bool flat) {
  cmark_node* root = cmark_node_new(CMARK_NODE_DOCUMENT);
  struct OpenList {
    cmark_node* node;
    bool ordered;
    int group;  // Block::group of its items
  };
  std::vector<OpenList> lists;  // outermost first
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = *blocks[i];
    if (b.text.empty() || b.kind == BlockKind::kSeparator) continue;
    if (b.kind != BlockKind::kListItem) lists.clear();
    if (!flat && b.kind == BlockKind::kTable && b.group >= 0) {
      std::size_t last = i + 1;
      while (last < blocks.size() && blocks[last]->kind == BlockKind::kTable && blocks[last]->group == b.group &&
             !blocks[last]->text.empty()) {
        ++last;
      }
      if (cmark_node* table = table_from_rows(blocks, i, last, urls)) {
        cmark_node_append_child(root, table);
      } else {
        for (std::size_t r = i; r < last; ++r) {
          cmark_node_append_child(root, with_inlines(CMARK_NODE_PARAGRAPH, *blocks[r], urls));
        }
      }
      i = last - 1;
      continue;
    }
    switch (flat ? BlockKind::kParagraph : b.kind) {
      case BlockKind::kHeading: {
        cmark_node* heading = with_inlines(CMARK_NODE_HEADING, b, urls);
        cmark_node_set_heading_level(heading, std::clamp(b.level, 1, 6));
        cmark_node_append_child(root, heading);
        break;
      }
      case BlockKind::kCode: {
        // Pieces of one pre (split by line breaks) are one code block.
        std::string literal = b.text + "\n";
        while (b.group >= 0 && i + 1 < blocks.size() && blocks[i + 1]->kind == BlockKind::kCode &&
               blocks[i + 1]->group == b.group) {
          literal += blocks[++i]->text + "\n";
        }
        cmark_node* code = cmark_node_new(CMARK_NODE_CODE_BLOCK);
        cmark_node_set_fence_info(code, "");
        cmark_node_set_literal(code, literal.c_str());
        cmark_node_append_child(root, code);
        break;
      }
      case BlockKind::kQuote:
        cmark_node_append_child(root, holding(CMARK_NODE_BLOCK_QUOTE, with_inlines(CMARK_NODE_PARAGRAPH, b, urls)));
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
                                holding(CMARK_NODE_ITEM, with_inlines(CMARK_NODE_PARAGRAPH, b, urls)));
        break;
      }
      default:
        if (b.kind == BlockKind::kCode) {  // written flat
          cmark_node_append_child(root, holding(CMARK_NODE_PARAGRAPH, text_node(canonical_text(b.text, nfkc))));
        } else {
          cmark_node_append_child(root, with_inlines(CMARK_NODE_PARAGRAPH, b, urls));
        }
    }
  }
  return root;
}

}  // namespace normalize::internal

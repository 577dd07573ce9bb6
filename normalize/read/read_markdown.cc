// Markdown -> Document through cmark-gfm (table, strikethrough, autolink,
// tasklist). Every leaf block (paragraph, heading, code, HTML, thematic break,
// table row) becomes a Block whose text is its plain inline text (link text
// and image alt text kept, targets and markup dropped), mapped back to exact
// input bytes by aligning each literal with the source from cmark's positions.
// The tree stays in the Document for render_markdown.cc. Knows nothing of rules.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "normalize/text/canonical.h"
#include "normalize/text/markdown_tree.h"
#include "normalize/read/read.h"

namespace normalize::internal {

MarkdownTree::~MarkdownTree() {
  if (root) cmark_node_free(root);
}

namespace {

constexpr std::size_t kMaxSkip = 64;  // markup bytes skipped looking for one literal character

// Byte offsets of line starts, with cmark's idea of a line end (\n, \r, \r\n).
std::vector<std::size_t> line_starts(std::string_view in) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\n' || (in[i] == '\r' && (i + 1 >= in.size() || in[i + 1] != '\n'))) starts.push_back(i + 1);
  }
  return starts;
}

bool is_type(cmark_node* n, const char* name) { return std::strcmp(cmark_node_get_type_string(n), name) == 0; }

std::size_t utf8_len(unsigned char b) {
  if (b >= 0xF0 && b <= 0xF4) return 4;
  if (b >= 0xE0) return b <= 0xEF ? 3 : 1;
  if (b >= 0xC2) return 2;
  return 1;
}

// The plain text of one leaf, built piece by piece with its map.
enum Segment : char { kOutside, kLive, kDead };  // outside links, in a link, in a link to nowhere

struct Raw {
  std::string text;
  OffsetMap map;
  std::size_t link_bytes = 0, visible_bytes = 0;  // non-space bytes, inside links / all
  std::vector<std::pair<std::string, Segment>> segments;  // for links_only
  std::vector<std::pair<std::size_t, std::size_t>> code;  // input ranges of inline code
};

class Reader {
 public:
  Reader(std::string_view input, bool nfkc, CanonStats* stats)
      : in_(input), nfkc_(nfkc), stats_(stats), lines_(line_starts(input)) {}

  Document read();

 private:
  // Byte offset of a cmark (line, column); columns are 1-based bytes.
  std::size_t offset(int line, int column) const {
    if (line < 1) return 0;
    std::size_t l = std::min<std::size_t>(static_cast<std::size_t>(line), lines_.size()) - 1;
    std::size_t off = lines_[l] + static_cast<std::size_t>(std::max(column, 1)) - 1;
    return std::min(off, in_.size());
  }
  std::size_t node_begin(cmark_node* n) const {
    return offset(cmark_node_get_start_line(n), cmark_node_get_start_column(n));
  }
  std::size_t node_end(cmark_node* n) const {
    int el = cmark_node_get_end_line(n), ec = cmark_node_get_end_column(n);
    if (el < 1) return node_begin(n);
    return std::min(offset(el, 1) + static_cast<std::size_t>(std::max(ec, 0)), in_.size());
  }

  void leaf(cmark_node* n, BlockKind kind, int level, Document* doc, MarkdownTree* tree);
  void inline_text(cmark_node* leaf, std::size_t from, std::size_t limit, Raw* raw, MarkdownTree* tree);
  // Returns where the literal starts in the input when it is a verbatim copy
  // of the input there, else kNoSpan. `literal`: code or HTML, where
  // entities and backslash escapes are not decoded, so none is looked for.
  std::size_t align(std::string_view lit, std::size_t from, std::size_t limit, Segment seg, Raw* raw,
                    bool literal = false);
  std::size_t entity_at(std::size_t p, std::size_t limit) const;
  void append(Raw* raw, std::string_view bytes, Segment seg) const;

  std::string_view in_;
  bool nfkc_;
  CanonStats* stats_;
  std::vector<std::size_t> lines_;
  std::size_t cursor_ = 0;
};

// Length of an HTML entity or numeric character reference at p, or 0.
std::size_t Reader::entity_at(std::size_t p, std::size_t limit) const {
  if (p >= limit || in_[p] != '&') return 0;
  std::size_t i = p + 1;
  if (i < limit && in_[i] == '#') {
    ++i;
    bool hex = i < limit && (in_[i] == 'x' || in_[i] == 'X');
    if (hex) ++i;
    std::size_t d = i;
    while (i < limit && i - d < 8 && (hex ? std::isxdigit(static_cast<unsigned char>(in_[i])) : std::isdigit(static_cast<unsigned char>(in_[i])))) ++i;
    if (i == d) return 0;
  } else {
    std::size_t d = i;
    while (i < limit && i - d < 32 && std::isalnum(static_cast<unsigned char>(in_[i]))) ++i;
    if (i == d) return 0;
  }
  return i < limit && in_[i] == ';' ? i + 1 - p : 0;
}

void Reader::append(Raw* raw, std::string_view bytes, Segment seg) const {
  raw->text.append(bytes);
  for (char c : bytes) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) {
      ++raw->visible_bytes;
      if (seg != kOutside) ++raw->link_bytes;
    }
  }
  if (raw->segments.empty() || raw->segments.back().second != seg) raw->segments.emplace_back("", seg);
  raw->segments.back().first.append(bytes);
}

// Appends a node's literal, mapping each character to the source bytes it
// came from at or after `from`: verbatim, a backslash escape, an entity, or a
// line end for a space. Markup between characters is skipped, a little at a time.
std::size_t Reader::align(std::string_view lit, std::size_t from, std::size_t limit, Segment seg, Raw* raw,
                          bool literal) {
  std::size_t p = std::max(from, cursor_);
  if (p > limit) p = limit;
  if (lit.size() <= limit - p && in_.compare(p, lit.size(), lit) == 0) {
    raw->map.append_copy(lit.size(), p);
    append(raw, lit, seg);
    cursor_ = p + lit.size();
    return p;
  }
  std::size_t i = 0;
  while (i < lit.size()) {
    std::size_t n = std::min(utf8_len(static_cast<unsigned char>(lit[i])), lit.size() - i);
    std::string_view c = lit.substr(i, n);
    std::size_t q = p;
    bool done = false;
    while (!done && q < limit && q - p <= kMaxSkip) {
      std::size_t e = literal ? 0 : entity_at(q, limit);
      if (e > 0) {
        raw->map.append_replaced(n, q, q + e);
        p = q + e;
        done = true;
      } else if (in_.compare(q, n, c) == 0) {
        raw->map.append_copy(n, q);
        p = q + n;
        done = true;
      } else if (!literal && in_[q] == '\\' && n == 1 && q + 1 < limit && in_[q + 1] == c[0]) {
        raw->map.append_replaced(1, q, q + 2);
        p = q + 2;
        done = true;
      } else if (c == " " && (in_[q] == '\n' || in_[q] == '\r' || in_[q] == '\t')) {
        raw->map.append_replaced(1, q, q + 1);
        p = q + 1;
        done = true;
      } else {
        ++q;
      }
    }
    if (!done) raw->map.append_replaced(n, p, p);  // not found nearby: no bytes of its own
    append(raw, c, seg);
    i += n;
  }
  cursor_ = p;
  return kNoSpan;
}

// The plain text of a leaf's inlines, iteratively (cmark's iterator).
void Reader::inline_text(cmark_node* leaf, std::size_t from, std::size_t limit, Raw* raw, MarkdownTree* tree) {
  cursor_ = from;
  std::vector<bool> links;  // enclosing links: whether each goes somewhere
  auto segment = [&links] {
    if (links.empty()) return kOutside;
    for (bool live : links) {
      if (live) return kLive;
    }
    return kDead;
  };
  bool first_cell = true;
  cmark_iter* it = cmark_iter_new(leaf);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node_type type = cmark_node_get_type(n);
    bool enter = ev == CMARK_EVENT_ENTER;
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE: {
        const char* lit = cmark_node_get_literal(n);
        std::size_t at = cmark_node_get_start_line(n) > 0 ? node_begin(n) : cursor_;
        if (at < cursor_ || at > limit) at = cursor_;
        if (lit) {
          // Each literal records where it sits, for the renderer to cut it by
          // source bytes (Markdown trees carry no other use of user data).
          std::size_t before = std::max(at, cursor_);
          std::size_t src = align(lit, at, limit, segment(), raw, type == CMARK_NODE_CODE);
          MarkdownTree::TextSpan span;
          span.verbatim = src != kNoSpan;
          span.begin = span.verbatim ? src : std::min(before, limit);
          span.end = span.verbatim ? src + std::strlen(lit) : std::max(span.begin, cursor_);
          tree->text_spans.push_back(span);
          cmark_node_set_user_data(n, reinterpret_cast<void*>(static_cast<std::uintptr_t>(tree->text_spans.size())));
          if (type == CMARK_NODE_CODE) raw->code.emplace_back(span.begin, span.end);
        }
        break;
      }
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        raw->map.append_replaced(1, cursor_, cursor_);
        append(raw, " ", segment());
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        if (enter) {
          const char* url = cmark_node_get_url(n);
          links.push_back(url && *url && std::strcmp(url, "#") != 0);
        } else {
          links.pop_back();
          std::size_t end = node_end(n);
          if (end > cursor_ && end <= limit) cursor_ = end;  // past "](target)"
        }
        break;
      default:
        if (enter && n != leaf && is_type(n, "table_cell")) {
          if (!first_cell) {
            std::size_t at = std::clamp(node_begin(n), cursor_, limit);
            raw->map.append_replaced(3, cursor_, at);
            append(raw, " | ", kOutside);
          }
          first_cell = false;
        }
        break;
    }
  }
  cmark_iter_free(it);
}

// Nothing but links, separators and an optional short label before them.
// Links to nowhere are written as their text (render_markdown.cc), so the
// answer must not turn from no to yes when they are: it is yes when either
// they count as links, or they count as label text before the first real link.
bool links_only(const std::vector<std::pair<std::string, Segment>>& segments) {
  for (bool dead_is_link : {true, false}) {
    std::string label, rest;
    bool seen_link = false;
    for (const auto& [text, seg] : segments) {
      bool link = seg == kLive || (dead_is_link && seg == kDead);
      if (link) {
        seen_link = true;
      } else if (!seen_link) {
        label += text;
      } else if (seg == kOutside) {
        rest += text;
      }
    }
    if (!seen_link) continue;
    // Judged on canonical text: characters that canonicalisation drops or
    // folds must not decide (they are gone once the output is read back).
    if (links_only_text(canonical_text(label, false), canonical_text(rest, false))) return true;
  }
  return false;
}

void Reader::leaf(cmark_node* n, BlockKind kind, int level, Document* doc, MarkdownTree* tree) {
  MarkdownTree::Leaf lf;
  lf.node = n;
  lf.begin = node_begin(n);
  lf.end = std::max(node_end(n), lf.begin);
  // A first child takes its container's markers ("- ", "> ") into its span.
  for (cmark_node* c = n; cmark_node_parent(c) && cmark_node_first_child(cmark_node_parent(c)) == c;) {
    c = cmark_node_parent(c);
    cmark_node_type t = cmark_node_get_type(c);
    if (t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE) {
      lf.begin = std::min(lf.begin, node_begin(c));
    } else if (t != CMARK_NODE_LIST) {
      break;
    }
  }

  Block block;
  block.kind = kind;
  block.level = level;
  cmark_node_type type = cmark_node_get_type(n);
  if (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_THEMATIC_BREAK) {
    Raw raw;
    cursor_ = lf.begin;
    if (type == CMARK_NODE_THEMATIC_BREAK) {
      std::string_view src = in_.substr(lf.begin, lf.end - lf.begin);
      canonicalize(in_, lf.begin, lf.begin + src.size(), nfkc_, &block, stats_);
    } else {
      const char* lit = cmark_node_get_literal(n);
      std::size_t from = lf.begin;
      int fence_len = 0, fence_off = 0;
      char fence_char = 0;
      if (type == CMARK_NODE_CODE_BLOCK && cmark_node_get_fenced(n, &fence_len, &fence_off, &fence_char)) {
        from = offset(cmark_node_get_start_line(n) + 1, 1);  // after the opening fence
      }
      std::string_view body = lit ? std::string_view(lit) : std::string_view();
      if (type == CMARK_NODE_CODE_BLOCK) {
        while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
        align(body, from, lf.end, kOutside, &raw, true);
        block.text = raw.text;  // verbatim: code is never canonicalised
        block.map = raw.map;
        block.words = count_words(canonical_text(raw.text, nfkc_));
      } else {
        // HTML: the text between tags, so that rules can read it.
        Raw all;
        align(body, from, lf.end, kOutside, &all, true);
        bool in_tag = false;
        for (std::size_t i = 0; i < all.text.size(); ++i) {
          char c = all.text[i];
          if (c == '<') in_tag = true;
          if (!in_tag) {
            raw.text.push_back(c);
            raw.map.append_slice(all.map, i, i + 1);
          }
          if (c == '>') in_tag = false;
        }
        canonicalize_mapped(raw.text, raw.map, nfkc_, &block, stats_);
      }
    }
  } else {
    Raw raw;
    // A task item's checkbox is part of its text ("[x] Buy milk"), as the
    // renderer writes it wherever cmark-gfm cannot keep it a checkbox; so the
    // text is the same before and after a round trip.
    cmark_node* item = cmark_node_parent(n);
    if (kind == BlockKind::kListItem && item && is_type(item, "tasklist") && cmark_node_first_child(item) == n) {
      raw.text = cmark_gfm_extensions_get_tasklist_item_checked(item) ? "[x] " : "[ ] ";
      raw.map.append_replaced(raw.text.size(), lf.begin, lf.begin);  // no input bytes of its own
    }
    inline_text(n, lf.begin, lf.end, &raw, tree);
    canonicalize_mapped(raw.text, raw.map, nfkc_, &block, stats_);
    block.protected_spans = std::move(raw.code);
    if (raw.visible_bytes > 0 && raw.link_bytes > 0) {
      block.link_chars = raw.link_bytes == raw.visible_bytes
                             ? block.text.size()
                             : block.text.size() * raw.link_bytes / raw.visible_bytes;
    }
    block.links_only = links_only(raw.segments);
  }
  lf.text = block.text;
  // A table row of empty cells (what a removed header leaves) holds no text.
  bool blank_row = kind == BlockKind::kTable && block.text.find_first_not_of("| ") == std::string::npos;
  lf.has_block = !block.text.empty() && !blank_row;
  if (lf.has_block) {
    block.outer_begin = std::min(lf.begin, block.source_begin());
    block.outer_end = std::max(lf.end, block.source_end());
    block.node = static_cast<int>(tree->leaves.size());
    block.index = doc->blocks.size();
    doc->blocks.push_back(std::move(block));
  }
  tree->leaves.push_back(std::move(lf));
}

Document Reader::read() {
  Document doc;
  doc.nfkc = nfkc_;
  auto tree = std::make_shared<MarkdownTree>();
  tree->root = parse_markdown(in_);
  if (!tree->root) return doc;

  cmark_iter* it = cmark_iter_new(tree->root);
  cmark_event_type ev;
  int depth = 0;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM) {
      depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
      doc.depth = std::max(doc.depth, depth);
    }
    if (ev != CMARK_EVENT_ENTER) continue;
    BlockKind kind;
    int level = 0;
    if (type == CMARK_NODE_PARAGRAPH) {
      kind = BlockKind::kParagraph;
      for (cmark_node* p = cmark_node_parent(n); p; p = cmark_node_parent(p)) {
        cmark_node_type t = cmark_node_get_type(p);
        if (t == CMARK_NODE_LIST) ++level;
        if (kind == BlockKind::kParagraph && t == CMARK_NODE_ITEM) kind = BlockKind::kListItem;
        if (kind == BlockKind::kParagraph && t == CMARK_NODE_BLOCK_QUOTE) kind = BlockKind::kQuote;
      }
      if (kind != BlockKind::kListItem) level = 0;
    } else if (type == CMARK_NODE_HEADING) {
      kind = BlockKind::kHeading;
      level = cmark_node_get_heading_level(n);
    } else if (type == CMARK_NODE_CODE_BLOCK) {
      kind = BlockKind::kCode;
    } else if (type == CMARK_NODE_HTML_BLOCK) {
      kind = BlockKind::kHtml;
    } else if (type == CMARK_NODE_THEMATIC_BREAK) {
      kind = BlockKind::kSeparator;
    } else if (is_type(n, "table_header") || is_type(n, "table_row")) {
      kind = BlockKind::kTable;
    } else {
      continue;
    }
    leaf(n, kind, level, &doc, tree.get());
    cmark_iter_reset(it, n, CMARK_EVENT_EXIT);  // its inlines were read by leaf()
  }
  cmark_iter_free(it);
  // cmark's end positions can run into the next block (a setext heading's
  // end is sometimes its section's): no span reaches into the next one.
  for (std::size_t i = 0; i + 1 < tree->leaves.size(); ++i) {
    auto& a = tree->leaves[i];
    const auto& b = tree->leaves[i + 1];
    if (b.begin >= a.begin && a.end > b.begin) a.end = b.begin;
  }
  for (std::size_t i = 0; i + 1 < doc.blocks.size(); ++i) {
    Block& a = doc.blocks[i];
    const Block& b = doc.blocks[i + 1];
    if (b.outer_begin >= a.outer_begin && a.outer_end > b.outer_begin) {
      a.outer_end = std::max(a.source_end(), b.outer_begin);
    }
  }
  doc.tree = std::move(tree);
  return doc;
}

}  // namespace

cmark_node* parse_markdown(std::string_view input) {
  static const bool registered = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return true;
  }();
  (void)registered;
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE);
  for (const char* ext : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* e = cmark_find_syntax_extension(ext)) cmark_parser_attach_syntax_extension(parser, e);
  }
  cmark_parser_feed(parser, input.data(), input.size());
  cmark_node* root = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  return root;
}

Document read_markdown(std::string_view input, bool nfkc, CanonStats* stats) {
  // cmark would turn NUL into U+FFFD; DESIGN.md removes it. A same-length
  // copy holding U+0001 instead (a control, dropped by canonicalisation)
  // keeps every offset. NULs are counted here.
  std::size_t nul = input.find('\0');
  if (nul == std::string_view::npos) return Reader(input, nfkc, stats).read();
  std::string copy(input);
  for (std::size_t i = nul; i != std::string::npos; i = copy.find('\0', i + 1)) {
    copy[i] = '\x01';
    if (stats && stats->nul_bytes++ == 0) stats->first_nul = i;
  }
  return Reader(copy, nfkc, stats).read();
}

}  // namespace normalize::internal

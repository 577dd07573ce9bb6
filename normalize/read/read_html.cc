// The HTML reader: Gumbo's tree -> Blocks with exact maps into the (UTF-8)
// page and the DOM context of each block (its element, tag path, id/class,
// role, hidden, inside nav/aside/footer/form...), its inline markup and table
// cells in page offsets, and a pre's text verbatim. Scripts, styles and other
// non-text elements are dropped. The walk is iterative: input nesting depth
// costs heap, never stack. Knows nothing of rules or main-content choice.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <tuple>

#include "normalize/text/canonical.h"
#include "normalize/read/gumbo_arena.h"
#include "normalize/read/html_prepare.h"
#include "normalize/read/read.h"

namespace normalize::internal {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

bool dropped(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_HEAD: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_MATH: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP:
    // Ruby annotations (furigana): the reading of the characters beside
    // them, not more text ("子<rt>こ</rt>ども" reads 子ども).
    case GUMBO_TAG_RT: case GUMBO_TAG_RP:
      return true;
    default:
      return false;
  }
}

// Elements that start and end a block of text.
bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_CAPTION: case GUMBO_TAG_UL:
    case GUMBO_TAG_LEGEND:
      return true;
    default:
      return false;
  }
}

std::string tag_name(const GumboElement& e) {
  if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
  GumboStringPiece piece = e.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name = lower(std::string_view(piece.data ? piece.data : "", piece.data ? piece.length : 0));
  return name.substr(0, 64);
}

// ASCII case-insensitive equality (strcasecmp in the C locale).
bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const char* attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

// The element's own flags, its attribute summary (main-content hints) and
// its attributes (selectors).
unsigned own_flags(const GumboElement& e, std::string* attrs,
                   std::vector<std::pair<std::string, std::string>>* attributes) {
  unsigned f = 0;
  switch (e.tag) {
    case GUMBO_TAG_FORM: f |= kInForm; break;
    case GUMBO_TAG_NAV: f |= kInNav; break;
    case GUMBO_TAG_ASIDE: f |= kInAside; break;
    case GUMBO_TAG_FOOTER: f |= kInFooter; break;
    case GUMBO_TAG_HEADER: f |= kInHeader; break;
    case GUMBO_TAG_ARTICLE: f |= kInArticle; break;
    case GUMBO_TAG_MAIN: f |= kInMain; break;
    case GUMBO_TAG_BLOCKQUOTE: f |= kInQuote; break;
    default: break;
  }
  attrs->assign(1, ' ');  // not = " ": GCC 12 warns falsely (-Wrestrict, bug 105329)
  // Each token of the value, lowercase, after `prefix`, appended in place:
  // this runs for every block element.
  auto add = [&](std::string_view prefix, const char* value, std::size_t cap) {
    std::string_view v(value);
    v = v.substr(0, cap);
    std::size_t i = 0;
    while (i < v.size()) {
      while (i < v.size() && is_space(v[i])) ++i;
      std::size_t b = i;
      while (i < v.size() && !is_space(v[i])) ++i;
      if (i > b) {
        attrs->append(prefix);
        std::size_t at = attrs->size();
        attrs->append(v.substr(b, i - b));
        for (std::size_t j = at; j < attrs->size(); ++j) {
          char& c = (*attrs)[j];
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        attrs->push_back(' ');
      }
    }
  };
  // The attributes read here, in one pass rather than a lookup each; the
  // first of a name counts, compared without case, as gumbo_get_attribute.
  const char *id = nullptr, *cls = nullptr, *role = nullptr, *itemprop = nullptr, *itemtype = nullptr,
             *rel = nullptr, *hidden = nullptr, *aria_hidden = nullptr, *style = nullptr;
  struct Wanted {
    std::string_view name;
    const char** value;
  };
  const Wanted wanted[] = {{"id", &id},           {"class", &cls},   {"role", &role},
                           {"itemprop", &itemprop}, {"itemtype", &itemtype}, {"rel", &rel},
                           {"hidden", &hidden},   {"aria-hidden", &aria_hidden}, {"style", &style}};
  attributes->reserve(e.attributes.length);
  for (unsigned k = 0; k < e.attributes.length; ++k) {
    const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[k]);
    std::string_view name(a->name);
    for (const Wanted& w : wanted) {
      if (!*w.value && same_ignoring_case(name, w.name)) *w.value = a->value;
    }
    if (name == "style" || name == "src" || name == "srcset" || name == "href" || name.substr(0, 2) == "on" ||
        name.substr(0, 8) == "data-src" || name.size() > 64) {
      continue;
    }
    std::string_view value(a->value);
    attributes->emplace_back(lower(name), lower(value.substr(0, 256)));
  }
  if (id) add("#", id, 200);
  if (cls) add(".", cls, 400);
  if (role) add("role=", role, 100);
  if (itemprop) add("itemprop=", itemprop, 100);
  if (itemtype) add("itemtype=", itemtype, 200);
  if (rel) add("rel=", rel, 100);
  if (hidden) f |= kHidden;
  if (aria_hidden && same_ignoring_case(aria_hidden, "true")) f |= kHidden;
  if (const char* v = style) {
    std::string s = lower(std::string_view(v).substr(0, std::min<std::size_t>(std::strlen(v), 4096)));
    s.erase(std::remove_if(s.begin(), s.end(), is_space), s.end());
    if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos) f |= kHidden;
  }
  if (const char* v = role) {
    std::string r = lower(v);
    if (r == "navigation") f |= kInNav;
    if (r == "contentinfo") f |= kInFooter;
    if (r == "complementary") f |= kInAside;
    if (r == "main") f |= kInMain;
    if (r == "banner") f |= kInHeader;
  }
  return f;
}

// Text being gathered for the next block, with its map into the page.
struct Pending {
  std::string text;
  OffsetMap map;
  std::size_t chars = 0;       // non-space bytes
  std::size_t link_chars = 0;  // non-space bytes inside links
  // The text outside links, before the first and after it, while short
  // enough to be a label and separators (links_only_text).
  std::string label, rest;
  bool seen_link = false, long_plain = false;

  void add_plain(std::string_view s) {
    if (long_plain) return;
    std::string& to = seen_link ? rest : label;
    to.append(s);
    long_plain = to.size() > 256;
  }
};

// Appends a text node: `decoded` is Gumbo's text (entities resolved), `orig`
// the source bytes at page offset `at`. Runs equal in both are copies; each
// entity maps to its source bytes; if the two cannot be aligned, the rest of
// the node is one replaced piece.
void append_text(std::string_view decoded, std::string_view orig, std::size_t at, bool in_link, Pending* p) {
  std::size_t i = 0, j = 0;  // i in orig, j in decoded
  while (j < decoded.size()) {
    if (i < orig.size() && orig[i] != '&' && orig[i] == decoded[j]) {
      std::size_t n = 1;
      while (i + n < orig.size() && j + n < decoded.size() && orig[i + n] != '&' && orig[i + n] == decoded[j + n]) ++n;
      p->text.append(decoded.substr(j, n));
      p->map.append_copy(n, at + i);
      i += n;
      j += n;
      continue;
    }
    if (i < orig.size() && orig[i] == '&') {
      // The entity's extent in the source: &name; &#123; &#x1F; (';' optional).
      std::size_t k = i + 1;
      if (k < orig.size() && orig[k] == '#') {
        ++k;
        if (k < orig.size() && (orig[k] == 'x' || orig[k] == 'X')) ++k;
      }
      while (k < orig.size() && k - i < 40 && std::isalnum(static_cast<unsigned char>(orig[k]))) ++k;
      if (k < orig.size() && orig[k] == ';') ++k;
      // Its extent in the decoded text: up to where the source resumes.
      std::size_t m = j + 1;
      if (k < orig.size() && orig[k] == '&') {
        // Another entity follows: this one decoded to one character.
        auto lead = static_cast<unsigned char>(decoded[j]);
        m = j + (lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4);
        if (m > decoded.size()) m = decoded.size() + 1;  // lost
      } else if (k < orig.size()) {
        while (m < decoded.size() && m - j <= 8 && decoded[m] != orig[k]) ++m;
        if (m >= decoded.size() || decoded[m] != orig[k]) m = decoded.size() + 1;  // lost
      } else {
        m = decoded.size();
      }
      if (k > i + 1 && m <= decoded.size() && !(decoded[j] == '&' && m == j + 1 && k == i + 1)) {
        p->text.append(decoded.substr(j, m - j));
        p->map.append_replaced(m - j, at + i, at + k);
        i = k;
        j = m;
        continue;
      }
      if (decoded[j] == '&') {  // a bare ampersand
        p->text += '&';
        p->map.append_copy(1, at + i);
        ++i;
        ++j;
        continue;
      }
    }
    // Not alignable (CR LF folded, NUL replaced, ...): the rest as one piece.
    std::size_t b = std::min(at + i, at + orig.size());
    p->text.append(decoded.substr(j));
    p->map.append_replaced(decoded.size() - j, b, at + orig.size());
    break;
  }
  for (char c : decoded) {
    if (!is_space(c)) {
      ++p->chars;
      if (in_link) ++p->link_chars;
    }
  }
  if (in_link) {
    p->seen_link = true;
  } else {
    p->add_plain(decoded);
  }
}

struct Frame {
  const GumboNode* node;
  unsigned next_child;
  int element;      // the DomElement this node opened, or the inherited one
  bool block;       // opened a block boundary
  bool link;
  bool pre;         // inside a pre: text is kept verbatim
  bool span;        // opened an inline span (Block::inlines)
};

// The inline span an element opens: emphasis, strong, code, or a link that
// goes somewhere; false for any other element.
bool span_kind(const GumboElement& e, Inline::Kind* kind) {
  switch (e.tag) {
    case GUMBO_TAG_EM: case GUMBO_TAG_I: *kind = Inline::kEmphasis; return true;
    case GUMBO_TAG_STRONG: case GUMBO_TAG_B: *kind = Inline::kStrong; return true;
    case GUMBO_TAG_CODE: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: case GUMBO_TAG_TT: *kind = Inline::kCode; return true;
    case GUMBO_TAG_A: *kind = Inline::kLink; return attr(e, "href") != nullptr;
    default: return false;
  }
}

// A link's target as written (entities decoded), without the spaces a
// browser ignores around it; empty for a target that leads nowhere to read:
// a script or a place on the same page.
std::string_view link_target(const GumboElement& e) {
  std::string_view href = attr(e, "href");
  while (!href.empty() && is_space(href.front())) href.remove_prefix(1);
  while (!href.empty() && is_space(href.back())) href.remove_suffix(1);
  if (href.empty() || href.front() == '#') return {};
  if (href.size() >= 11 && lower(href.substr(0, 11)) == "javascript:") return {};
  return href;
}

// The number an ordered list starts at: its start attribute, else 1.
int list_start(const DomElement& list) {
  for (const auto& [name, value] : list.attributes) {
    if (name != "start") continue;
    char* end = nullptr;
    long n = std::strtol(value.c_str(), &end, 10);
    if (end == value.c_str() || n < 0) return 1;
    return static_cast<int>(std::min(n, 999999999L));  // CommonMark allows nine digits
  }
  return 1;
}

class Reader {
 public:
  Reader(std::string_view page, bool nfkc, CanonStats* stats, Document* doc)
      : page_(page), nfkc_(nfkc), stats_(stats), doc_(doc) {}

  void run(const GumboNode* root) {
    std::vector<Frame> stack;
    stack.push_back(open(root, -1, false, false));
    while (!stack.empty()) {
      Frame& f = stack.back();
      const GumboVector* children = f.node->type == GUMBO_NODE_ELEMENT || f.node->type == GUMBO_NODE_TEMPLATE
                                        ? &f.node->v.element.children
                                        : nullptr;
      if (children && f.next_child < children->length) {
        const auto* child = static_cast<const GumboNode*>(children->data[f.next_child++]);
        int element = f.element;
        bool link = f.link, pre = f.pre;
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
            child->type == GUMBO_NODE_CDATA) {
          text(child, element, link, pre);
        } else if (child->type == GUMBO_NODE_ELEMENT) {
          stack.push_back(open(child, element, link, pre));
        }
        continue;
      }
      close(f);
      stack.pop_back();
    }
    flush();
    for (std::size_t i = 0; i < doc_->blocks.size(); ++i) doc_->blocks[i].index = i;
  }

 private:
  Frame open(const GumboNode* node, int parent, bool link, bool pre) {
    const GumboElement& e = node->v.element;
    Frame f{node, 0, parent, false, link || e.tag == GUMBO_TAG_A, pre || e.tag == GUMBO_TAG_PRE, false};
    if (e.tag == GUMBO_TAG_HEAD && doc_->title.text.empty()) read_title(e);
    if (dropped(e.tag)) {
      f.next_child = e.children.length;  // nothing inside is read
      return f;
    }
    if (e.tag == GUMBO_TAG_BR || e.tag == GUMBO_TAG_HR) {
      flush();
      f.next_child = e.children.length;
      return f;
    }
    if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) {
      separate(node);
      return f;
    }
    Inline::Kind kind;
    if (!pre && span_kind(e, &kind)) {
      open_span(e, kind, &f);
      return f;
    }
    if (!is_block(e.tag) && e.tag != GUMBO_TAG_UNKNOWN) return f;
    if (e.tag == GUMBO_TAG_UNKNOWN && !is_block(e.tag)) {
      // Custom elements hold blocks as often as text: treat them as blocks
      // only when they carry an id or class (layout wrappers).
      if (!attr(e, "class") && !attr(e, "id")) return f;
    }
    flush();
    DomElement d;
    d.tag = tag_name(e);
    d.parent = parent;
    unsigned inherited = parent >= 0 ? doc_->elements[parent].flags : 0;
    d.flags = inherited | own_flags(e, &d.attrs, &d.attributes);
    f.element = static_cast<int>(doc_->elements.size());
    f.block = true;
    doc_->elements.push_back(std::move(d));
    doc_->depth = std::max(doc_->depth, depth_of(f.element));
    return f;
  }

  void read_title(const GumboElement& head) {
    for (unsigned k = 0; k < head.children.length; ++k) {
      const auto* c = static_cast<const GumboNode*>(head.children.data[k]);
      if (c->type != GUMBO_NODE_ELEMENT || c->v.element.tag != GUMBO_TAG_TITLE) continue;
      Pending p;
      for (unsigned m = 0; m < c->v.element.children.length; ++m) {
        const auto* t = static_cast<const GumboNode*>(c->v.element.children.data[m]);
        if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_WHITESPACE) continue;
        auto [decoded, orig, at] = source_of(t);
        append_text(decoded, orig, at, false, &p);
      }
      Block& b = doc_->title;
      canonicalize_mapped(p.text, p.map, nfkc_, &b, stats_);
      b.kind = BlockKind::kHeading;
      b.level = 1;
      return;
    }
  }

  // A text node's decoded text, its source bytes and where they start.
  std::tuple<std::string_view, std::string_view, std::size_t> source_of(const GumboNode* node) const {
    const GumboText& t = node->v.text;
    std::string_view decoded(t.text);
    std::string_view orig(t.original_text.data ? t.original_text.data : "", t.original_text.length);
    std::size_t at = t.original_text.data ? static_cast<std::size_t>(t.original_text.data - page_.data()) : 0;
    if (at > page_.size() || at + orig.size() > page_.size()) {
      at = std::min<std::size_t>(t.start_pos.offset, page_.size());
      orig = page_.substr(at, std::min(orig.size(), page_.size() - at));
    }
    return {decoded, orig, at};
  }

  int depth_of(int element) {
    // The depth of an element is one more than its parent's: kept per element.
    if (static_cast<std::size_t>(element) >= depths_.size()) depths_.resize(element + 1, 0);
    int parent = doc_->elements[element].parent;
    depths_[element] = parent >= 0 ? depths_[parent] + 1 : 1;
    return depths_[element];
  }

  void close(const Frame& f) {
    if (f.span) close_span();
    if (!f.block) return;
    flush();
    doc_->elements[f.element].end = static_cast<int>(doc_->elements.size());
    current_ = f.element >= 0 ? doc_->elements[f.element].parent : -1;
    if (f.node->v.element.tag == GUMBO_TAG_TR) check_row(f.element);
  }

  void text(const GumboNode* node, int element, bool link, bool pre) {
    if (element != current_ && !pending_.text.empty()) flush();
    current_ = element;
    auto [decoded, orig, at] = source_of(node);
    if (!decoded.empty()) last_end_ = at + orig.size();
    if (!pre && (node->type == GUMBO_NODE_WHITESPACE || decoded.empty())) {
      if (!pending_.text.empty() && !decoded.empty()) {
        pending_.text += ' ';
        pending_.map.append_replaced(1, at, at + orig.size());
        pending_.add_plain(" ");
      }
      return;
    }
    if (element_ < 0) element_ = element;
    append_text(decoded, orig, at, link, &pending_);
  }

  // A table cell: one space between cells of a row, and where the cell
  // starts (kept if the row turns out to be a row of cells, check_row).
  void separate(const GumboNode* node) {
    std::size_t at = std::min<std::size_t>(node->v.element.start_pos.offset, page_.size());
    Inline cell;
    cell.kind = Inline::kCell;
    cell.begin = cell.end = at;
    inlines_.push_back(cell);
    if (pending_.text.empty()) return;
    pending_.text += ' ';
    pending_.map.append_replaced(1, at, at);
  }

  // Inline spans run from the end of the text read before them to the end
  // of the last text read inside them, in page bytes.
  void open_span(const GumboElement& e, Inline::Kind kind, Frame* f) {
    Inline span;
    span.kind = kind;
    span.begin = span.end = last_end_;
    if (kind == Inline::kLink) {
      std::string_view url = link_target(e);
      if (url.empty() || doc_->urls.size() + url.size() > UINT32_MAX) return;
      span.url_begin = static_cast<std::uint32_t>(doc_->urls.size());
      span.url_size = static_cast<std::uint32_t>(url.size());
      doc_->urls.append(url);
    }
    f->span = true;
    open_spans_.push_back(inlines_.size());
    inlines_.push_back(span);
  }

  void close_span() {
    std::size_t k = open_spans_.back();
    open_spans_.pop_back();
    inlines_[k].end = last_end_;
    if (k + 1 == inlines_.size() && inlines_[k].end == inlines_[k].begin) inlines_.pop_back();  // held no text
  }

  // A row is written as a table row only when it made one block by itself
  // (its cells hold no blocks, no line breaks); otherwise its blocks are
  // plain text, as before.
  void check_row(int row) {
    auto& blocks = doc_->blocks;
    std::size_t first = blocks.size();  // the row's blocks and those of elements inside it
    while (first > 0 && blocks[first - 1].element >= row) --first;
    if (blocks.size() - first == 1 && blocks[first].element == row) return;
    for (std::size_t k = first; k < blocks.size(); ++k) {
      if (blocks[k].element != row) continue;
      auto& in = blocks[k].inlines;
      in.erase(std::remove_if(in.begin(), in.end(), [](const Inline& i) { return i.kind == Inline::kCell; }),
               in.end());
      blocks[k].group = -1;
    }
  }

  void flush() {
    // Spans still open end here and go on in the next block.
    for (std::size_t k : open_spans_) inlines_[k].end = last_end_;
    push_block();
    for (std::size_t k = 0; k < open_spans_.size(); ++k) {
      inlines_[k] = inlines_[open_spans_[k]];  // indices only grow: this moves entries forward
      inlines_[k].begin = inlines_[k].end = last_end_;
      open_spans_[k] = k;
    }
    inlines_.resize(open_spans_.size());
  }

  void push_block() {
    Pending p = std::move(pending_);
    pending_ = Pending();
    int element = current_;
    element_ = -1;
    if (p.chars == 0) return;
    Block b;
    canonicalize_mapped(p.text, p.map, nfkc_, &b, stats_);
    if (b.text.empty()) return;
    b.element = element;
    b.kind = BlockKind::kParagraph;
    int list_depth = 0;
    bool kind_set = false;
    int nearest_list = -1;
    for (int e = element; e >= 0; e = doc_->elements[e].parent) {
      const std::string& tag = doc_->elements[e].tag;
      if (!kind_set) {
        if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') {
          b.kind = BlockKind::kHeading;
          b.level = tag[1] - '0';
          kind_set = true;
        } else if (tag == "li") {
          b.kind = BlockKind::kListItem;
          kind_set = true;
        } else if (tag == "pre") {
          b.kind = BlockKind::kCode;
          b.group = e;  // a line break or a block inside splits a pre into blocks
          kind_set = true;
        } else if (tag == "tr" || tag == "table") {
          // A row read whole is a table row; a block inside a cell (a layout
          // table) is a paragraph, as it is written.
          b.kind = e == element ? BlockKind::kTable : BlockKind::kParagraph;
          kind_set = true;
        } else if (tag == "figcaption" || tag == "caption") {
          b.kind = BlockKind::kCaption;
          kind_set = true;
        } else if (tag == "blockquote") {
          b.kind = BlockKind::kQuote;
          kind_set = true;
        }
      }
      if (tag == "ul" || tag == "ol") {
        if (list_depth++ == 0) nearest_list = e;
      }
      if (list_depth > 64) break;
      if (kind_set && b.kind != BlockKind::kListItem) break;
    }
    if (b.kind == BlockKind::kListItem) {
      b.level = std::max(1, list_depth);
      b.group = nearest_list;
      if (nearest_list >= 0 && doc_->elements[nearest_list].tag == "ol") {
        b.list_start = list_start(doc_->elements[nearest_list]);
      }
    }
    if (b.kind == BlockKind::kCode) {
      verbatim(p, &b);
      if (b.text.empty()) return;
    } else if (!inlines_.empty()) {
      take_inlines(element, &b);
    }
    b.link_chars = p.chars ? b.text.size() * p.link_chars / p.chars : 0;
    // Nothing but links and separators, or a short "Label:" before them
    // (what the Markdown reader says of the line once written), or links
    // with a few plain bytes ("(7)" after a name in a list of links).
    std::size_t plain = p.chars - p.link_chars;
    b.links_only = p.link_chars > 0 &&
                   (plain <= 3 || (plain <= 24 && p.link_chars >= 2 * plain && p.text.find(':') != std::string::npos) ||
                    (!p.long_plain && links_only_text(canonical_text(p.label, nfkc_), canonical_text(p.rest, nfkc_))));
    doc_->blocks.push_back(std::move(b));
  }

  // The pending spans go to the block, cell starts only to a table row.
  void take_inlines(int element, Block* b) {
    bool row = b->kind == BlockKind::kTable && element >= 0 && doc_->elements[element].tag == "tr";
    std::size_t cells = 0;
    for (const Inline& in : inlines_) cells += in.kind == Inline::kCell;
    if (row && cells > 0) {
      int t = doc_->elements[element].parent;
      while (t >= 0 && doc_->elements[t].tag != "table" && doc_->elements[t].tag != "tr") t = doc_->elements[t].parent;
      if (t >= 0 && doc_->elements[t].tag == "table") b->group = t;
    }
    if (b->group >= 0 || cells == 0) {
      b->inlines.assign(inlines_.begin(), inlines_.end());
      return;
    }
    b->inlines.reserve(inlines_.size() - cells);
    for (const Inline& in : inlines_) {
      if (in.kind != Inline::kCell) b->inlines.push_back(in);
    }
  }

  // A pre's text as written (canonical text only gave the word count):
  // without blank lines at either end or trailing spaces, and without
  // controls other than tab and newline. The map stays exact.
  static void verbatim(const Pending& p, Block* b) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    std::string_view t = p.text;
    std::size_t first = 0;
    while (first < t.size() && space(t[first])) ++first;
    std::size_t begin = t.rfind('\n', first);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    std::size_t end = t.size();
    while (end > begin && space(t[end - 1])) --end;
    b->text.clear();
    b->map.clear();
    for (std::size_t i = begin; i < end;) {
      auto control = [&](std::size_t k) {
        auto c = static_cast<unsigned char>(t[k]);
        return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
      };
      std::size_t j = i;
      while (j < end && !control(j)) ++j;
      b->text.append(t.substr(i, j - i));
      b->map.append_slice(p.map, i, j);
      while (j < end && control(j)) ++j;
      i = j;
    }
  }

  std::string_view page_;
  bool nfkc_;
  CanonStats* stats_;
  Document* doc_;
  Pending pending_;
  int current_ = -1;
  int element_ = -1;
  std::vector<int> depths_;
  // Inline spans and cell starts of the pending block (reused buffer), and
  // which of them belong to elements still open.
  std::vector<Inline> inlines_;
  std::vector<std::size_t> open_spans_;
  std::size_t last_end_ = 0;  // page offset just past the last text read
};

}  // namespace

Document read_html(std::string_view page, bool nfkc, CanonStats* stats, bool fold_spaces, std::size_t memory_limit,
                   bool* out_of_memory) {
  Document doc;
  doc.nfkc = nfkc;
  if (out_of_memory) *out_of_memory = false;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  Arena arena(memory_limit);  // outlives the tree; gumbo_destroy_output is not needed
  options.allocator = Arena::allocate;
  options.deallocator = Arena::deallocate;
  options.userdata = &arena;
  std::string prepared;
  OffsetMap to_page;
  bool cut = prepare_html(page, fold_spaces, &prepared, &to_page);
  std::string_view text = cut ? std::string_view(prepared) : page;
  GumboOutput* out = arena.parse(&options, text);
  if (!out) {
    if (out_of_memory) *out_of_memory = true;
    return doc;
  }
  Reader(text, nfkc, stats, &doc).run(out->root);
  if (cut) remap_document(to_page, page.size(), &doc);
  return doc;
}

}  // namespace normalize::internal

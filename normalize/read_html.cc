// The HTML reader: Gumbo's tree -> Blocks with exact maps into the (UTF-8)
// page and the DOM context of each block (its element, tag path, id/class,
// role, hidden, inside nav/aside/footer/form...). Scripts, styles and other
// non-text elements are dropped. The walk is iterative: input nesting depth
// costs heap, never stack. Knows nothing of rules or main-content choice.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <new>
#include <tuple>

#include "normalize/canonical.h"
#include "normalize/html_prepare.h"
#include "normalize/pipeline.h"

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
      if (k < orig.size()) {
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
}

struct Frame {
  const GumboNode* node;
  unsigned next_child;
  int element;      // the DomElement this node opened, or the inherited one
  bool block;       // opened a block boundary
  bool link;
};

class Reader {
 public:
  Reader(std::string_view page, bool nfkc, CanonStats* stats, Document* doc)
      : page_(page), nfkc_(nfkc), stats_(stats), doc_(doc) {}

  void run(const GumboNode* root) {
    std::vector<Frame> stack;
    stack.push_back(open(root, -1, false));
    while (!stack.empty()) {
      Frame& f = stack.back();
      const GumboVector* children = f.node->type == GUMBO_NODE_ELEMENT || f.node->type == GUMBO_NODE_TEMPLATE
                                        ? &f.node->v.element.children
                                        : nullptr;
      if (children && f.next_child < children->length) {
        const auto* child = static_cast<const GumboNode*>(children->data[f.next_child++]);
        int element = f.element;
        bool link = f.link;
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
            child->type == GUMBO_NODE_CDATA) {
          text(child, element, link);
        } else if (child->type == GUMBO_NODE_ELEMENT) {
          stack.push_back(open(child, element, link));
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
  Frame open(const GumboNode* node, int parent, bool link) {
    const GumboElement& e = node->v.element;
    Frame f{node, 0, parent, false, link || e.tag == GUMBO_TAG_A};
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
    if (!f.block) return;
    flush();
    doc_->elements[f.element].end = static_cast<int>(doc_->elements.size());
    current_ = f.element >= 0 ? doc_->elements[f.element].parent : -1;
  }

  void text(const GumboNode* node, int element, bool link) {
    if (element != current_ && !pending_.text.empty()) flush();
    current_ = element;
    auto [decoded, orig, at] = source_of(node);
    if (node->type == GUMBO_NODE_WHITESPACE || decoded.empty()) {
      if (!pending_.text.empty() && !decoded.empty()) {
        pending_.text += ' ';
        pending_.map.append_replaced(1, at, at + orig.size());
      }
      return;
    }
    if (element_ < 0) element_ = element;
    append_text(decoded, orig, at, link, &pending_);
  }

  // A table cell: one space between cells of a row.
  void separate(const GumboNode* node) {
    if (pending_.text.empty()) return;
    std::size_t at = std::min<std::size_t>(node->v.element.start_pos.offset, page_.size());
    pending_.text += ' ';
    pending_.map.append_replaced(1, at, at);
  }

  void flush() {
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
          kind_set = true;
        } else if (tag == "tr" || tag == "table") {
          b.kind = BlockKind::kTable;
          kind_set = true;
        } else if (tag == "figcaption" || tag == "caption") {
          b.kind = BlockKind::kCaption;
          kind_set = true;
        } else if (tag == "blockquote") {
          b.kind = BlockKind::kQuote;
          kind_set = true;
        }
      }
      if (tag == "ul" || tag == "ol") ++list_depth;
      if (list_depth > 64) break;
      if (kind_set && b.kind != BlockKind::kListItem) break;
    }
    if (b.kind == BlockKind::kListItem) b.level = std::max(1, list_depth);
    if (b.kind == BlockKind::kCode) b.kind = BlockKind::kParagraph;  // folded text; verbatim code needs raw bytes
    b.link_chars = p.chars ? b.text.size() * p.link_chars / p.chars : 0;
    // Nothing but links, separators and an optional short "Label:" prefix.
    std::size_t plain = p.chars - p.link_chars;
    b.links_only = p.link_chars > 0 && (plain <= 3 || (plain <= 24 && p.link_chars >= 2 * plain &&
                                                       p.text.find(':') != std::string::npos));
    doc_->blocks.push_back(std::move(b));
  }

  std::string_view page_;
  bool nfkc_;
  CanonStats* stats_;
  Document* doc_;
  Pending pending_;
  int current_ = -1;
  int element_ = -1;
  std::vector<int> depths_;
};

// Gumbo's memory for one page: it allocates a node, a string or a vector at
// a time and frees each one, which cost a fifth of the run in malloc/free.
// Small blocks come from chunks freed together; large ones (growing text or
// attribute buffers) from malloc, also freed together.
class Arena {
 public:
  ~Arena() {
    for (void* p : chunks_) std::free(p);
    for (void* p : large_) std::free(p);
  }
  // Called a million times for 40 pages: the bump from the current chunk
  // is all it does inline, the rest is in get().
  static void* allocate(void* self, std::size_t n) {
    auto* arena = static_cast<Arena*>(self);
    n = (n + 15) & ~std::size_t{15};
    if (n > arena->left_ || n > kLarge) return arena->get(n);
    void* p = arena->next_;
    arena->next_ += n;
    arena->left_ -= n;
    return p;
  }
  static void deallocate(void*, void*) {}

 private:
  static constexpr std::size_t kChunk = 256 * 1024, kLarge = 16 * 1024;
  [[gnu::noinline]] void* get(std::size_t n) {
    if (n > kLarge) {
      void* p = std::malloc(n);
      if (!p) throw std::bad_alloc();
      large_.push_back(p);
      return p;
    }
    if (left_ < n) {
      void* p = std::malloc(kChunk);
      if (!p) throw std::bad_alloc();
      chunks_.push_back(p);
      next_ = static_cast<char*>(p);
      left_ = kChunk;
    }
    void* p = next_;
    next_ += n;
    left_ -= n;
    return p;
  }
  std::vector<void*> chunks_, large_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace

Document read_html(std::string_view page, bool nfkc, CanonStats* stats, bool fold_spaces) {
  Document doc;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  Arena arena;  // outlives the tree; gumbo_destroy_output is not needed
  options.allocator = Arena::allocate;
  options.deallocator = Arena::deallocate;
  options.userdata = &arena;
  std::string prepared;
  OffsetMap to_page;
  bool cut = prepare_html(page, fold_spaces, &prepared, &to_page);
  std::string_view text = cut ? std::string_view(prepared) : page;
  GumboOutput* out = gumbo_parse_with_options(&options, text.data(), text.size());
  if (!out) return doc;
  Reader(text, nfkc, stats, &doc).run(out->root);
  if (cut) remap_document(to_page, page.size(), &doc);
  return doc;
}

}  // namespace normalize::internal

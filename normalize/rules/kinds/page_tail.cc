// page-tail: HTML only. What a page shows after its article's last body
// paragraph that is not the article: runs of teasers for other stories
// (headings and short items cut off with "…", or mostly a link) and the
// blocks of footer, aside and nav elements the main-content choice let in.
// The last body paragraph (`body_words` words or more, few links, no
// ellipsis, outside footer/aside/nav) is found once a pass; nothing before it
// is touched, so an article ending in short paragraphs keeps them unless they
// have a teaser's shape. Knows the Document's elements, never Gumbo.
#include <string_view>

#include "normalize/rules/kinds/detectors.h"
#include "normalize/rules/rule.h"

namespace normalize::internal {
namespace {

struct Params final : KindParams {
  std::size_t body_words = 20;   // a body paragraph has at least this many words
  std::size_t max_words = 40;    // a teaser has at most this many
  std::size_t min_run = 2;       // teasers come in runs of this many or more
  // Class words of the boxes around the article's end (call to action,
  // newsletter, author bio), matched as whole words: "cta" in "cta-global"
  // or "vc_cta3", never in "octal".
  std::vector<std::string> box_words;
};

// Whether a class of element `e` holds one of `words` as a whole word (runs
// of ASCII letters). Ids are left out: they name places more than kinds
// (tab panes "#profile", "#contact").
bool has_word(const DomElement& e, const std::vector<std::string>& words) {
  const std::string& a = e.attrs;
  std::size_t i = 0;
  while (i < a.size()) {
    std::size_t end = a.find(' ', i);
    if (end == std::string::npos) end = a.size();
    if (end > i && a[i] == '.') {
      std::size_t k = i + 1;
      while (k < end) {
        while (k < end && !(a[k] >= 'a' && a[k] <= 'z')) ++k;
        std::size_t w = k;
        while (k < end && a[k] >= 'a' && a[k] <= 'z') ++k;
        std::string_view word(a.data() + w, k - w);
        for (const std::string& x : words) {
          if (word == x) return true;
        }
      }
    }
    i = end + 1;
  }
  return false;
}

constexpr unsigned kOutsideArticle = kInFooter | kInAside | kInNav;

unsigned flags(const Block& b, const std::vector<DomElement>& elements) {
  if (b.element < 0 || static_cast<std::size_t>(b.element) >= elements.size()) return 0;
  return elements[b.element].flags;
}

// Cut off: ends in "…" or "...", maybe followed by a closing quote or bracket.
bool ends_in_ellipsis(std::string_view t) {
  while (!t.empty() && (t.back() == ')' || t.back() == ']' || t.back() == '"')) t.remove_suffix(1);
  return t.ends_with("\xE2\x80\xA6") || t.ends_with("...");
}

bool is_body(const Block& b, const std::vector<DomElement>& elements, const Params& p) {
  if (b.kind != BlockKind::kParagraph && b.kind != BlockKind::kQuote && b.kind != BlockKind::kListItem) return false;
  if (b.words < p.body_words || b.link_density() >= 0.3 || ends_in_ellipsis(b.text)) return false;
  if (flags(b, elements) & kOutsideArticle) return false;
  // An author bio or a call to action is sentences too: a paragraph in a
  // named box (its element or the next three up) is no body paragraph.
  int e = b.element;
  for (int level = 0; level < 4 && e >= 0; ++level, e = elements[e].parent) {
    if (has_word(elements[e], p.box_words)) return false;
  }
  return true;
}

// A teaser item: a short block cut off with an ellipsis or mostly a link.
bool is_teaser(const Block& b, const Params& p) {
  if (b.kind == BlockKind::kCode || b.words > p.max_words) return false;
  return ends_in_ellipsis(b.text) || b.link_density() >= 0.5;
}

// Whether two HTML blocks share their element or its parent.
bool beside(const Block& a, const Block& b, const std::vector<DomElement>& elements) {
  if (a.element < 0 || b.element < 0) return false;
  if (a.element == b.element) return true;
  return elements[a.element].parent == elements[b.element].parent;
}

class PageTail final : public RuleKind {
 public:
  std::string_view type() const override { return "page-tail"; }
  std::vector<std::string_view> param_keys() const override { return {"body_words", "max_words", "min_run", "box_words"}; }
  std::shared_ptr<const KindParams> read(const ParamReader& params) const override {
    auto p = std::make_shared<Params>();
    p->body_words = params.number("body_words", p->body_words);
    p->max_words = params.number("max_words", p->max_words);
    p->min_run = params.number("min_run", p->min_run);
    if (p->min_run == 0) params.fail("min_run", "params.min_run must be 1 or more");
    if (params.has("box_words")) p->box_words = params.words("box_words").words();
    return p;
  }
  bool reads_dom() const override { return true; }
  bool per_pass() const override { return true; }
  // The index just past the last body paragraph; blocks.size() when there
  // is none (a page without a body paragraph has no tail to judge).
  std::size_t begin_pass(const Rule& rule, const BlockList& blocks, const std::vector<DomElement>& elements,
                         const ParamSearch&) const override {
    const auto& p = static_cast<const Params&>(*rule.params);
    for (std::size_t i = blocks.size(); i-- > 0;) {
      if (is_body(*blocks[i], elements, p)) return i + 1;
    }
    return blocks.size();
  }
  bool matches(const Rule& rule, const BlockList& blocks, const std::vector<DomElement>& elements, std::size_t i,
               std::size_t tail, const ParamSearch&) const override {
    const auto& p = static_cast<const Params&>(*rule.params);
    if (i < tail || tail == 0 || tail > blocks.size()) return false;
    const Block& body = *blocks[tail - 1];
    // Inside a footer, aside or nav the last body paragraph is not in (when
    // the article itself sits in an aside, its paragraphs stay).
    if (flags(*blocks[i], elements) & kOutsideArticle & ~flags(body, elements)) return true;
    // Inside a box named by its class or id, below where it parts from the
    // body paragraph's elements.
    if (!p.box_words.empty() && blocks[i]->element >= 0 && body.element >= 0) {
      for (int e = blocks[i]->element; e >= 0 && !(e <= body.element && body.element < elements[e].end);
           e = elements[e].parent) {
        if (has_word(elements[e], p.box_words)) return true;
      }
    }
    // The teaser run around block i; a heading counts when a teaser follows
    // it. Teasers sit in containers of their own: a short paragraph beside
    // the body's paragraphs that trails off ("...") is the article's.
    auto teaser_at = [&](std::size_t k) {
      if (k < tail || k >= blocks.size()) return false;
      std::size_t item = k;
      if (blocks[k]->kind == BlockKind::kHeading) {
        if (k + 1 >= blocks.size() || blocks[k + 1]->kind == BlockKind::kHeading) return false;
        item = k + 1;
      }
      return is_teaser(*blocks[item], p) && !beside(*blocks[item], body, elements);
    };
    if (!teaser_at(i)) return false;
    std::size_t begin = i, end = i + 1;
    while (begin > tail && teaser_at(begin - 1)) --begin;
    while (end < blocks.size() && teaser_at(end)) ++end;
    return end - begin >= p.min_run;
  }
};

}  // namespace

const RuleKind& page_tail_kind() {
  static const PageTail kind;
  return kind;
}

}  // namespace normalize::internal

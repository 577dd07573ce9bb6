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
};

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
  return !(flags(b, elements) & kOutsideArticle);
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
  std::vector<std::string_view> param_keys() const override { return {"body_words", "max_words", "min_run"}; }
  std::shared_ptr<const KindParams> read(const ParamReader& params) const override {
    auto p = std::make_shared<Params>();
    p->body_words = params.number("body_words", p->body_words);
    p->max_words = params.number("max_words", p->max_words);
    p->min_run = params.number("min_run", p->min_run);
    if (p->min_run == 0) params.fail("min_run", "params.min_run must be 1 or more");
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

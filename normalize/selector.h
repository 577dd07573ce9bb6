// Internal. Use normalize.h.
//
// CSS-like selectors over the HTML elements of a Document, for rules that
// read DOM signals (a comment section, a share bar, an author box): tag, `*`,
// `#id`, `.class`, `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr*=v]`,
// `[attr^=v]`, `[attr$=v]`, `[attr|=v]`, the descendant combinator (space)
// and lists (`,`). Matching is ASCII case-insensitive throughout: page
// authors are not consistent about case, and rules should not have to be.
#ifndef NORMALIZE_SELECTOR_H_
#define NORMALIZE_SELECTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "normalize/document.h"

namespace normalize::internal {

class Selector {
 public:
  // Parses `text`; on failure returns false and says why in `error`.
  static bool compile(std::string_view text, Selector* out, std::string* error);

  bool empty() const { return alternatives_.empty(); }
  // Whether element `e` itself matches one of the alternatives.
  bool matches(const std::vector<DomElement>& elements, int e) const;

 private:
  struct Condition {
    enum Op { kExists, kEquals, kWord, kContains, kPrefix, kSuffix, kDashPrefix };
    std::string name, value;  // lowercase
    Op op = kExists;
  };
  struct Compound {
    std::string tag;  // lowercase; empty: any
    std::vector<Condition> conditions;
  };
  using Chain = std::vector<Compound>;  // ancestor first, the element last

  static bool matches(const Compound& c, const DomElement& e);

  std::vector<Chain> alternatives_;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_SELECTOR_H_

// Internal. Use normalize.h.
//
// CSS-like selectors over the HTML elements of a Document, for rules that
// read DOM signals (a comment section, a share bar, an author box): tag, `*`,
// `#id`, `.class`, `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr*=v]`,
// `[attr^=v]`, `[attr$=v]`, `[attr|=v]`, the descendant combinator (space)
// and lists (`,`). Matching is ASCII case-insensitive throughout: page
// authors are not consistent about case, and rules should not have to be.
#ifndef NORMALIZE_RULES_SELECTOR_H_
#define NORMALIZE_RULES_SELECTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "normalize/text/document.h"

namespace normalize::internal {

class Selector {
 public:
  // Parses `text`; on failure returns false and says why in `error`.
  static bool compile(std::string_view text, Selector* out, std::string* error);

  bool empty() const { return alternatives_.empty() && by_name_.empty(); }
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

  static bool holds(const Condition& cond, std::string_view value);
  static bool matches(const Compound& c, const DomElement& e);

  // Alternatives that are one condition on one attribute, any tag (most of
  // a rule's list: ".share, [class*=share-bar], #comments"), grouped by the
  // attribute's name: an element's value is then found once per name, and
  // its class split into words once, whatever the number of ".word"s.
  struct ByName {
    std::string name;
    std::vector<std::string> words;  // kWord values, sorted
    std::vector<Condition> others;
  };
  std::vector<ByName> by_name_;
  std::vector<Chain> alternatives_;  // the others
};

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_SELECTOR_H_

// Internal. Use normalize.h.
//
// The whole-document kinds: main-content (HTML: the choice of the article,
// decide/main_content.cc) and structure (what removals leave without purpose,
// decide/prune.cc). Each of their rules names one part of that decision.
#ifndef NORMALIZE_RULES_KINDS_WHOLE_DOCUMENT_H_
#define NORMALIZE_RULES_KINDS_WHOLE_DOCUMENT_H_

#include <string>

#include "normalize/rules/rule_kind.h"

namespace normalize::internal {

struct MainContentParams final : KindParams {
  std::string part;  // outside, hidden, caption, link-block, empty-section
  // Part outside only: class/id words that count against an element holding
  // the article, for it, and that mark it unlikely (unless a likely word is
  // there too); roles that mark it unlikely.
  WordList negative, positive, unlikely, likely, unlikely_roles;
};

struct StructureParams final : KindParams {
  std::string part;  // stray-break, empty-section
};

const RuleKind& main_content_kind();
const RuleKind& structure_kind();

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_KINDS_WHOLE_DOCUMENT_H_

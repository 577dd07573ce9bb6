// Every rule kind, by YAML `type`. A new kind is a file under kinds/ and a
// line here.
#include "normalize/rules/kinds/detectors.h"
#include "normalize/rules/kinds/whole_document.h"

namespace normalize::internal {
namespace {

const std::vector<const RuleKind*>& kinds() {
  static const std::vector<const RuleKind*> all = {&repeated_paragraph_kind(), &caption_credit_kind(),
                                                   &tail_run_kind(), &page_tail_kind(), &main_content_kind(),
                                                   &structure_kind()};
  return all;
}

}  // namespace

const RuleKind* find_kind(std::string_view type) {
  for (const RuleKind* k : kinds()) {
    if (k->type() == type) return k;
  }
  return nullptr;
}

std::vector<std::string_view> kind_types() {
  std::vector<std::string_view> types;
  for (const RuleKind* k : kinds()) types.push_back(k->type());
  return types;
}

}  // namespace normalize::internal

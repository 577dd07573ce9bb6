// repeated-paragraph: block i repeats block i - 1 exactly (after
// canonicalisation): the doubled title. No parameters.
#include "normalize/rules/kinds/detectors.h"

namespace normalize::internal {
namespace {

class RepeatedParagraph final : public RuleKind {
 public:
  std::string_view type() const override { return "repeated-paragraph"; }
  std::vector<std::string_view> param_keys() const override { return {}; }
  std::shared_ptr<const KindParams> read(const ParamReader&) const override { return nullptr; }
  bool matches(const Rule&, const BlockList& blocks, const std::vector<DomElement>&, std::size_t i, std::size_t,
               const ParamSearch&) const override {
    return i > 0 && blocks[i]->text == blocks[i - 1]->text;
  }
};

}  // namespace

const RuleKind& repeated_paragraph_kind() {
  static const RepeatedParagraph kind;
  return kind;
}

}  // namespace normalize::internal

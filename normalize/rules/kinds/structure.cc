// structure: one part of the pruning that follows the rules
// (decide/prune.cc): a stray thematic break, or a heading whose section the
// rules emptied.
#include "normalize/rules/kinds/whole_document.h"

namespace normalize::internal {
namespace {

class Structure final : public RuleKind {
 public:
  std::string_view type() const override { return "structure"; }
  std::vector<std::string_view> param_keys() const override { return {"part"}; }
  std::shared_ptr<const KindParams> read(const ParamReader& params) const override {
    auto p = std::make_shared<StructureParams>();
    p->part = params.one_of("part", {"stray-break", "empty-section"});
    return p;
  }
  bool per_block() const override { return false; }
};

}  // namespace

const RuleKind& structure_kind() {
  static const Structure kind;
  return kind;
}

}  // namespace normalize::internal

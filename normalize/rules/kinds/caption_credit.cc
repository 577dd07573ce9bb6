// caption-credit: block i is a short caption (not itself a credit) and block
// i + 1 a photo credit. Parameters: `credit` (a regex), `caption_max_words`.
#include "normalize/rules/kinds/detectors.h"
#include "normalize/rules/rule.h"

namespace normalize::internal {
namespace {

struct Params final : KindParams {
  std::string pattern;
  Regex credit;
  std::size_t caption_max_words = 12;
};

class CaptionCredit final : public RuleKind {
 public:
  std::string_view type() const override { return "caption-credit"; }
  std::vector<std::string_view> param_keys() const override { return {"credit", "caption_max_words"}; }
  std::shared_ptr<const KindParams> read(const ParamReader& params) const override {
    auto p = std::make_shared<Params>();
    p->pattern = params.regex("credit", &p->credit);
    p->caption_max_words = params.number("caption_max_words", p->caption_max_words);
    return p;
  }
  bool matches(const Rule& rule, const BlockList& blocks, const std::vector<DomElement>&, std::size_t i, std::size_t,
               const ParamSearch& search) const override {
    const auto& p = static_cast<const Params&>(*rule.params);
    if (i + 1 >= blocks.size() || blocks[i]->words > p.caption_max_words) return false;
    // A caption is a label, not a sentence: a credit line itself is not a caption.
    if (search(rule, p.credit, blocks[i]->text)) return false;
    return search(rule, p.credit, blocks[i + 1]->text);
  }
};

}  // namespace

const RuleKind& caption_credit_kind() {
  static const CaptionCredit kind;
  return kind;
}

}  // namespace normalize::internal

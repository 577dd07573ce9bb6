// tail-run: the run of short blocks matching `line` (at most `max_words`
// words each) that ends the document, when it is `min_run` blocks or longer.
// Found once a pass; a block matches when it lies in the run.
#include <algorithm>

#include "normalize/rules/kinds/detectors.h"
#include "normalize/rules/rule.h"

namespace normalize::internal {
namespace {

struct Params final : KindParams {
  std::string pattern;
  Regex line;
  std::size_t max_words = 12;
  std::size_t min_run = 3;
};

class TailRun final : public RuleKind {
 public:
  std::string_view type() const override { return "tail-run"; }
  std::vector<std::string_view> param_keys() const override { return {"line", "max_words", "min_run"}; }
  std::shared_ptr<const KindParams> read(const ParamReader& params) const override {
    auto p = std::make_shared<Params>();
    p->pattern = params.regex("line", &p->line);
    p->max_words = params.number("max_words", p->max_words);
    p->min_run = std::max<std::size_t>(1, params.number("min_run", p->min_run));
    return p;
  }
  bool per_pass() const override { return true; }
  // The index of the run's first block, or blocks.size() when it is too short.
  std::size_t begin_pass(const Rule& rule, const BlockList& blocks, const std::vector<DomElement>&,
                         const ParamSearch& search) const override {
    const auto& p = static_cast<const Params&>(*rule.params);
    std::size_t start = blocks.size();
    while (start > 0) {
      const Block& b = *blocks[start - 1];
      if (b.words > p.max_words || !search(rule, p.line, b.text)) break;
      --start;
    }
    return blocks.size() - start >= p.min_run ? start : blocks.size();
  }
  bool matches(const Rule&, const BlockList&, const std::vector<DomElement>&, std::size_t i, std::size_t run_start,
               const ParamSearch&) const override {
    return i >= run_start;
  }
};

}  // namespace

const RuleKind& tail_run_kind() {
  static const TailRun kind;
  return kind;
}

}  // namespace normalize::internal

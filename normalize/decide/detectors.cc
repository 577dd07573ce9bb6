// Detectors: rule types that are not one regex over one block.
#include "normalize/decide/detectors.h"

namespace normalize::internal {

bool repeats_previous(const BlockList& blocks, std::size_t i) {
  return i > 0 && blocks[i]->text == blocks[i - 1]->text;
}

bool caption_above_credit(const Rule& rule, const BlockList& blocks, std::size_t i,
                          const ParamSearch& search) {
  if (i + 1 >= blocks.size() || blocks[i]->words > rule.param_max_words) return false;
  // A caption is a label, not a sentence: a credit line itself is not a caption.
  if (search(rule, rule.param_regex, blocks[i]->text)) return false;
  return search(rule, rule.param_regex, blocks[i + 1]->text);
}

std::size_t tail_run_start(const Rule& rule, const BlockList& blocks, const ParamSearch& search) {
  std::size_t start = blocks.size();
  while (start > 0) {
    const Block& b = *blocks[start - 1];
    if (b.words > rule.param_max_words || !search(rule, rule.param_regex, b.text)) break;
    --start;
  }
  return blocks.size() - start >= rule.min_run ? start : blocks.size();
}

}  // namespace normalize::internal

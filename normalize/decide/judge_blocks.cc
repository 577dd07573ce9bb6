// The block model's turn in the decide stage: it scores the blocks the rules
// kept and removes those it judges boilerplate, each a Cut naming the model,
// the category it predicted and its score.
#include <algorithm>

#include "normalize/decide/block_features.h"
#include "normalize/decide/decide.h"

namespace normalize::internal {
namespace {

// Below this many words a document gives the model too little to judge by:
// positions and neighbours mean nothing in a note of three lines.
constexpr std::size_t kMinDocumentWords = 60;

}  // namespace

bool judge_blocks(const BlockModel& model, Decisions* decisions) {
  BlockList& kept = decisions->kept;
  std::size_t words = 0;
  for (const Block* b : kept) words += b->words;
  if (kept.size() < 2 || words < kMinDocumentWords) return false;
  const std::vector<float> rows = block_features(kept, model.cues);
  const std::size_t width = rows.size() / kept.size();
  std::vector<std::size_t> held = decisions->held;
  std::sort(held.begin(), held.end());
  std::vector<Cut> cuts;
  BlockList survivors;
  survivors.reserve(kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const Block& b = *kept[i];
    const float* row = &rows[i * width];
    if (model_may_judge(row) && !std::binary_search(held.begin(), held.end(), b.index)) {
      const float p = model.score(row);
      const std::size_t c = p >= model.threshold ? model.category_of(row) : 0;
      if (p >= model.threshold && !model.disabled[c]) {
        cuts.push_back({model.ids[c], model.categories[c], "remove", b.span_begin(), b.span_end(), p});
        continue;
      }
    }
    survivors.push_back(&b);
  }
  // A document the model would empty is one it does not understand (a list,
  // a poem, a table of figures): it keeps it all.
  if (cuts.empty() || survivors.empty()) return false;
  decisions->cuts.insert(decisions->cuts.end(), cuts.begin(), cuts.end());
  kept = std::move(survivors);
  return true;
}

}  // namespace normalize::internal

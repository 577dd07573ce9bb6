#include "normalize/text/decisions.h"

#include <algorithm>

namespace normalize::internal {

Decisions Decisions::keep_all(const Document& doc) {
  Decisions d;
  d.kept.reserve(doc.blocks.size());
  for (const Block& b : doc.blocks) d.kept.push_back(&b);
  return d;
}

std::vector<std::pair<std::size_t, std::size_t>> Decisions::covered() const {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  spans.reserve(cuts.size());
  for (const Cut& c : cuts) spans.emplace_back(c.begin, c.end);
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, s.second);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

}  // namespace normalize::internal

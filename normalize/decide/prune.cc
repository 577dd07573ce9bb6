// Structure left behind by removals: a heading (below level 1: a title
// stays) whose whole section was removed, and thematic breaks at either end
// of the document or next to another break. Works on block kinds and levels
// only, whatever the format; every drop is recorded as a removal by the
// structure rule of its part (rules/any/structure.yaml), and a part without
// its rule (disabled) drops nothing.
#include "normalize/decide/decide.h"

namespace normalize::internal {
namespace {

void drop(std::string_view input, const Block& b, const Rule& rule, Decisions* decisions) {
  std::size_t begin = b.span_begin(), end = b.span_end();
  while (begin < end && (input[begin] == ' ' || input[begin] == '\n' || input[begin] == '\r' || input[begin] == '\t')) ++begin;
  while (end > begin && (input[end - 1] == ' ' || input[end - 1] == '\n' || input[end - 1] == '\r' || input[end - 1] == '\t')) --end;
  if (begin >= end) return;
  decisions->cuts.push_back({rule.id, rule.category, "remove", begin, end});
}

}  // namespace

bool prune_structure(std::string_view input, std::size_t blocks_read, const StructureRules& parts,
                     std::map<std::size_t, int>* empty_headings, Decisions* decisions) {
  BlockList& blocks = decisions->kept;
  bool changed = true, any = false;
  while (changed && !blocks.empty()) {
    changed = false;
    BlockList kept;
    kept.reserve(blocks.size());
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const Block& b = *blocks[i];
      bool gone = false;
      const Rule* rule = nullptr;
      if (b.kind == BlockKind::kSeparator && parts.stray_break) {
        bool first = kept.empty();
        bool last = i + 1 == blocks.size();
        bool after_break = !kept.empty() && kept.back()->kind == BlockKind::kSeparator;
        gone = first || last || after_break;
        rule = parts.stray_break;
      } else if (b.kind == BlockKind::kHeading && b.level > 1 && parts.empty_section) {  // a title stays, whatever follows it
        std::size_t next_index = i + 1 < blocks.size() ? blocks[i + 1]->index : blocks_read;
        // Something of its own section was removed: in the gap before the
        // next surviving block, content before any emptied heading of the
        // same or a higher level (what follows that belongs to it).
        bool emptied = false;
        for (std::size_t k = b.index + 1; k < next_index && !emptied; ++k) {
          auto it = empty_headings->find(k);
          if (it == empty_headings->end()) {
            emptied = true;
          } else if (it->second <= b.level) {
            break;
          }
        }
        bool nothing_under = i + 1 == blocks.size() ||
                             (blocks[i + 1]->kind == BlockKind::kHeading && blocks[i + 1]->level <= b.level);
        gone = emptied && nothing_under;
        rule = parts.empty_section;
      }
      if (gone) {
        drop(input, b, *rule, decisions);
        if (b.kind == BlockKind::kHeading) empty_headings->emplace(b.index, b.level);
        changed = any = true;
        // Later blocks see the gap: the next block's predecessor is now earlier.
        continue;
      }
      kept.push_back(blocks[i]);
    }
    blocks = std::move(kept);
  }
  return any;
}

}  // namespace normalize::internal

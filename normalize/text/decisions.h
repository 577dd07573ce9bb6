// Internal. Use normalize.h.
//
// What the decide stage concluded about a Document, which stays as its reader
// made it: the blocks that survive (some with the text the rules left them)
// and every input range that went, with the decider that took it. The
// renderers write `kept`; the audit is derived from `cuts` (decide/audit.cc).
#ifndef NORMALIZE_TEXT_DECISIONS_H_
#define NORMALIZE_TEXT_DECISIONS_H_

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "normalize/text/document.h"

namespace normalize::internal {

// The surviving blocks in output order: pointers into the Document, or into
// Decisions::made for blocks a decider made.
using BlockList = std::vector<const Block*>;

// One removal: input[begin, end) went because of `rule` (an id that outlives
// the Decisions: the rule set's, or a literal), trimmed of white space.
struct Cut {
  std::string_view rule, category, action;
  std::size_t begin = 0, end = 0;
  float score = -1;  // the block model's probability; -1 for rules
};

struct Decisions {
  BlockList kept;
  // Blocks made by deciders, owned here (stable addresses): what is left of a
  // block after spans were cut out of it, the page title an HTML page opens with.
  std::deque<Block> made;
  // In the order they were decided; they do not overlap, except where two
  // stages saw one block's markup differently (the audit keeps only new bytes).
  std::vector<Cut> cuts;
  // The language the document was judged in, whose pack ran; "und" when
  // none was determined or asked for (every pack ran); empty when it was
  // never needed (no rule of another pack than English matched).
  std::string lang;
  // Blocks a keep rule matched (by Block::index): no model may remove them.
  std::vector<std::size_t> held;

  // Every block of `doc` kept, nothing cut: where deciding starts.
  static Decisions keep_all(const Document& doc);
  // The input ranges the cuts cover, sorted and merged.
  std::vector<std::pair<std::size_t, std::size_t>> covered() const;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_TEXT_DECISIONS_H_

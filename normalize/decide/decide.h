// Internal. Use normalize.h.
//
// The decide stage: rules and detectors judge a Document's blocks and record
// every removal. Knows nothing of input or output formats.
#ifndef NORMALIZE_DECIDE_DECIDE_H_
#define NORMALIZE_DECIDE_DECIDE_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "normalize/normalize.h"
#include "normalize/rules/rule.h"
#include "normalize/text/document.h"
#include "normalize/tuning.h"

namespace normalize::internal {

// main_content.cc: chooses the element that holds the article and removes
// every block outside it (rule html.main-content) and every hidden block
// (html.hidden), each run recorded as one Removal with its span in `input`.
// The first h1 before the chosen element is kept as the title.
void extract_main_content(std::string_view input, Document* doc, Result* result);

// evaluate.cc: applies `rules` to `doc` until nothing more is removed (at most
// `max_passes` passes). Removed blocks leave `doc`; cut spans change their
// block. Appends to result->removals (unsorted) and result->warnings.
void evaluate(const RuleSet& rules, std::string_view input, const Tuning& tuning, int max_passes,
              Document* doc, Result* result);

// prune.cc: after the rules, drops what removals left without purpose: a
// heading whose section they emptied, a thematic break at either end or next
// to another. `blocks_read` is how many blocks the reader made. Each drop is a
// Removal (category "structure"). Returns whether it dropped anything.
bool prune_structure(std::string_view input, std::size_t blocks_read, Document* doc, Result* result);

// audit.cc: sorts removals by start and fills in their line numbers.
void finish_removals(std::string_view input, std::vector<Removal>* removals);

}  // namespace normalize::internal

#endif  // NORMALIZE_DECIDE_DECIDE_H_

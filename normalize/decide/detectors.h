// Internal. Use normalize.h.
//
// Non-regex rule types. Each takes its parameters from the Rule (declared in
// the rule files) and looks at neighbouring blocks; none removes anything
// itself: evaluate.cc decides and records.
#ifndef NORMALIZE_DECIDE_DETECTORS_H_
#define NORMALIZE_DECIDE_DETECTORS_H_

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "normalize/text/decisions.h"
#include "normalize/text/document.h"
#include "normalize/rules/rule.h"

namespace normalize::internal {

// Searches `re` (a parameter regex of `rule`) in `text`; false on error.
using ParamSearch = std::function<bool(const Rule& rule, const Regex& re, std::string_view text)>;

// repeated-paragraph: block i repeats block i - 1 exactly (after canonicalisation).
bool repeats_previous(const BlockList& blocks, std::size_t i);

// caption-credit: block i is a short caption and block i + 1 a photo credit.
bool caption_above_credit(const Rule& rule, const BlockList& blocks, std::size_t i,
                          const ParamSearch& search);

// tail-run: index of the first block of the run of short boilerplate-like
// blocks that ends the document, or blocks.size() when the run is too short.
std::size_t tail_run_start(const Rule& rule, const BlockList& blocks, const ParamSearch& search);

}  // namespace normalize::internal

#endif  // NORMALIZE_DECIDE_DETECTORS_H_

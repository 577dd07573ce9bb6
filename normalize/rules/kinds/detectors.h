// Internal. Use normalize.h.
//
// The block detectors among the rule kinds, and their parameters.
#ifndef NORMALIZE_RULES_KINDS_DETECTORS_H_
#define NORMALIZE_RULES_KINDS_DETECTORS_H_

#include "normalize/rules/rule_kind.h"

namespace normalize::internal {

// repeated-paragraph: a block that repeats the one before it exactly.
const RuleKind& repeated_paragraph_kind();
// caption-credit: a short caption with a photo credit under it.
const RuleKind& caption_credit_kind();
// tail-run: the run of short boilerplate-like lines that ends a document.
const RuleKind& tail_run_kind();
// page-tail: HTML teaser runs and footer/aside/nav blocks after the article's
// last body paragraph.
const RuleKind& page_tail_kind();

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_KINDS_DETECTORS_H_

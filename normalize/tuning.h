// Internal. Use normalize.h.
//
// Switches that tests and benchmarks use to turn optimisations off.
#ifndef NORMALIZE_TUNING_H_
#define NORMALIZE_TUNING_H_

namespace normalize::internal {

struct Tuning {
  bool use_prefilter = true;        // needles, then Hyperscan; off: Boost tries every rule from the start
  bool detect_main_content = true;  // HTML: remove what lies outside the article
  bool fold_html_space = true;      // HTML: Gumbo reads white-space runs in text as one space
};

}  // namespace normalize::internal

#endif  // NORMALIZE_TUNING_H_

// Internal. Use normalize.h.
//
// Switches that tests and benchmarks use to turn optimisations off.
#ifndef NORMALIZE_TUNING_H_
#define NORMALIZE_TUNING_H_

#include <cstddef>

namespace normalize::internal {

struct Tuning {
  bool use_prefilter = true;        // needles, then Hyperscan; off: Boost tries every rule from the start
  bool detect_main_content = true;  // HTML: remove what lies outside the article
  bool fold_html_space = true;      // HTML: Gumbo reads white-space runs in text as one space
  // HTML: Gumbo's memory for one page; a page that needs more passes through
  // unchanged with a warning, as one over Options::max_input_bytes does.
  std::size_t html_memory_limit = std::size_t{1} << 30;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_TUNING_H_

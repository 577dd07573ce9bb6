// Internal. Use normalize.h.
//
// What one thread reuses from one document to the next while deciding:
// Hyperscan's scan space, Boost's match results and the evaluator's buffers.
// Its owner (Engine::clean's caller, a JSONL worker) makes one per thread and
// passes it down clean -> decide -> evaluate -> prefilters and regexes; no
// stage keeps a thread_local of its own. Never used by two threads at once.
#ifndef NORMALIZE_DECIDE_SCRATCH_H_
#define NORMALIZE_DECIDE_SCRATCH_H_

#include <memory>

#include "normalize/rules/regex.h"
#include "normalize/rules/regex_prefilter.h"

namespace normalize::internal {

struct EvaluatorBuffers;  // evaluate.cc

struct Scratch {
  Scratch();  // evaluate.cc, which knows the buffers
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  ScanScratch scan;    // both prefilters' scans
  RegexScratch regex;  // every regex search, the detectors' too
  std::unique_ptr<EvaluatorBuffers> evaluator;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_DECIDE_SCRATCH_H_

// Internal. Use normalize.h.
//
// What the block model sees of each kept block: shallow text features
// (Boilerpipe, jusText) — length, position from either end, sentence
// punctuation, capitals, digits, dates, URLs and handles, stop words, the
// reader addressed as "you", cue words per category — and a few of its
// neighbours'. The training tool (tools/block_features.cc) writes the same
// rows, so a model sees at run time exactly what it was trained on.
#ifndef NORMALIZE_DECIDE_BLOCK_FEATURES_H_
#define NORMALIZE_DECIDE_BLOCK_FEATURES_H_

#include <string>
#include <vector>

#include "normalize/rules/block_model.h"
#include "normalize/text/decisions.h"

namespace normalize::internal {

// The names of the features, in row order, for a lexicon's cue classes.
std::vector<std::string> block_feature_names(const CueLexicon& cues);

// One row per block of `kept`, block_feature_names(cues).size() floats each.
std::vector<float> block_features(const BlockList& kept, const CueLexicon& cues);

// Whether the model may judge a block at all: never what reads as article
// body (long, sentence-like, away from both ends), never a lone block.
bool model_may_judge(const float* row);

}  // namespace normalize::internal

#endif  // NORMALIZE_DECIDE_BLOCK_FEATURES_H_

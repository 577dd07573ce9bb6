// Internal. Use normalize.h.
//
// The whole pipeline for one document, in the order a document goes through it:
//   read/   read_* (bytes -> Document, unchanged from then on)
//   decide/ decide (Document + rules -> Decisions: kept blocks, cuts)
//   render/ render_* (Decisions -> canonical output)
//   decide/ audit_removals (cuts -> the audit's Removals)
// Readers know nothing of rules; rules know nothing of output formats.
#ifndef NORMALIZE_ENGINE_H_
#define NORMALIZE_ENGINE_H_

#include <optional>
#include <string_view>
#include <vector>

#include "normalize/normalize.h"
#include "normalize/rules/block_model.h"
#include "normalize/rules/rule.h"
#include "normalize/tuning.h"

namespace normalize::internal {

struct Scratch;  // decide/scratch.h

// engine.cc: the whole pipeline for one document under a given rule set and
// block model (null: none), working in the calling thread's `scratch`.
Result clean_document(const RuleSet& rules, const Options& options, const Tuning& tuning, std::string_view input,
                      Format from, Scratch* scratch, const BlockModel* model = nullptr);

// engine.cc: the block model `options` ask for (none: nullopt), checked
// against the features this build computes.
StatusOr<std::optional<BlockModel>> load_block_model(const Options& options);

// default_rules.cc (generated from rules/ at build time)
struct DefaultPack {
  const char* name;  // "rules/LANG/CATEGORY.yaml"
  std::string_view yaml;
  // Its path inside the pack directory (RuleLoader::load_text's layout).
  std::string_view layout() const { return std::string_view(name).substr(std::string_view("rules/").size()); }
};
const std::vector<DefaultPack>& default_packs();

}  // namespace normalize::internal

#endif  // NORMALIZE_ENGINE_H_

// The decide stage as one call: main-content choice, then rules and structure
// pruning in turns. The Document is only read; everything concluded goes
// into the Decisions.
#include "normalize/decide/decide.h"
#include "normalize/decide/detect_language.h"

namespace normalize::internal {

Decisions decide(const Document& doc, std::string_view input, const RuleSet& rules, const BlockModel* model,
                 const Tuning& tuning, bool main_content, int max_passes, std::string_view lang,
                 std::vector<Warning>* warnings, Scratch* scratch) {
  Decisions decisions = Decisions::keep_all(doc);
  if (main_content && rules.main_content().any()) {
    extract_main_content(input, doc, rules.main_content(), &decisions);
  }
  LanguageGate language(rules, lang, decisions.kept);
  // Read positions run past the count when main-content choice left gaps.
  const std::size_t blocks_read = decisions.kept.empty() ? 0 : decisions.kept.back()->index + 1;
  // Pruning and the model can move blocks into a rule's head or tail window,
  // and the model sees positions: all run again until none removes anything,
  // so a second clean changes nothing.
  std::map<std::size_t, int> empty_headings;
  for (int round = 0; round < max_passes; ++round) {
    evaluate(rules, input, tuning, max_passes, doc, &decisions, warnings, &language, scratch);
    const bool judged = model != nullptr && judge_blocks(*model, &decisions);
    if (!prune_structure(input, blocks_read, rules.structure(), &empty_headings, &decisions) && !judged) break;
  }
  decisions.lang = language.lang_if_known();
  return decisions;
}

}  // namespace normalize::internal

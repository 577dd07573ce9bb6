// Internal. Use normalize.h.
//
// The decide stage: rules and detectors judge a Document's blocks and record
// every removal. Knows nothing of input or output formats.
#ifndef NORMALIZE_DECIDE_DECIDE_H_
#define NORMALIZE_DECIDE_DECIDE_H_

#include <cstddef>
#include <map>
#include <string_view>
#include <vector>

#include "normalize/normalize.h"
#include "normalize/rules/block_model.h"
#include "normalize/rules/rule.h"
#include "normalize/text/decisions.h"
#include "normalize/text/document.h"
#include "normalize/tuning.h"

namespace normalize::internal {

struct Scratch;  // scratch.h

// decide.cc: the whole stage. Every block of `doc` starts kept; on HTML
// pages (`main_content`) the choice of the article comes first (when the
// set has main-content rules); then the
// rules and the structure pruning take turns until neither removes anything
// (at most `max_passes` rounds). `input` is what the Document's maps point into.
// `lang` (Options::lang): "auto" detects the language from the blocks kept
// after the main-content choice (Decisions::lang), "all" runs every pack, a
// code forces it. The rules of its pack, the English pack and the
// language-neutral rules run (every rule when it has no pack: RuleSet::runs).
// Detection runs only when a rule of another pack than English matched a
// block (it then decides whether that rule runs); else Decisions::lang is
// empty: the English pack and the neutral rules, which run everywhere, were
// all that applied. The block `model` (null: none) takes its turn after the
// rules in each round, so that the rules' verdicts stand and a second clean
// finds nothing more to remove. `scratch`: the calling thread's (scratch.h).
Decisions decide(const Document& doc, std::string_view input, const RuleSet& rules, const BlockModel* model,
                 const Tuning& tuning, bool main_content, int max_passes, std::string_view lang,
                 std::vector<Warning>* warnings, Scratch* scratch);

// main_content.cc: chooses the element that holds the article and removes
// every block outside it (part outside), hidden blocks, captions, link
// lists and emptied sections (the other parts), each run one Cut; a part
// without its rule removes nothing. The JSON-LD article body may take the
// place of what the page shows; the first h1 before the chosen element is
// kept as the title, or else the page's <title> opens the document.
void extract_main_content(std::string_view input, const Document& doc, const MainContentRules& parts,
                          Decisions* decisions);

class LanguageGate;  // detect_language.h

// evaluate.cc: applies `rules` to the kept blocks until nothing more is
// removed (at most `max_passes` passes). Removed blocks leave `kept`; a block
// that loses spans is replaced by what is left of it (in `made`). `lang`
// says which packs' rules run. What it reuses from document to document is
// in `scratch` (the calling thread's).
void evaluate(const RuleSet& rules, std::string_view input, const Tuning& tuning, int max_passes,
              const Document& doc, Decisions* decisions, std::vector<Warning>* warnings, LanguageGate* lang,
              Scratch* scratch);

// judge_blocks.cc: the block model scores the kept blocks it may judge
// (block_features.h) and removes those at or over its threshold, unless a
// keep rule held them or their category is disabled. Returns whether it
// removed anything.
bool judge_blocks(const BlockModel& model, Decisions* decisions);

// prune.cc: after the rules, drops what removals left without purpose: a
// heading whose section they emptied, a thematic break at either end or next
// to another. `blocks_read` is how many blocks the reader made;
// `empty_headings` remembers, from round to round, the headings dropped (by
// Block::index, with their levels). Returns whether it dropped anything.
bool prune_structure(std::string_view input, std::size_t blocks_read, const StructureRules& parts,
                     std::map<std::size_t, int>* empty_headings, Decisions* decisions);

// audit.cc: the removals the cuts stand for, sorted by start, disjoint, with
// their text and line numbers.
std::vector<Removal> audit_removals(std::string_view input, const std::vector<Cut>& cuts);

}  // namespace normalize::internal

#endif  // NORMALIZE_DECIDE_DECIDE_H_

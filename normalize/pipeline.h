// Internal. Use normalize.h.
//
// Every stage's signature, in the order a document goes through them:
//   read_* (bytes -> Document) -> evaluate (rules -> Removals, Document shrinks)
//   -> render_* (Document -> canonical output).
// Readers know nothing of rules; rules know nothing of output formats.
#ifndef NORMALIZE_PIPELINE_H_
#define NORMALIZE_PIPELINE_H_

#include <string>
#include <string_view>
#include <vector>

#include "normalize/canonical.h"
#include "normalize/document.h"
#include "normalize/normalize.h"
#include "normalize/rule.h"

namespace normalize::internal {

// Switches that tests and benchmarks use to turn optimisations off.
struct Tuning {
  bool use_prefilter = true;        // needles, then Hyperscan; off: Boost tries every rule from the start
  bool detect_main_content = true;  // HTML: remove what lies outside the article
  bool fold_html_space = true;      // HTML: Gumbo reads white-space runs in text as one space
};

// read_text.cc
Document read_text(std::string_view input, bool nfkc, CanonStats* stats);

// detect_format.cc: text, Markdown or HTML from the bytes (never kAuto).
Format detect_format(std::string_view input);

// read_markdown.cc: cmark-gfm tree -> Blocks; the tree stays in doc.tree.
Document read_markdown(std::string_view input, bool nfkc, CanonStats* stats);

// charset.cc: an HTML page in UTF-8. When the page is UTF-8 already (after
// BOM, <meta> and byte checks), `identity` is set, `text` stays empty and the
// page is read as is (invalid bytes are left to canonicalisation). Otherwise
// `text` holds the converted page and `map` leads each of its bytes back to
// the page's bytes; invalid sequences became U+FFFD and are counted.
struct Decoded {
  bool identity = true;
  std::string charset;        // "utf-8", "windows-1252", "shift_jis", ...
  std::string unknown_label;  // a declared charset ICU does not know (read as UTF-8)
  std::string text;
  OffsetMap map;
  std::size_t invalid = 0;
  std::size_t first_invalid = 0;
};
Decoded decode_html(std::string_view page);

// read_html.cc: Gumbo tree of a UTF-8 page -> Blocks with their DOM context
// (doc.elements); maps point into `page`. `fold_spaces`: see Tuning.
Document read_html(std::string_view page, bool nfkc, CanonStats* stats, bool fold_spaces = true);

// read_json_ld.cc: the longest JSON-LD "articleBody" of a UTF-8 page as
// doc->article_body, Blocks (kinds and inline spans from its markup,
// element -1) mapped into `page`; their link targets join doc->urls. Left
// empty when the page has no such string.
void read_article_body(std::string_view page, bool nfkc, Document* doc);

// main_content.cc: chooses the element that holds the article and removes
// every block outside it (rule html.main-content) and every hidden block
// (html.hidden), each run recorded as one Removal with its span in `input`.
// The first h1 before the chosen element is kept as the title.
void extract_main_content(std::string_view input, Document* doc, Result* result);

// evaluate.cc: applies `rules` to `doc` until nothing more is removed (at most
// `max_passes` passes). Removed blocks leave `doc`; cut spans change their
// block. Appends to result->removals (unsorted) and result->warnings. Only
// the rules of the pack of `lang`, the English pack and the language-neutral
// rules run; every rule when `lang` is empty or has no pack (RuleSet::runs).
void evaluate(const RuleSet& rules, std::string_view input, const Tuning& tuning, int max_passes,
              Document* doc, Result* result, std::string_view lang = {});

// prune.cc: after the rules, drops what removals left without purpose: a
// heading whose section they emptied, a thematic break at either end or next
// to another. `blocks_read` is how many blocks the reader made. Each drop is a
// Removal (category "structure"). Returns whether it dropped anything.
bool prune_structure(std::string_view input, std::size_t blocks_read, Document* doc, Result* result);

// render_text.cc
std::string render_text(const Document& doc);

// render_markdown.cc: the surviving blocks of a Markdown document as canonical
// Markdown; leaves without a block survive unless a removal covers them. It
// edits doc.tree in place, so it runs once per document. A document without a
// tree (text, HTML) gets one from its blocks (markdown_from_blocks.cc).
std::string render_markdown(const Document& doc, const std::vector<Removal>& removals, bool nfkc);

// engine.cc: the whole pipeline for one document under a given rule set.
Result clean_document(const RuleSet& rules, const Options& options, const Tuning& tuning, std::string_view input,
                      Format from);

// default_rules.cc (generated from rules/ at build time)
struct DefaultPack {
  const char* name;
  std::string_view yaml;
};
const std::vector<DefaultPack>& default_packs();

// audit.cc: sorts removals by start and fills in their line numbers.
void finish_removals(std::string_view input, std::vector<Removal>* removals);

}  // namespace normalize::internal

#endif  // NORMALIZE_PIPELINE_H_

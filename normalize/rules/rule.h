// Internal. Use normalize.h.
//
// Rules as loaded from YAML, and the compiled, immutable RuleSet the evaluator
// runs (rules in order plus a literal prefilter). Knows nothing of YAML syntax
// (rule_loader.cc) or of documents (evaluate.cc).
#ifndef NORMALIZE_RULES_RULE_H_
#define NORMALIZE_RULES_RULE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/text/document.h"
#include "normalize/rules/needle_index.h"
#include "normalize/rules/regex.h"
#include "normalize/rules/regex_prefilter.h"
#include "normalize/rules/selector.h"
#include "normalize/rules/rule_kind.h"

namespace normalize::internal {

enum class Action { kRemove, kRemoveSpan, kRemoveRest, kRemoveBefore, kRemoveSection, kKeep };
enum class Position { kAny, kHead, kTail };
std::string_view action_name(Action a);
std::string_view kind_name(BlockKind k);

struct Example {
  std::string text;
  std::string where;  // "path:line:col"
};

struct Rule {
  std::string id, category, lang, description;
  // Its kind when it is not a pattern or a selector (rule_kind.h), with the
  // kind's own parameters.
  const RuleKind* kind = nullptr;
  std::shared_ptr<const KindParams> params;
  std::string pattern;
  Regex regex;
  std::vector<std::string> needles;  // lowercase ASCII; empty: no prefilter
  std::size_t min_words = 0;
  std::size_t max_words = std::numeric_limits<std::size_t>::max();
  Position position = Position::kAny;
  std::size_t window = 5;
  Action action = Action::kRemove;

  // Block facts (formats with structure; plain text is all paragraphs).
  unsigned kinds = 0;  // bit per BlockKind; 0: any kind (code blocks never)
  double min_link_density = 0.0, max_link_density = 1.0;
  int links_only = -1;  // -1: either; 0: must not be; 1: must be
  // HTML only: the block must sit inside an element matching this selector.
  // A rule with a selector and no pattern takes every block inside.
  std::string selector_text;
  Selector selector;
  // Or its kind reads the elements of HTML blocks (RuleKind::reads_dom).
  bool needs_html() const { return !selector.empty() || (kind && kind->reads_dom()); }
  // Whether the rule reads facts only Markdown has (its examples are Markdown).
  bool needs_markdown() const {
    return (kinds & ~(1u << static_cast<unsigned>(BlockKind::kParagraph))) != 0 || links_only == 1 ||
           min_link_density > 0.0 || action == Action::kRemoveSection;
  }

  bool is_pattern() const { return kind == nullptr; }  // a pattern, a selector, or both
  std::string_view type() const { return kind ? kind->type() : "regex"; }
  // Whether the evaluator asks the rule block by block.
  bool per_block() const { return !kind || kind->per_block(); }

  std::vector<Example> remove_examples, keep_examples;
  std::string where;  // "path:line:col" of the rule
};

using RulePtr = std::shared_ptr<const Rule>;

// The rules of the whole-document kinds in a set, by part; null where the
// set has none (disabled, or not loaded).
struct MainContentRules {
  const Rule* outside = nullptr;        // blocks outside the chosen article
  const Rule* hidden = nullptr;         // hidden elements
  const Rule* caption = nullptr;        // figure and table captions
  const Rule* link_block = nullptr;     // link lists and short mostly-link lines in the article
  const Rule* empty_section = nullptr;  // a heading whose section went
  bool any() const { return outside || hidden || caption || link_block || empty_section; }
};
struct StructureRules {
  const Rule* stray_break = nullptr;    // a thematic break at either end or after another
  const Rule* empty_section = nullptr;  // a heading whose section the rules emptied
};

// An ordered, immutable collection of compiled rules with the prefilters: the
// literal one over their needles, the regex one over their regexes. An
// Engine's set compiles their Hyperscan databases as it is built (kNow);
// by default they are compiled when first needed, so a subset (rules test
// runs one rule) is cheap to build.
class RuleSet {
 public:
  explicit RuleSet(std::vector<RulePtr> rules, Compile when = Compile::kWhenNeeded);
  const std::vector<RulePtr>& rules() const { return rules_; }
  const NeedleIndex& needles() const { return *needles_; }
  // Whether rule r's verdict on a block may change when other blocks go (it
  // depends on position or neighbours), so it is asked again every pass.
  bool moves(std::size_t r) const { return moves_[r] != 0; }
  // The rules whose kind looks at all blocks once a pass (RuleKind::per_pass).
  const std::vector<std::size_t>& per_pass() const { return per_pass_; }
  const RegexPrefilter& regex_prefilter() const { return *regex_prefilter_; }
  const MainContentRules& main_content() const { return main_content_; }
  const StructureRules& structure() const { return structure_; }

  // Languages. A rule belongs to the pack of its `lang`, or to none when its
  // lang is not a natural language (`any`: language-neutral rules, which run
  // on every document). The English pack runs on every document too: pages
  // in every language carry English UI strings of untranslated themes and
  // plugins ("Menu", "Loading...", "Share this"). A document's language
  // selects rules by number; kAllLanguages runs every rule (the fallback).
  static constexpr std::uint16_t kAllLanguages = 0xFFFF;
  static constexpr std::uint16_t kNeutral = 0;
  static constexpr std::string_view kEverywhere = "en";
  static bool is_neutral(std::string_view lang) { return lang == "any"; }
  // The number of the pack of `lang`: kAllLanguages when `lang` is empty or
  // no loaded rule has it (a language without a pack keeps every pack).
  std::uint16_t language(std::string_view lang) const;
  // Whether rule r runs on a document whose language is `lang` (language()).
  // Whether rule r runs whatever the document's language (neutral, English).
  bool runs_everywhere(std::size_t r) const { return lang_of_[r] == kNeutral || lang_of_[r] == everywhere_; }
  bool runs(std::size_t r, std::uint16_t lang) const {
    return lang == kAllLanguages || lang_of_[r] == kNeutral || lang_of_[r] == lang || lang_of_[r] == everywhere_;
  }

 private:
  std::vector<RulePtr> rules_;
  std::vector<std::uint16_t> lang_of_;   // per rule: kNeutral, or 1 + index in languages_
  std::vector<std::string> languages_;   // the pack languages, in order of first rule
  std::uint16_t everywhere_ = kAllLanguages;  // the number of kEverywhere's pack (none: matches no rule)
  std::unique_ptr<NeedleIndex> needles_;
  std::unique_ptr<RegexPrefilter> regex_prefilter_;
  std::vector<unsigned char> moves_;
  std::vector<std::size_t> per_pass_;
  MainContentRules main_content_;
  StructureRules structure_;
};

// The required literals of a regex, lowercased: one per top-level alternative,
// the longest ASCII run that every match must contain. Empty when some
// alternative has none (the rule then runs on every block).
std::vector<std::string> derive_needles(std::string_view pattern);

}  // namespace normalize::internal

#endif  // NORMALIZE_RULES_RULE_H_

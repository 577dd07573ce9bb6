// Internal. Use normalize.h.
//
// The language of a document, detected once from a bounded prefix of its
// block text (detect_language.cc, the only file that knows CLD2). Knows
// nothing of rules: which packs a language selects is the RuleSet's business.
#ifndef NORMALIZE_DECIDE_DETECT_LANGUAGE_H_
#define NORMALIZE_DECIDE_DETECT_LANGUAGE_H_

#include <string>
#include <string_view>

#include "normalize/rules/rule.h"
#include "normalize/text/decisions.h"
#include "normalize/text/document.h"

namespace normalize::internal {

// What the detector said. `lang` is an ISO 639-1 code ("en", "de", "pt",
// ...; CLD2's code for languages without one), or empty when the text does
// not say: under kMinLetters letters, CLD2 not reliable, or its best guess
// under kMinPercent of the text.
struct LanguageGuess {
  std::string lang;
  int percent = 0;       // share of the text in `lang` (CLD2's estimate)
  int letters = 0;       // bytes of letter text CLD2 scored
  bool reliable = false;
};

// Detection looks at the first kPrefixBytes of text only, so its cost is
// bounded (CLD2 reads about 20 MB/s here: ~50 us). On the 625 trafeval pages
// 1 KB agrees with 3 KB on 619 (the others: mixed pages, unsure at one of
// the sizes), on 1150 news articles on all.
constexpr std::size_t kPrefixBytes = 1024;
constexpr int kMinLetters = 60;
constexpr int kMinPercent = 70;

// On plain UTF-8 text (the first kPrefixBytes of it): English by its
// function words when they say so plainly, otherwise CLD2.
LanguageGuess detect_language(std::string_view text);

// The two halves, for tests and bench/lang_detect. English by function
// words: at least 30 words, 15% or more of them among "the", "of", "and",
// "that", "with", ... and at most 3% among the commonest words of the other
// packs' languages ("der", "und", "les", "que", "não", "się", ...). CLD2
// reads about 280 instructions a byte; this reads under 20, and most
// documents of an English dump pass it.
bool english_by_function_words(std::string_view text);
LanguageGuess detect_language_cld2(std::string_view text);

// On a document: the text of its blocks of at least kMinWords words (short
// lines are mostly menus and labels, often in English on any site), code
// blocks left out, in order, up to kPrefixBytes.
constexpr std::size_t kMinWords = 4;
LanguageGuess detect_language(const Document& doc);
// The same over the blocks kept so far (an HTML page's article).
LanguageGuess detect_language(const BlockList& blocks);

// A document's language as its rules need it, detected at most once and only
// when asked: a rule of a pack other than English and the neutral rules runs
// only where its language is the document's, so the evaluator asks when such
// a rule could match a block; English documents, whose blocks rarely call up
// another pack's rule, seldom pay for detection (CLD2 reads ~280
// instructions a byte). `option` is Options::lang: "auto" (the text of
// `blocks`, taken now, as the decide stage had them), "all", or a code.
class LanguageGate {
 public:
  LanguageGate(const RuleSet& rules, std::string_view option, const BlockList& blocks);
  // Whether rule r runs on this document.
  bool runs(std::size_t r) { return rules_.runs_everywhere(r) || rules_.runs(r, pack()); }
  // The language ("und": none determined, every pack runs), detected now if
  // it was not yet; empty when it was never asked for.
  const std::string& lang();
  const std::string& lang_if_known() const { return lang_; }

 private:
  std::uint16_t pack();
  const RuleSet& rules_;
  std::string text_;  // what detection reads ("auto" only)
  std::string lang_;
  bool known_ = false;
  std::uint16_t pack_ = RuleSet::kAllLanguages;
};

}  // namespace normalize::internal

#endif  // NORMALIZE_DECIDE_DETECT_LANGUAGE_H_

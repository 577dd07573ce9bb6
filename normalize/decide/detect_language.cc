// Language detection: English by its function words when they say so plainly
// (most documents of an English dump, at a tenth of CLD2's cost), otherwise
// CLD2 (Compact Language Detector 2, libcld2), chosen over libexttextcat for
// accuracy on short texts and speed (bench/lang_detect/README.md); its tables
// are compiled in and a call keeps no state, so it is safe on any thread.
// The only file that includes CLD2.
#include "normalize/decide/detect_language.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

namespace normalize::internal {
namespace {

// The longest prefix of `s` of at most `n` bytes that ends on a UTF-8
// character boundary.
std::string_view utf8_prefix(std::string_view s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// A word of up to 8 bytes as a number (its bytes, first lowest), so a
// word is looked up by integer comparisons.
constexpr std::uint64_t word_key(std::string_view w) {
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < w.size() && i < 8; ++i) k |= std::uint64_t{static_cast<unsigned char>(w[i])} << (8 * i);
  return k;
}

template <std::size_t N>
constexpr std::array<std::uint64_t, N> sorted_keys(const std::string_view (&words)[N]) {
  std::array<std::uint64_t, N> keys{};
  for (std::size_t i = 0; i < N; ++i) keys[i] = word_key(words[i]);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Frequent in English prose, rare as words of German, French, Spanish,
// Portuguese or Polish ("was", "an", "on", "to", "a", "in" are words there).
constexpr std::string_view kEnglish[] = {
    "the", "of", "and", "that", "for", "with", "is", "are", "have", "has", "this", "be", "by",
    "from", "which", "were", "will", "would", "been", "they", "their", "said", "his", "her", "its", "who"};
// The commonest words of the other packs' languages.
constexpr std::string_view kOther[] = {
    "der", "die", "das", "und", "nicht", "ist", "mit", "den", "ein", "eine", "auf", "sich", "le",  "la",
    "les", "et",  "est", "une", "des", "du",  "au",  "el",  "los", "las", "que", "una", "por",  "con",
    "del", "para", "uma", "os", "em",  "na",  "n\u00e3o", "nie", "jest", "oraz", "si\u0119", "\u017ce"};
constexpr auto kEnglishKeys = sorted_keys(kEnglish);
constexpr auto kOtherKeys = sorted_keys(kOther);

}  // namespace

bool english_by_function_words(std::string_view text) {
  text = utf8_prefix(text, kPrefixBytes);
  std::size_t words = 0, english = 0, other = 0;
  std::uint64_t key = 0;
  std::size_t len = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    auto c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    bool ascii_letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (ascii_letter || c >= 0x80) {  // a byte of a letter outside ASCII counts as a letter
      if (len < 8) key |= std::uint64_t{ascii_letter ? (c | 0x20u) : c} << (8 * len);
      ++len;
      continue;
    }
    if (len > 0) {
      ++words;
      if (len <= 8) {
        english += std::binary_search(kEnglishKeys.begin(), kEnglishKeys.end(), key);
        other += std::binary_search(kOtherKeys.begin(), kOtherKeys.end(), key);
      }
    }
    len = 0;
    key = 0;
  }
  return words >= 30 && english * 100 >= words * 15 && other * 100 <= words * 3;
}

LanguageGuess detect_language(std::string_view text) {
  if (english_by_function_words(text)) {
    LanguageGuess guess;
    guess.lang = "en";
    guess.reliable = true;
    return guess;
  }
  return detect_language_cld2(text);
}

LanguageGuess detect_language_cld2(std::string_view text) {
  LanguageGuess guess;
  text = utf8_prefix(text, kPrefixBytes);
  if (text.empty()) return guess;
  CLD2::Language top3[3];
  int percent3[3];
  int text_bytes = 0;
  bool reliable = false;
  // CheckUTF8: a document's text is valid UTF-8 after canonicalisation, but
  // a caller's string need not be; CLD2 gives up at a bad sequence, so the
  // text before it is looked at again.
  int valid_prefix = 0;
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  double scores3[3];
  CLD2::Language lang = CLD2::UNKNOWN_LANGUAGE;
  for (int attempt = 0; attempt < 2 && !text.empty(); ++attempt) {
    lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(text.data(), static_cast<int>(text.size()),
                                                   /*is_plain_text=*/true, &hints, /*flags=*/0, top3, percent3,
                                                   scores3, nullptr, &text_bytes, &reliable, &valid_prefix);
    if (valid_prefix < 0 || static_cast<std::size_t>(valid_prefix) >= text.size()) break;
    lang = CLD2::UNKNOWN_LANGUAGE;
    text = text.substr(0, static_cast<std::size_t>(valid_prefix));
  }
  guess.letters = text_bytes;
  guess.reliable = reliable;
  guess.percent = percent3[0];
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return guess;
  if (!reliable || text_bytes < kMinLetters || percent3[0] < kMinPercent || top3[0] != lang) return guess;
  guess.lang = CLD2::LanguageCode(lang);
  return guess;
}

LanguageGuess detect_language(const Document& doc) { return detect_language(Decisions::keep_all(doc).kept); }

namespace {

// What detection reads of `blocks`: see detect_language(const Document&).
std::string detection_text(const BlockList& blocks) {
  std::string text;
  for (const Block* block : blocks) {
    const Block& b = *block;
    if (b.kind == BlockKind::kCode || b.words < kMinWords) continue;
    if (!text.empty()) text.push_back('\n');
    text.append(utf8_prefix(b.text, kPrefixBytes - text.size()));
    if (text.size() >= kPrefixBytes - 1) break;
  }
  return text;
}

}  // namespace

LanguageGuess detect_language(const BlockList& blocks) { return detect_language(detection_text(blocks)); }

LanguageGate::LanguageGate(const RuleSet& rules, std::string_view option, const BlockList& blocks) : rules_(rules) {
  if (option == "auto") {
    text_ = detection_text(blocks);
    return;
  }
  known_ = true;
  lang_ = option == "all" ? "und" : std::string(option);
  pack_ = option == "all" ? RuleSet::kAllLanguages : rules.language(option);
}

const std::string& LanguageGate::lang() {
  pack();
  return lang_;
}

std::uint16_t LanguageGate::pack() {
  if (!known_) {
    known_ = true;
    lang_ = detect_language(text_).lang;
    if (lang_.empty()) lang_ = "und";
    pack_ = lang_ == "und" ? RuleSet::kAllLanguages : rules_.language(lang_);
  }
  return pack_;
}

}  // namespace normalize::internal

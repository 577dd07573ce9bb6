// Language detection with CLD2 (Compact Language Detector 2, libcld2): chosen
// over libexttextcat for accuracy on short texts and speed (see
// bench/lang_detect/README.md); its tables are compiled in and a call keeps no
// state, so it is safe on any thread. The only file that includes CLD2.
#include "normalize/detect_language.h"

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

}  // namespace

LanguageGuess detect_language(std::string_view text) {
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

LanguageGuess detect_language(const Document& doc) {
  std::string text;
  text.reserve(kPrefixBytes);
  for (const Block& b : doc.blocks) {
    if (b.kind == BlockKind::kCode || b.words < kMinWords) continue;
    if (!text.empty()) text.push_back('\n');
    text.append(utf8_prefix(b.text, kPrefixBytes - text.size()));
    if (text.size() >= kPrefixBytes - 1) break;
  }
  return detect_language(text);
}

}  // namespace normalize::internal

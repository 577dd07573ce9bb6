// Canonical text: UTF-8 repair, control and space folding (classes from ICU),
// NFC/NFKC through ICU's Normalizer2 with Edits, so offsets stay exact.
#include "normalize/text/canonical.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <array>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace normalize::internal {
namespace {

enum CharClass : unsigned char { kKeep, kSpace, kDrop };

// Zero-width characters DESIGN.md removes besides the controls (Cc). Other
// format characters (ZWJ in emoji, ZWNJ in Persian) carry meaning and stay.
bool is_zero_width(char32_t c) { return c == 0xFEFF || c == 0x200B || c == 0x2060 || c == 0x00AD; }

CharClass classify(char32_t c) {
  if (is_zero_width(c)) return kDrop;
  if (u_isUWhiteSpace(static_cast<UChar32>(c))) return kSpace;
  if (u_charType(static_cast<UChar32>(c)) == U_CONTROL_CHAR) return kDrop;
  return kKeep;
}

// What the fold knows of a character: its class (the low bits), and whether
// NFC and NFKC leave it alone and never combine it with a neighbour (curly
// quotes, dashes, most letters). A text whose characters outside ASCII are
// all inert is normalized already: ASCII letters compose only with what
// follows them, and nothing that follows them then combines.
enum : unsigned char { kClassBits = 3, kInertNfc = 4, kInertNfkc = 8 };

// Of the whole BMP, computed once from ICU (a few milliseconds) so that curly
// quotes and accented letters cost the fold no call. Beyond it, the class
// alone: ICU's normalizer decides those texts.
unsigned char bmp_info(char32_t c) {
  static const std::vector<unsigned char> table = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    std::vector<unsigned char> t(0x10000);
    for (char32_t c = 0; c < 0x10000; ++c) {
      t[c] = classify(c);
      if (U_FAILURE(status)) continue;
      if (nfc->isInert(static_cast<UChar32>(c))) t[c] |= kInertNfc;
      if (nfkc->isInert(static_cast<UChar32>(c))) t[c] |= kInertNfkc;
    }
    return t;
  }();
  return c < 0x10000 ? table[c] : static_cast<unsigned char>(classify(c));
}

CharClass bmp_class(char32_t c) { return static_cast<CharClass>(bmp_info(c) & kClassBits); }

// ASCII classes, computed once from ICU so that the hot loop needs no call.
const std::array<CharClass, 128>& ascii_classes() {
  static const std::array<CharClass, 128> table = [] {
    std::array<CharClass, 128> t{};
    for (int c = 0; c < 128; ++c) t[c] = classify(static_cast<char32_t>(c));
    return t;
  }();
  return table;
}

#if defined(__SSE2__)
// Whether ascii_classes() keeps exactly the printable bytes 0x21-0x7E, as
// skip_plain_ascii assumes (ICU's classes decide; checked once).
bool keeps_printable_ascii() {
  static const bool same = [] {
    for (int c = 0; c < 128; ++c) {
      if ((ascii_classes()[c] == kKeep) != (c > 0x20 && c < 0x7F)) return false;
    }
    return ascii_classes()[' '] == kSpace;
  }();
  return same;
}

// Skips, from j, whole runs of 16 bytes that the keep-run loop of
// Folder::run would take one by one: printable ASCII (what ascii_classes()
// keeps), and single spaces before such a byte. Returns where it stopped;
// adds the spaces it skipped to *spaces.
std::size_t skip_plain_ascii(const unsigned char* p, std::size_t j, std::size_t n, std::size_t* spaces) {
  const __m128i space = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7F);
  // Spaces per byte lane, summed before a lane can overflow (255 rounds).
  __m128i counts = _mm_setzero_si128();
  auto sum = [&] {
    *spaces += sum_byte_lanes(counts);
    counts = _mm_setzero_si128();
  };
  for (int round = 1; j + 17 <= n; ++round) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + j));
    __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + j + 1));
    // Signed compares: bytes >= 0x80 are negative, so neither printable.
    __m128i keep_v = _mm_and_si128(_mm_cmpgt_epi8(v, space), _mm_cmplt_epi8(v, del));
    __m128i keep_w = _mm_and_si128(_mm_cmpgt_epi8(w, space), _mm_cmplt_epi8(w, del));
    __m128i is_space = _mm_cmpeq_epi8(v, space);
    __m128i ok = _mm_or_si128(keep_v, _mm_and_si128(is_space, keep_w));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(ok));
    if (mask != 0xFFFF) {
      // The spaces before the first byte the run cannot take (few).
      const unsigned stop = static_cast<unsigned>(__builtin_ctz(~mask));
      for (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(is_space)) & ((1u << stop) - 1); m; m &= m - 1) {
        ++*spaces;
      }
      j += stop;
      break;
    }
    counts = _mm_sub_epi8(counts, is_space);
    j += 16;
    if (round % 255 == 0) sum();
  }
  sum();
  return j;
}
#endif

// Decodes one UTF-8 sequence at p. Returns its length and sets *cp, or returns
// the negated length of the maximal invalid subpart (Unicode 3.9, U+FFFD policy).
int decode_utf8(const unsigned char* p, const unsigned char* end, char32_t* cp) {
  unsigned char b0 = p[0];
  int need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return -1;
  }
  char32_t c = b0 & (0x3F >> need);
  for (int i = 1; i <= need; ++i) {
    if (p + i >= end) return -i;
    unsigned char b = p[i];
    if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return -i;
    c = (c << 6) | (b & 0x3F);
  }
  *cp = c;
  return need + 1;
}

// Builds folded text and its map. Source positions come either straight from
// the input (map == nullptr, positions offset by `base`) or through `map`.
// Notes on the way whether every character outside ASCII it writes is inert,
// so that the normalizer need not look at the text again.
class Folder {
 public:
  Folder(std::string_view text, const OffsetMap* map, std::size_t base, Block* out, bool track = true)
      : text_(text), map_(map), base_(base), out_(out), track_(track) {
    out_->text.clear();
    out_->map.clear();
    out_->text.reserve(text.size());
  }

  // Returns whether the text written is in NFC and NFKC already (`kInertNfc`
  // and `kInertNfkc` bits).
  unsigned char run(CanonStats* stats) {
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
    const auto* end = p + text_.size();
    const auto& ascii = ascii_classes();
    std::size_t i = 0;
    std::size_t n = text_.size();
    while (i < n) {
      unsigned char b = p[i];
      if (b < 0x80) {
        CharClass cls = ascii[b];
        if (cls == kKeep) {
          std::size_t j = kept_run_end(i + 1);
          keep(i, j);
          i = j;
        } else {
          if (cls == kSpace) {
            space(i, i + 1);
          } else if (b == 0 && stats) {
            if (stats->nul_bytes++ == 0) stats->first_nul = source_begin(i);
          }
          ++i;
        }
        continue;
      }
      char32_t cp = 0;
      int len = decode_utf8(p + i, end, &cp);
      if (len < 0) {
        if (stats && stats->invalid_utf8++ == 0) stats->first_invalid = source_begin(i);
        flush_space();
        out_->text.append("\xEF\xBF\xBD");
        inert_ &= bmp_info(0xFFFD);
        if (track_) out_->map.append_replaced(3, source_begin(i), source_end(i - len));
        i += static_cast<std::size_t>(-len);
        continue;
      }
      const unsigned char info = bmp_info(cp);
      const auto cls = static_cast<CharClass>(info & kClassBits);
      if (cls == kKeep) {
        inert_ &= info;
        std::size_t j = kept_run_end(i + static_cast<std::size_t>(len));
        keep(i, j);
        i = j;
        continue;
      } else if (cls == kSpace) {
        space(i, i + len);
      }
      i += static_cast<std::size_t>(len);
    }
    // Trailing space is dropped: pending_ is simply not flushed.
    return inert_;
  }

  // The words of the text written: its spaces (single ones) and one.
  std::size_t words() const { return out_->text.empty() ? 0 : spaces_ + 1; }

 private:
  // Where a run of kept characters that goes on at j ends: it takes kept
  // characters, and single spaces between them (a single space is copied as
  // it is, so it may stay inside the run), in as few appends as possible.
  std::size_t kept_run_end(std::size_t j) {
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
    const std::size_t n = text_.size();
    const auto& ascii = ascii_classes();
    for (;;) {
#if defined(__SSE2__)
      if (keeps_printable_ascii()) j = skip_plain_ascii(p, j, n, &spaces_);
#endif
      for (; j < n && p[j] < 0x80; ++j) {
        if (ascii[p[j]] == kKeep) continue;
        if (p[j] != ' ' || j + 1 >= n || p[j + 1] >= 0x80 || ascii[p[j + 1]] != kKeep) break;
        ++spaces_;
      }
      // A kept character outside ASCII, maybe after a single space, goes on.
      std::size_t k = j + (j + 1 < n && p[j] == ' ' && p[j + 1] >= 0x80);
      if (k >= n || p[k] < 0x80) return j;
      char32_t cp = 0;
      int len = decode_utf8(p + k, p + n, &cp);
      if (len < 0) return j;
      const unsigned char info = bmp_info(cp);
      if ((info & kClassBits) != kKeep) return j;
      inert_ &= info;
      spaces_ += k - j;
      j = k + static_cast<std::size_t>(len);
    }
  }

  std::size_t source_begin(std::size_t i) const { return map_ ? map_->source_begin(i) : base_ + i; }
  std::size_t source_end(std::size_t i) const { return map_ ? map_->source_end(i) : base_ + i; }

  void space(std::size_t i, std::size_t j) {
    if (!pending_) {
      pending_ = true;
      space_begin_ = i;
    }
    space_end_ = j;
  }

  void flush_space() {
    if (!pending_) return;
    pending_ = false;
    if (out_->text.empty()) return;  // leading space
    out_->text.push_back(' ');
    ++spaces_;
    if (!track_) return;
    if (space_end_ - space_begin_ == 1 && text_[space_begin_] == ' ') {
      copy_map(space_begin_, space_end_);  // a plain single space stays a copy
    } else {
      out_->map.append_replaced(1, source_begin(space_begin_), source_end(space_end_));
    }
  }

  void keep(std::size_t i, std::size_t j) {
    flush_space();
    out_->text.append(text_.data() + i, j - i);
    copy_map(i, j);
  }

  void copy_map(std::size_t i, std::size_t j) {
    if (!track_) return;
    if (map_) {
      out_->map.append_slice(*map_, i, j);
    } else {
      out_->map.append_copy(j - i, base_ + i);
    }
  }

  std::string_view text_;
  const OffsetMap* map_;
  std::size_t base_;
  Block* out_;
  bool track_;  // false: text only, no map (free-standing strings)
  bool pending_ = false;
  std::size_t space_begin_ = 0, space_end_ = 0;
  unsigned char inert_ = kInertNfc | kInertNfkc;  // of every character outside ASCII written
  std::size_t spaces_ = 0;                         // in the text written
};

// Applies NFC/NFKC in place, composing the map through ICU's Edits, unless
// the fold's note `inert` says the text is normalized already. Returns
// whether the text changed.
bool normalize_unicode(bool nfkc, unsigned char inert, Block* block, bool track = true) {
  if (inert & (nfkc ? kInertNfkc : kInertNfc)) return false;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm =
      nfkc ? icu::Normalizer2::getNFKCInstance(status) : icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  if (norm->isNormalizedUTF8(block->text, status) || U_FAILURE(status)) return false;
  status = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  icu::Edits edits;
  norm->normalizeUTF8(0, block->text, sink, track ? &edits : nullptr, status);
  if (U_FAILURE(status)) return false;
  if (!track) {
    block->text = std::move(out);
    return true;
  }
  OffsetMap map;
  icu::Edits::Iterator it = edits.getCoarseIterator();
  while (it.next(status)) {
    auto src = static_cast<std::size_t>(it.sourceIndex());
    auto old_len = static_cast<std::size_t>(it.oldLength());
    if (!it.hasChange()) {
      map.append_slice(block->map, src, src + old_len);
    } else if (old_len > 0) {
      map.append_replaced(static_cast<std::size_t>(it.newLength()), block->map.source_begin(src),
                          block->map.source_end(src + old_len));
    }
  }
  block->text = std::move(out);
  block->map = std::move(map);
  return true;
}

}  // namespace

namespace {

// The steps after `fold` has run, shared by both entry points: NFC/NFKC,
// then (NFKC can produce spaces, U+00A8 -> " \u0308") one more fold, and the
// word count (the fold's, unless the normalizer changed the text).
void finish(bool nfkc, const Folder& fold, unsigned char inert, Block* block) {
  block->words = fold.words();
  if (!normalize_unicode(nfkc, inert, block)) return;
  if (nfkc) {
    Block folded;
    Folder(block->text, &block->map, 0, &folded).run(nullptr);
    block->text = std::move(folded.text);
    block->map = std::move(folded.map);
  }
  block->words = count_words(block->text);
}

}  // namespace

void canonicalize(std::string_view input, std::size_t begin, std::size_t end, bool nfkc, Block* block,
                  CanonStats* stats) {
  Folder fold(input.substr(begin, end - begin), nullptr, begin, block);
  const unsigned char inert = fold.run(stats);
  finish(nfkc, fold, inert, block);
}

void canonicalize_mapped(std::string_view text, const OffsetMap& map, bool nfkc, Block* block, CanonStats* stats) {
  Folder fold(text, &map, 0, block);
  const unsigned char inert = fold.run(stats);
  finish(nfkc, fold, inert, block);
}

namespace {

// The class of the character starting at i (invalid bytes keep: they become U+FFFD).
CharClass class_at(const unsigned char* p, const unsigned char* end, std::size_t i, std::size_t* len) {
  if (p[i] < 0x80) {
    *len = 1;
    return ascii_classes()[p[i]];
  }
  char32_t cp = 0;
  int n = decode_utf8(p + i, end, &cp);
  *len = static_cast<std::size_t>(n < 0 ? -n : n);
  return n < 0 ? kKeep : bmp_class(cp);
}

// Whether the first (or last) character of `s` that is not dropped is a space.
bool edge_is_space(std::string_view s, bool at_end) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  std::size_t len = 0;
  if (!at_end) {
    for (std::size_t i = 0; i < s.size(); i += len) {
      CharClass cls = class_at(p, end, i, &len);
      if (cls != kDrop) return cls == kSpace;
    }
    return false;
  }
  std::size_t e = s.size();
  while (e > 0) {
    std::size_t b = e - 1;
    while (b > 0 && e - b < 4 && (p[b] & 0xC0) == 0x80) --b;  // back to a lead byte
    CharClass cls = class_at(p, end, b, &len);
    if (b + len != e) cls = kKeep;  // a stray continuation byte: invalid, kept as U+FFFD
    if (cls != kDrop) return cls == kSpace;
    e = b;
  }
  return false;
}

}  // namespace

namespace {

// Characters that are their own NFC, neither spaces nor dropped, and compose
// with nothing: Latin-1 and Latin Extended-A letters, general punctuation
// (dashes, curly quotes, bullets). NFKC changes some of them, so not there.
bool plain_non_ascii(char32_t c) {
  return (c >= 0xA1 && c <= 0x17F && c != 0xAD) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E);
}

}  // namespace

std::string canonical_inline(std::string_view text, bool nfkc) {
  // Fast path: text with nothing to fold or normalise is already canonical.
  const auto& ascii = ascii_classes();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  bool plain = true;
  for (std::size_t i = 0; i < text.size() && plain;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      plain = ascii[c] == kKeep || (c == ' ' && (i == 0 || text[i - 1] != ' '));
      ++i;
      continue;
    }
    char32_t cp = 0;
    int len = decode_utf8(p + i, p + text.size(), &cp);
    plain = !nfkc && len > 0 && plain_non_ascii(cp);
    i += len > 0 ? static_cast<std::size_t>(len) : 1;
  }
  if (plain) return std::string(text);
  std::string core = canonical_text(text, nfkc);
  if (core.empty()) return edge_is_space(text, false) ? " " : "";
  std::string out;
  out.reserve(core.size() + 2);
  if (edge_is_space(text, false)) out.push_back(' ');
  out += core;
  if (edge_is_space(text, true)) out.push_back(' ');
  return out;
}

std::string canonical_text(std::string_view text, bool nfkc) {
  Block block;
  const unsigned char inert = Folder(text, nullptr, 0, &block, false).run(nullptr);
  if (normalize_unicode(nfkc, inert, &block, false) && nfkc) {
    Block folded;
    Folder(block.text, nullptr, 0, &folded, false).run(nullptr);
    return std::move(folded.text);
  }
  return std::move(block.text);
}

bool is_punctuation(char32_t c) {
  if (c < 0x80) return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  return u_ispunct(static_cast<UChar32>(c));
}

void append_utf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace normalize::internal

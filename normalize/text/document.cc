// The shared Document model: offset maps and invariant checks.
#include "normalize/text/document.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <cctype>

namespace normalize::internal {

// A map starts with room for this many pieces: most blocks have several (a
// piece ends at every folded space), and growing from one piece took an
// allocation per doubling, for every block.
constexpr std::size_t kFirstPieces = 16;

void OffsetMap::push(const Piece& piece) {
  if (pieces_.capacity() == 0) pieces_.reserve(kFirstPieces);
  pieces_.push_back(piece);
}

void OffsetMap::append_copy(std::size_t len, std::size_t src_begin) {
  if (len == 0) return;
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    std::size_t last_len = length_ - last.dst;
    if (last.copy && last.src_begin + last_len == src_begin) {  // contiguous: extend
      last.src_end += len;
      length_ += len;
      return;
    }
  }
  push({length_, src_begin, src_begin + len, true});
  length_ += len;
}

void OffsetMap::append_replaced(std::size_t len, std::size_t src_begin, std::size_t src_end) {
  if (len == 0) return;
  push({length_, src_begin, src_end, false});
  length_ += len;
}

void OffsetMap::append_slice(const OffsetMap& other, std::size_t begin, std::size_t end) {
  if (begin >= end) return;
  std::size_t i = other.find(begin);
  while (begin < end) {
    const Piece& p = other.pieces_[i];
    std::size_t piece_end = i + 1 < other.pieces_.size() ? other.pieces_[i + 1].dst : other.length_;
    std::size_t stop = std::min(end, piece_end);
    if (p.copy) {
      append_copy(stop - begin, p.src_begin + (begin - p.dst));
    } else {
      append_replaced(stop - begin, p.src_begin, p.src_end);
    }
    begin = stop;
    ++i;
  }
}

std::size_t OffsetMap::find(std::size_t pos) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), pos,
                             [](std::size_t p, const Piece& piece) { return p < piece.dst; });
  return static_cast<std::size_t>(it - pieces_.begin()) - 1;
}

std::size_t OffsetMap::source_begin(std::size_t pos) const {
  const Piece& p = pieces_[find(pos)];
  return p.copy ? p.src_begin + (pos - p.dst) : p.src_begin;
}

std::size_t OffsetMap::source_end(std::size_t pos) const {
  const Piece& p = pieces_[find(pos - 1)];
  return p.copy ? p.src_begin + (pos - p.dst) : p.src_end;
}

bool Document::check(std::string* why) const {
  std::size_t prev_end = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (b.map.length() != b.text.size()) {
      *why = "block " + std::to_string(i) + ": map length differs from text length";
      return false;
    }
    if (b.text.empty()) continue;
    if (b.source_begin() < prev_end || b.source_end() < b.source_begin()) {
      *why = "block " + std::to_string(i) + ": source span out of order";
      return false;
    }
    prev_end = b.source_end();
  }
  return true;
}

namespace {

bool is_separator_text(std::string_view s) {
  // What may sit between links in a link-only line.
  static const char* const kWords[] = {"and", "or", "&", "|", "/", "-", "\xC2\xB7", "\xE2\x80\xA2", "\xE2\x80\x93",
                                       "\xE2\x80\x94", "\xC2\xBB", "\xE2\x80\xBA", ">", "<", ",", ";"};
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '|' || c == '(' ||
        c == ')' || c == '[' || c == ']' || c == '.' || c == ':') {
      ++i;
      continue;
    }
    bool matched = false;
    for (const char* w : kWords) {
      std::size_t len = std::strlen(w);
      if (s.compare(i, len, w) == 0) {
        bool alpha = std::isalpha(static_cast<unsigned char>(w[0]));
        if (alpha && i + len < s.size() && std::isalnum(static_cast<unsigned char>(s[i + len]))) continue;
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// A short label before the first link: "Tags:", "Region:", "Read more:".
bool is_label(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\n\r");
  if (b == std::string_view::npos) return true;
  std::size_t e = s.find_last_not_of(" \t\n\r|/-");  // "Share this: | [a](#)" in a table row
  if (e == std::string_view::npos || e < b) return false;
  s = s.substr(b, e + 1 - b);
  if (s.empty() || s.back() != ':' || s.size() > 40) return false;
  return std::count(s.begin(), s.end(), ' ') < 4 && s.find(':') == s.size() - 1;
}

}  // namespace

bool links_only_text(std::string_view label, std::string_view rest) {
  if (is_label(label)) return is_separator_text(rest);
  return is_separator_text(label) && is_separator_text(rest);
}

namespace {

// The bytes of `s` equal to `value`, or (below) less than it as signed bytes.
std::size_t count_bytes(std::string_view s, signed char value, bool below) {
  std::size_t n = 0, i = 0;
#if defined(__SSE2__)
  // Byte counters, summed before any can overflow (255 rounds of 16 bytes).
  const __m128i ref = _mm_set1_epi8(value);
  while (i + 16 <= s.size()) {
    __m128i counts = _mm_setzero_si128();
    for (int round = 0; round < 255 && i + 16 <= s.size(); ++round, i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      counts = _mm_sub_epi8(counts, below ? _mm_cmplt_epi8(v, ref) : _mm_cmpeq_epi8(v, ref));
    }
    n += sum_byte_lanes(counts);
  }
#endif
  for (; i < s.size(); ++i) {
    auto c = static_cast<signed char>(s[i]);
    n += below ? c < value : c == value;
  }
  return n;
}

}  // namespace

std::size_t count_byte(std::string_view s, char byte) { return count_bytes(s, static_cast<signed char>(byte), false); }

// Continuation bytes, 0x80-0xBF, are the signed bytes below -64.
std::size_t count_continuation_bytes(std::string_view s) { return count_bytes(s, -64, true); }

std::size_t count_words(std::string_view text) { return text.empty() ? 0 : count_byte(text, ' ') + 1; }

void remap_document(const OffsetMap& m, std::size_t source_size, Document* doc) {
  auto begin_of = [&](std::size_t p) { return p < m.length() ? m.source_begin(p) : source_size; };
  auto end_of = [&](std::size_t p) { return p == 0 ? 0 : m.source_end(std::min(p, m.length())); };
  auto remap = [&](Block& b) {
    OffsetMap out;
    const auto& pieces = b.map.pieces();
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      const auto& p = pieces[k];
      std::size_t len = (k + 1 < pieces.size() ? pieces[k + 1].dst : b.map.length()) - p.dst;
      if (p.copy) {
        out.append_slice(m, p.src_begin, p.src_begin + len);
      } else {
        out.append_replaced(len, begin_of(p.src_begin), std::max(begin_of(p.src_begin), end_of(p.src_end)));
      }
    }
    b.map = std::move(out);
    if (b.outer_begin != kNoSpan) b.outer_begin = begin_of(b.outer_begin);
    if (b.outer_end != kNoSpan) b.outer_end = std::max(b.outer_begin, end_of(b.outer_end));
    for (auto& span : b.protected_spans) span = {begin_of(span.first), end_of(span.second)};
    for (Inline& in : b.inlines) {
      in.begin = begin_of(in.begin);
      in.end = std::max(in.begin, end_of(in.end));
    }
  };
  for (Block& b : doc->blocks) remap(b);
  remap(doc->title);
  for (Block& b : doc->article_body) remap(b);
}

}  // namespace normalize::internal

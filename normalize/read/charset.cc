// Charset decoding for HTML pages: picks the encoding (BOM, <meta charset>,
// <meta http-equiv=content-type>, else UTF-8 with a windows-1252 fallback for
// bytes that are not UTF-8), converts to UTF-8 with ICU and keeps a map from
// every UTF-8 byte back to the page's bytes, so audits report page offsets.
// Knows nothing of HTML structure beyond the <meta> prescan.
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>

#include "normalize/read/read.h"

namespace normalize::internal {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// Counts valid multi-byte UTF-8 sequences and invalid bytes.
void utf8_census(std::string_view s, std::size_t* multibyte, std::size_t* invalid, std::size_t* first_invalid) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  *multibyte = *invalid = 0;
  *first_invalid = n;
  while (i < n) {
    // Most of a page is ASCII: eight bytes at a time while it lasts.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    int len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      ok = !(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] > 0x9F);
    } else if (ok && len == 4) {
      ok = !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] > 0x8F);
    }
    if (ok) {
      ++*multibyte;
      i += len;
    } else {
      if (*invalid == 0) *first_invalid = i;
      ++*invalid;
      ++i;
    }
  }
}

// The charset named by a <meta> in the first bytes of the page, lowercased;
// empty when none.
std::string meta_charset(std::string_view page) {
  std::string head = lower(page.substr(0, std::min<std::size_t>(page.size(), 8192)));
  for (std::size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    std::size_t close = head.find('>', at);
    std::string_view tag = std::string_view(head).substr(at, close == std::string::npos ? std::string::npos : close - at);
    std::size_t cs = tag.find("charset");
    if (cs == std::string_view::npos) continue;
    std::size_t i = cs + 7;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r')) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '"' || tag[i] == '\'')) ++i;
    std::size_t b = i;
    while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) || tag[i] == '-' || tag[i] == '_' ||
                              tag[i] == ':' || tag[i] == '.')) {
      ++i;
    }
    if (i > b) return std::string(tag.substr(b, i - b));
  }
  return "";
}

// WHATWG label folding for the labels that matter: Latin-1 and ASCII labels
// mean windows-1252, GB2312 means GB18030 (a superset).
std::string canonical_label(const std::string& label) {
  if (label == "utf8" || label == "utf-8" || label == "unicode-1-1-utf-8") return "utf-8";
  if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" || label == "l1" || label == "us-ascii" ||
      label == "ascii" || label == "cp1252" || label == "windows-1252" || label == "x-cp1252") {
    return "windows-1252";
  }
  if (label == "gb2312" || label == "gbk" || label == "x-gbk") return "gb18030";
  return label;
}

struct CallbackState {
  std::size_t invalid = 0;
  std::size_t first_invalid = 0;
  std::size_t base = 0;  // page offset of the current call's source start
  const char* source_start = nullptr;
};

// Replaces each illegal or unassigned sequence with U+FFFD and counts it.
void U_CALLCONV substitute(const void* context, UConverterToUnicodeArgs* args, const char* bytes, int32_t,
                           UConverterCallbackReason reason, UErrorCode* err) {
  if (reason != UCNV_ILLEGAL && reason != UCNV_UNASSIGNED && reason != UCNV_IRREGULAR) return;
  auto* state = static_cast<CallbackState*>(const_cast<void*>(context));
  if (state->invalid == 0) {
    state->first_invalid = state->base + static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, bytes - state->source_start));
  }
  ++state->invalid;
  static const UChar kReplacement = 0xFFFD;
  *err = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

// Converts `page` from `charset` into d->text and d->map; false when ICU
// has no converter of that name.
bool convert(std::string_view page, const std::string& charset, Decoded* d) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(charset.c_str(), &err), ucnv_close);
  if (U_FAILURE(err) || !conv) return false;
  CallbackState state;
  err = U_ZERO_ERROR;
  ucnv_setToUCallBack(conv.get(), substitute, &state, nullptr, nullptr, &err);
  if (U_FAILURE(err)) return false;

  d->text.clear();
  d->text.reserve(page.size() + page.size() / 4);
  d->map.clear();
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<UChar> buf(kChunk);
  std::vector<int32_t> offsets(kChunk);
  const char* source = page.data();
  const char* limit = page.data() + page.size();
  std::size_t pending_begin = 0;  // a lone lead surrogate carried over
  UChar pending = 0;
  bool done = false;
  while (!done) {
    UChar* target = buf.data();
    const char* call_start = source;
    state.base = static_cast<std::size_t>(source - page.data());
    state.source_start = source;
    err = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, buf.data() + buf.size(), &source, limit, offsets.data(), true, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return false;
    done = err != U_BUFFER_OVERFLOW_ERROR;
    std::size_t count = static_cast<std::size_t>(target - buf.data());
    std::size_t base = static_cast<std::size_t>(call_start - page.data());
    std::size_t consumed_end = static_cast<std::size_t>(source - page.data());
    auto src_of = [&](std::size_t k) {
      return offsets[k] < 0 ? base : std::min(base + static_cast<std::size_t>(offsets[k]), page.size());
    };
    // ASCII read as itself is copied in runs rather than a byte at a time.
    std::size_t run_begin = 0, run_len = 0;
    auto flush_run = [&] {
      if (run_len == 0) return;
      d->text.append(page.substr(run_begin, run_len));
      d->map.append_copy(run_len, run_begin);
      run_len = 0;
    };
    for (std::size_t k = 0; k < count; ++k) {
      UChar u = buf[k];
      std::size_t begin = src_of(k);
      if (u < 0x80 && pending == 0) {
        std::size_t end = k + 1 < count ? std::max(src_of(k + 1), begin) : std::max(consumed_end, begin);
        if (end == begin + 1 && static_cast<unsigned char>(page[begin]) == u) {
          if (run_len > 0 && run_begin + run_len != begin) flush_run();
          if (run_len == 0) run_begin = begin;
          ++run_len;
          continue;
        }
      }
      flush_run();
      char32_t cp = u;
      if (pending != 0) {
        if (U16_IS_TRAIL(u)) {
          cp = U16_GET_SUPPLEMENTARY(pending, u);
          begin = pending_begin;
        } else {
          d->map.append_replaced(3, pending_begin, begin);  // lone surrogate
          d->text += "\xEF\xBF\xBD";
        }
        pending = 0;
      } else if (U16_IS_LEAD(u)) {
        pending = u;
        pending_begin = begin;
        continue;
      }
      if (U16_IS_SURROGATE(cp)) cp = 0xFFFD;
      std::size_t end = k + 1 < count ? std::max(src_of(k + 1), begin) : std::max(consumed_end, begin);
      std::size_t before = d->text.size();
      append_utf8(cp, &d->text);
      std::size_t len = d->text.size() - before;
      if (cp < 0x80 && end == begin + 1 && static_cast<unsigned char>(page[begin]) == cp) {
        d->map.append_copy(1, begin);
      } else {
        d->map.append_replaced(len, begin, end);
      }
    }
    flush_run();
  }
  if (pending != 0) {
    d->map.append_replaced(3, pending_begin, page.size());
    d->text += "\xEF\xBF\xBD";
  }
  d->identity = false;
  d->charset = charset;
  d->invalid = state.invalid;
  d->first_invalid = state.first_invalid;
  return true;
}

}  // namespace

Decoded decode_html(std::string_view page) {
  Decoded d;
  std::string charset;
  auto u = [&](std::size_t i) { return static_cast<unsigned char>(page[i]); };
  if (page.size() >= 3 && u(0) == 0xEF && u(1) == 0xBB && u(2) == 0xBF) {
    charset = "utf-8";
  } else if (page.size() >= 2 && u(0) == 0xFF && u(1) == 0xFE) {
    charset = "utf-16le";
  } else if (page.size() >= 2 && u(0) == 0xFE && u(1) == 0xFF) {
    charset = "utf-16be";
  } else {
    charset = canonical_label(meta_charset(page));
  }
  std::size_t multibyte = 0, invalid = 0, first_invalid = 0;
  if (charset.empty() || charset == "utf-8" || charset == "windows-1252") {
    utf8_census(page, &multibyte, &invalid, &first_invalid);
  }
  if (charset == "windows-1252" && invalid == 0 && multibyte > 0) {
    charset = "utf-8";  // declared Latin-1 but written in UTF-8: trust the bytes
  } else if (charset.empty()) {
    // Undeclared: UTF-8 unless the bytes say otherwise (invalid sequences
    // and few real multi-byte characters).
    charset = invalid > 0 && multibyte < 10 * invalid ? "windows-1252" : "utf-8";
  } else if (charset == "utf-8" && invalid > 0 && multibyte == 0) {
    charset = "windows-1252";  // declared UTF-8, yet not one UTF-8 character
  }
  if (charset == "utf-8") {
    d.charset = charset;
    d.invalid = invalid;  // left in place: canonicalisation replaces and counts them
    d.first_invalid = first_invalid;
    return d;
  }
  if (!convert(page, charset, &d)) {
    d = Decoded();
    d.charset = "utf-8";
    d.unknown_label = charset;
  }
  return d;
}

}  // namespace normalize::internal

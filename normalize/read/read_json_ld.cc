// The JSON-LD articleBody: the article's text as the page states it in a
// <script type="application/ld+json">, read into Blocks mapped into the page.
// Main-content choice checks its choice against it, and when the page's
// elements lack most of it (a story rendered by script), uses it instead.
// The string is JSON-unescaped, then read as HTML (bodies hold plain text,
// HTML, or HTML escaped once more as entities), each layer keeping a map.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include "normalize/read/read.h"

namespace normalize::internal {
namespace {

// A derived text and its map back to the page.
struct Mapped {
  std::string text;
  OffsetMap map;
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, std::size_t at, std::string_view word) {
  if (at + word.size() > s.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower(s[at + k]) != word[k]) return false;
  }
  return true;
}

std::size_t find_nocase(std::string_view s, std::string_view word, std::size_t from) {
  for (std::size_t i = s.find('<', from); i != std::string_view::npos; i = s.find('<', i + 1)) {
    if (starts_with_nocase(s, i, word)) return i;
  }
  return std::string_view::npos;
}

// The end of the JSON string whose contents start at `b` (its closing quote).
std::size_t string_end(std::string_view page, std::size_t b, std::size_t limit) {
  for (std::size_t i = b; i < limit; ++i) {
    if (page[i] == '\\') {
      ++i;
    } else if (page[i] == '"') {
      return i;
    }
  }
  return std::string_view::npos;
}

// The longest "articleBody" string of the page's ld+json scripts: the range
// of its contents, between the quotes. {0, 0} when there is none.
std::pair<std::size_t, std::size_t> find_article_body(std::string_view page) {
  std::pair<std::size_t, std::size_t> best{0, 0};
  for (std::size_t open = find_nocase(page, "<script", 0); open != std::string_view::npos;
       open = find_nocase(page, "<script", open + 1)) {
    std::size_t tag_end = page.find('>', open);
    if (tag_end == std::string_view::npos) break;
    std::string_view tag = page.substr(open, tag_end - open);
    if (tag.find("ld+json") == std::string_view::npos && tag.find("LD+JSON") == std::string_view::npos) continue;
    std::size_t close = find_nocase(page, "</script", tag_end);
    if (close == std::string_view::npos) close = page.size();
    std::string_view key = "\"articleBody\"";
    for (std::size_t k = page.find(key, tag_end); k < close; k = page.find(key, k + key.size())) {
      std::size_t i = k + key.size();
      while (i < close && std::isspace(static_cast<unsigned char>(page[i]))) ++i;
      if (i >= close || page[i] != ':') continue;
      ++i;
      while (i < close && std::isspace(static_cast<unsigned char>(page[i]))) ++i;
      if (i >= close || page[i] != '"') continue;
      std::size_t e = string_end(page, i + 1, close);
      if (e != std::string_view::npos && e - (i + 1) > best.second - best.first) best = {i + 1, e};
    }
    open = close;
  }
  return best;
}

// Four hex digits at `at`, or -1.
int hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return -1;
  int v = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    char c = s[k];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// The JSON string page[b, e) unescaped. With `breaks`, each line break (a
// plain-text body's paragraph end) becomes "<br>" for the HTML reading.
Mapped unescape(std::string_view page, std::size_t b, std::size_t e, bool breaks) {
  Mapped m;
  std::size_t run = b;  // start of the verbatim run being gathered
  auto flush = [&](std::size_t i) {
    if (i > run) {
      m.text.append(page.substr(run, i - run));
      m.map.append_copy(i - run, run);
    }
  };
  auto replace = [&](std::size_t i, std::size_t len, std::string_view with) {
    m.text.append(with);
    m.map.append_replaced(with.size(), i, i + len);
    run = i + len;
  };
  for (std::size_t i = b; i < e;) {
    char c = page[i];
    if (c == '\n' && breaks) {
      flush(i);
      replace(i, 1, "<br>");
      i = run;
      continue;
    }
    if (c != '\\' || i + 1 >= e) {
      ++i;
      continue;
    }
    flush(i);
    char k = page[i + 1];
    std::size_t len = 2;
    std::string with;
    switch (k) {
      case 'n': with = breaks ? "<br>" : "\n"; break;
      case 'r': case 't': case 'b': case 'f': with = " "; break;
      case 'u': {
        int cp = hex4(page.substr(0, e), i + 2);
        if (cp < 0) {
          with = "\xEF\xBF\xBD";
          break;
        }
        len = 6;
        unsigned code = static_cast<unsigned>(cp);
        if (code >= 0xD800 && code < 0xDC00) {
          int low = i + 7 < e && page[i + 6] == '\\' && page[i + 7] == 'u' ? hex4(page.substr(0, e), i + 8) : -1;
          if (low >= 0xDC00 && low < 0xE000) {
            code = 0x10000 + ((code - 0xD800) << 10) + (static_cast<unsigned>(low) - 0xDC00);
            len = 12;
          } else {
            code = 0xFFFD;
          }
        } else if (code >= 0xDC00 && code < 0xE000) {
          code = 0xFFFD;
        }
        append_utf8(code == 0 ? 0x20 : code, &with);
        break;
      }
      default: with.assign(1, k); break;  // \" \\ \/ and anything unknown: the character itself
    }
    replace(i, len, with);
    i = run;
  }
  flush(e);
  return m;
}

// Whether the text holds an HTML tag: '<' before a letter or '/'.
bool has_tag(std::string_view s, std::string_view open) {
  for (std::size_t i = s.find(open); i != std::string_view::npos; i = s.find(open, i + 1)) {
    std::size_t n = i + open.size();
    if (n < s.size() && (std::isalpha(static_cast<unsigned char>(s[n])) || s[n] == '/')) return true;
  }
  return false;
}

// Reads `m` as HTML; the blocks' maps end in the page.
Document read_mapped(const Mapped& m, std::size_t page_size, bool nfkc) {
  CanonStats ignored;  // the page's own reading counted its bytes already
  Document doc = read_html(m.text, nfkc, &ignored);
  remap_document(m.map, page_size, &doc);
  return doc;
}

}  // namespace

void read_article_body(std::string_view page, bool nfkc, Document* doc) {
  if (page.find("articleBody") == std::string_view::npos) return;
  auto [b, e] = find_article_body(page);
  if (e <= b) return;
  Mapped m = unescape(page, b, e, false);
  if (!has_tag(m.text, "<")) {
    if (has_tag(m.text, "&lt;")) {
      // HTML escaped as entities: one reading decodes them into the markup.
      Document outer = read_mapped(m, page.size(), nfkc);
      m = Mapped();
      for (const Block& block : outer.blocks) {
        if (!m.text.empty()) {
          m.text += ' ';
          m.map.append_replaced(1, block.source_begin(), block.source_begin());
        }
        m.text += block.text;
        m.map.append_slice(block.map, 0, block.text.size());
      }
    } else {
      m = unescape(page, b, e, true);  // plain text: a line break ends a paragraph
    }
  }
  Document body = read_mapped(m, page.size(), nfkc);
  // Link targets move into the page's own list.
  bool fits = doc->urls.size() + body.urls.size() <= UINT32_MAX;
  auto base = static_cast<std::uint32_t>(doc->urls.size());
  if (fits) doc->urls += body.urls;
  // Read positions after the page's own blocks.
  std::size_t index = doc->blocks.size();
  for (Block& block : body.blocks) {
    block.element = -1;
    block.index = index++;
    for (Inline& span : block.inlines) {
      if (span.kind == Inline::kLink) span.url_begin = fits ? span.url_begin + base : 0, span.url_size *= fits;
    }
  }
  doc->article_body = std::move(body.blocks);
}

}  // namespace normalize::internal

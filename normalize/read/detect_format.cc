// --from auto: text, Markdown or HTML from a cheap look at the bytes.
//  - HTML when the first non-blank bytes open a document (<!doctype, <html,
//    <head, <body, <?xml) or tags are dense (at least 10 recognisable tags and
//    one per 120 bytes of the first 64 KiB);
//  - Markdown when the first 64 KiB show at least 3 block or link markers of
//    at least 2 different sorts (ATX heading, [text](url) link, fence, list
//    marker, setext underline, table delimiter row, block quote, emphasis
//    line), or 6 of one sort;
//  - text otherwise, and also when lines of paragraph length (over 100
//    bytes) mostly run straight into the next line: one paragraph per line
//    with no blank lines between, which Markdown would join into one.
// Reading Markdown as text, or text as Markdown, loses nothing: both readers
// keep every character of the text.
#include <array>
#include <cctype>
#include <cstring>
#include <utility>

#include "normalize/read/read.h"

namespace normalize::internal {
namespace {

constexpr std::size_t kSample = 64 * 1024;

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

bool looks_html(std::string_view s) {
  std::size_t b = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") b = 3;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  std::string_view head = s.substr(b);
  for (std::string_view p : {"<!doctype", "<html", "<head", "<body", "<?xml"}) {
    if (starts_with_ci(head, p)) return true;
  }
  std::size_t tags = 0;
  for (std::size_t i = s.find('<'); i != std::string_view::npos && i + 1 < s.size(); i = s.find('<', i + 1)) {
    char c = s[i + 1];
    if (c == '/') c = i + 2 < s.size() ? s[i + 2] : ' ';
    if (!std::isalpha(static_cast<unsigned char>(c))) continue;
    std::size_t j = i + 1;
    while (j < s.size() && j - i < 200 && s[j] != '>' && s[j] != '\n') ++j;
    if (j < s.size() && s[j] == '>') ++tags;
  }
  return tags >= 10 && tags * 120 >= s.size();
}

enum Marker { kAtx, kLink, kFence, kList, kSetext, kTable, kQuote, kEmphLine, kMarkers };

// Lines a Markdown reader would join to the line before: (all, after a line
// of paragraph length).
std::pair<std::size_t, std::size_t> joined_lines(std::string_view s) {
  std::size_t all = 0, long_ones = 0, prev_len = 0;
  bool prev_text = false;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find('\n', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view line = s.substr(i, j - i);
    std::size_t k = line.find_first_not_of(" \t\r");
    bool blank = k == std::string_view::npos;
    bool marker = !blank && (std::strchr("#>|-*+`~=", line[k]) || std::isdigit(static_cast<unsigned char>(line[k])));
    if (!blank && !marker && prev_text) {
      ++all;
      if (prev_len > 100) ++long_ones;
    }
    prev_text = !blank && !marker;
    prev_len = line.size();
    i = j + 1;
  }
  return {all, long_ones};
}

bool is_setext(std::string_view line) {
  std::size_t e = line.find_last_not_of(" \t\r");
  if (e == std::string_view::npos || e < 2) return false;
  line = line.substr(0, e + 1);
  return line.find_first_not_of('=') == std::string_view::npos ||
         (line.find_first_not_of('-') == std::string_view::npos && line.size() >= 3);
}

std::array<std::size_t, kMarkers> count_markers(std::string_view s) {
  std::array<std::size_t, kMarkers> n{};
  std::size_t i = 0;
  bool prev_text = false;
  while (i < s.size()) {
    std::size_t j = s.find('\n', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view line = s.substr(i, j - i);
    std::size_t k = line.find_first_not_of(" ");
    std::string_view t = k == std::string_view::npos || k > 3 ? std::string_view() : line.substr(k);
    bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (!t.empty()) {
      std::size_t h = t.find_first_not_of('#');
      if (h >= 1 && h <= 6 && h < t.size() && t[h] == ' ') ++n[kAtx];
      if (t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~") ++n[kFence];
      if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') ++n[kList];
      if (t[0] == '>') ++n[kQuote];
      if (t[0] == '|' && t.find("---") != std::string_view::npos && t.find_first_not_of("|-: \t\r") == std::string_view::npos) ++n[kTable];
      if (prev_text && is_setext(t)) ++n[kSetext];
      if ((t[0] == '*' || t[0] == '_') && t.size() > 3 && t[1] != ' ') {
        std::size_t e = t.find_last_not_of(" \t\r");
        if (e != std::string_view::npos && e > 1 && t[e] == t[0]) ++n[kEmphLine];
      }
    }
    for (std::size_t p = line.find("]("); p != std::string_view::npos; p = line.find("](", p + 2)) {
      if (line.rfind('[', p) != std::string_view::npos && line.find(')', p) != std::string_view::npos) ++n[kLink];
    }
    prev_text = !blank;
    i = j + 1;
  }
  return n;
}

}  // namespace

Format detect_format(std::string_view input) {
  std::string_view s = input.substr(0, kSample);
  if (looks_html(s)) return Format::kHtml;
  auto n = count_markers(s);
  std::size_t total = 0, sorts = 0, most = 0;
  for (std::size_t c : n) {
    total += c;
    sorts += c > 0;
    most = std::max(most, c);
  }
  if (!((total >= 3 && sorts >= 2) || most >= 6)) return Format::kText;
  auto [joined, after_long] = joined_lines(s);
  if (after_long >= 3 && after_long * 2 >= joined) return Format::kText;
  return Format::kMarkdown;
}

}  // namespace normalize::internal

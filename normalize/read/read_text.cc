// Plain text -> Document. One non-blank line is one paragraph, except in
// hard-wrapped text (most lines that continue onto the next line are 30-100
// bytes long), where consecutive lines join into one paragraph until a blank
// line or a list marker. Knows nothing of rules or output.
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

#include "normalize/text/canonical.h"
#include "normalize/read/read.h"

namespace normalize::internal {
namespace {

struct Line {
  std::size_t begin, end;  // without the line terminator
  bool blank;
};

std::vector<Line> split_lines(std::string_view in) {
  std::vector<Line> lines;
  std::size_t i = 0, n = in.size();
  while (i < n) {
    // The line ends at the first CR or LF (two memchr passes beat one byte loop).
    std::size_t j = in.find('\n', i);
    if (j == std::string_view::npos) j = n;
    if (const void* cr = std::memchr(in.data() + i, '\r', j - i)) j = static_cast<const char*>(cr) - in.data();
    bool blank = true;
    for (std::size_t k = i; k < j; ++k) {
      char c = in[k];
      if (c != ' ' && c != '\t' && c != '\f' && c != '\v') {
        blank = false;
        break;
      }
    }
    lines.push_back({i, j, blank});
    if (j < n && in[j] == '\r' && j + 1 < n && in[j + 1] == '\n') ++j;
    i = j + 1;
  }
  return lines;
}

bool starts_list_item(std::string_view line) {
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  line.remove_prefix(i);
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') return true;
  if (line.substr(0, 3) == "\xE2\x80\xA2") return true;  // U+2022 bullet
  std::size_t d = 0;
  while (d < line.size() && d < 9 && line[d] >= '0' && line[d] <= '9') ++d;
  return d > 0 && d + 1 < line.size() && (line[d] == '.' || line[d] == ')') && line[d + 1] == ' ';
}

// Hard-wrapped text: lines that run on into the next are mostly of a wrapping
// width, and at least one break falls mid-sentence (the next line starts in
// lower case), which a title over a byline or a caption over a credit never
// does. A line followed by a list item says nothing either way.
bool is_hard_wrapped(std::string_view in, const std::vector<Line>& lines) {
  std::size_t continued = 0, wrap_like = 0, mid_sentence = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].blank || lines[i + 1].blank) continue;
    std::string_view next = in.substr(lines[i + 1].begin, lines[i + 1].end - lines[i + 1].begin);
    if (starts_list_item(next)) continue;
    ++continued;
    std::size_t len = lines[i].end - lines[i].begin;
    if (len >= 30 && len <= 100) ++wrap_like;
    std::size_t first = next.find_first_not_of(" \t");
    if (first != std::string_view::npos && next[first] >= 'a' && next[first] <= 'z') ++mid_sentence;
  }
  return continued >= 2 && mid_sentence > 0 && wrap_like * 5 >= continued * 4;
}

}  // namespace

Document read_text(std::string_view input, bool nfkc, CanonStats* stats) {
  Document doc;
  doc.nfkc = nfkc;
  std::vector<Line> lines = split_lines(input);
  bool wrapped = is_hard_wrapped(input, lines);
  std::size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].blank) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    if (wrapped) {
      while (j < lines.size() && !lines[j].blank &&
             !starts_list_item(input.substr(lines[j].begin, lines[j].end - lines[j].begin))) {
        ++j;
      }
    }
    Block block;
    canonicalize(input, lines[i].begin, lines[j - 1].end, nfkc, &block, stats);
    block.index = doc.blocks.size();
    if (!block.text.empty()) doc.blocks.push_back(std::move(block));
    i = j;
  }
  return doc;
}

}  // namespace normalize::internal

// The page as Gumbo is given it (read_html.cc): script, style, svg, noscript
// and comment bodies cut out, tags nested too deep cut out, white-space runs
// in text folded to one space, with a map back to the page's bytes. Models
// HTML tokenising only as far as cutting safely needs; knows nothing of Gumbo.
#include "normalize/read/html_prepare.h"

#include <algorithm>

namespace normalize::internal {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// std::isalpha/isalnum in the "C" locale, without a call per byte.
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

// Gumbo checks scope by walking its stack of open elements, so a page
// nested N deep costs N^2 there; past this depth, tags are cut out.
constexpr int kMaxNesting = 4000;

bool name_is(std::string_view page, std::size_t at, std::string_view name) {
  if (at + name.size() > page.size()) return false;
  for (std::size_t k = 0; k < name.size(); ++k) {
    char c = page[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[k]) return false;
  }
  std::size_t e = at + name.size();
  return e == page.size() || !is_alnum(page[e]);
}

// Tags whose end is implied often enough that counting them would mistake
// sloppy pages for deep ones, and void elements.
// Looked up by first letter: this runs for every tag.
bool uncounted(std::string_view n) {
  switch (n.empty() ? '\0' : n[0]) {
    case 'a': return n == "area";
    case 'b': return n == "body" || n == "base" || n == "br" || n == "basefont" || n == "bgsound";
    case 'c': return n == "col" || n == "colgroup";
    case 'd': return n == "dt" || n == "dd";
    case 'e': return n == "embed";
    case 'f': return n == "frame";
    case 'h': return n == "html" || n == "head" || n == "hr";
    case 'i': return n == "img" || n == "input" || n == "image";
    case 'k': return n == "keygen";
    case 'l': return n == "li" || n == "link";
    case 'm': return n == "meta";
    case 'o': return n == "option" || n == "optgroup";
    case 'p': return n == "p" || n == "param";
    case 'r': return n == "rb" || n == "rt" || n == "rp";
    case 's': return n == "source";
    case 't':
      return n == "tr" || n == "td" || n == "th" || n == "tbody" || n == "thead" || n == "tfoot" || n == "track";
    case 'w': return n == "wbr";
    default: return false;
  }
}

// Elements whose content Gumbo reads as text up to "</name" (RCDATA,
// RAWTEXT); script, style and the like are cut out before this matters.
bool raw_text(std::string_view name) {
  return name == "title" || name == "textarea" || name == "xmp" || name == "iframe" || name == "noembed" ||
         name == "noframes";
}

// The end of a tag from `k` (just past its name): the index of its '>', or
// page.size(). A quote after '=' or a space opens a quoted value. Beside
// that quick rule runs the tokenizer's own attribute states, in which only a
// quote after "name =" opens a value: *odd is set when the two disagree, as
// Gumbo may then end the tag at another '>'.
std::size_t tag_end(std::string_view page, std::size_t k, bool* odd) {
  enum State : unsigned char { kName, kBeforeAttr, kAttr, kAfterAttr, kBeforeValue, kUnquoted, kAfterQuoted };
  // By byte class: other, white space, '/' (outside a value a self-closing
  // mark, read like a space here), '='. A table, not a switch: the states
  // follow no pattern a branch predictor could learn.
  static constexpr State kNext[7][4] = {
      /* kName */ {kName, kBeforeAttr, kBeforeAttr, kName},
      /* kBeforeAttr */ {kAttr, kBeforeAttr, kBeforeAttr, kAttr},
      /* kAttr */ {kAttr, kAfterAttr, kBeforeAttr, kBeforeValue},
      /* kAfterAttr */ {kAttr, kAfterAttr, kBeforeAttr, kBeforeValue},
      /* kBeforeValue */ {kUnquoted, kBeforeValue, kUnquoted, kUnquoted},
      /* kUnquoted */ {kUnquoted, kBeforeAttr, kUnquoted, kUnquoted},
      /* kAfterQuoted */ {kAttr, kBeforeAttr, kBeforeAttr, kAttr},
  };
  State state = kName;
  for (; k < page.size(); ++k) {
    char d = page[k];
    if (d == '>') break;
    if ((d == '"' || d == '\'') && (page[k - 1] == '=' || is_space(page[k - 1]))) {
      if (state != kBeforeValue) *odd = true;
      k = page.find(d, k + 1);  // the closing quote
      if (k == std::string_view::npos) return page.size();
      state = kAfterQuoted;
      continue;
    }
    int cls = is_space(d) ? 1 : d == '/' ? 2 : d == '=' ? 3 : 0;
    state = kNext[state][cls];
  }
  return k;
}

}  // namespace

bool prepare_html(std::string_view page, bool fold_spaces, std::string* out, OffsetMap* map) {
  std::size_t copied = 0;  // page bytes before this are in `out` or cut
  auto cut = [&](std::size_t b, std::size_t e, bool space) {
    if (b >= e) return;
    if (copied == 0) out->reserve(page.size());
    if (b > copied) {
      out->append(page.substr(copied, b - copied));
      map->append_copy(b - copied, copied);
    }
    if (space) {
      out->push_back(' ');
      map->append_replaced(1, b, e);
    }
    copied = e;
  };

  // Gumbo makes a token of every character of text and takes each through
  // tree construction, so indentation costs as much as words (a quarter of
  // its time on typical pages). A run of two or more white-space bytes in
  // text becomes one space mapped over the whole run, which is what
  // canonical text makes of any run: blocks, maps and audit stay the same.
  // A run's bytes up to its first CR stay: Gumbo reads CR LF as one LF at
  // the LF's offset, so a CR ends the exact alignment of a text node's bytes
  // (read_html.cc) unless the node starts at that LF, and must still do so.
  // Folding needs to know where text is for Gumbo: it stops for good when
  // this scan and Gumbo's tokenizer may disagree (`fold` false), and pauses
  // inside RCDATA/RAWTEXT elements until the scan reaches their end tag.
  bool fold = fold_spaces;
  std::size_t raw_end = std::string_view::npos;  // where the open raw-text element ends
  int verbatim = 0;  // open pre/listing elements: their white space is the text
  auto fold_text = [&](std::size_t b, std::size_t e) {
    if (!fold || raw_end != std::string_view::npos || verbatim > 0) return;
    for (std::size_t k = b; k < e;) {
      if (!is_space(page[k])) {
        ++k;
        continue;
      }
      std::size_t run = k;
      while (k < e && is_space(page[k])) ++k;
      if (k - run >= 2 && page[run] == '\r' && page[run + 1] == '\n') run += 2;  // a node may start at the LF
      std::size_t cr = page.substr(run, k - run).find('\r');
      if (cr != std::string_view::npos) run += cr + 1;
      if (k - run >= 2) cut(run, k, true);
    }
  };
  auto next_tag = [&](std::size_t from) {  // folds the text up to the next '<'
    std::size_t lt = page.find('<', from);
    fold_text(from, lt == std::string_view::npos ? page.size() : lt);
    return lt;
  };
  // A bogus comment (<!x>, <?x>, </3>) ends at the first '>' for Gumbo; the
  // scan below, which goes on at the next '<', agrees unless a '<' comes first.
  auto bogus = [&](std::size_t at) {
    std::size_t gt = page.find('>', at);
    std::size_t lt = page.find('<', at);
    if (gt == std::string_view::npos || lt < gt) {
      fold = false;
      return lt;
    }
    return next_tag(gt + 1);
  };

  int depth = 0;
  std::size_t i = page.find('<');
  while (i != std::string_view::npos && i + 1 < page.size()) {
    if (raw_end != std::string_view::npos && i >= raw_end) {
      if (i > raw_end) fold = false;  // the scan skipped Gumbo's end tag
      raw_end = std::string_view::npos;
    }
    char c = page[i + 1];
    if (c == '!') {
      if (page.compare(i, 4, "<!--") == 0) {
        std::size_t e = page.find("-->", i + 4);
        std::size_t stop = e == std::string_view::npos ? page.size() : e;
        cut(i + 4, stop, false);
        i = e == std::string_view::npos ? e : next_tag(e + 3);
      } else {
        if (page.compare(i, 9, "<![CDATA[") == 0) fold = false;  // ends at "]]>" in SVG and MathML
        i = bogus(i + 2);
      }
      continue;
    }
    bool end_tag = c == '/';
    std::size_t n = i + (end_tag ? 2 : 1);
    if (n >= page.size() || !is_alpha(page[n])) {
      // "<?x>" and "</3>" are bogus comments, "</>" nothing, "<3" text.
      bool comment = c == '?' || (end_tag && n < page.size() && page[n] != '>');
      i = comment ? bogus(i + 1) : page.find('<', i + 1);
      continue;
    }
    std::size_t name_end = n;
    while (name_end < page.size() && is_alnum(page[name_end])) ++name_end;
    char lowered[16];  // the name's first 16 bytes, lowercase
    std::size_t name_size = std::min<std::size_t>(name_end - n, sizeof lowered);
    for (std::size_t j = 0; j < name_size; ++j) lowered[j] = static_cast<char>(page[n + j] | 0x20);
    std::string_view name(lowered, name_size);
    bool odd = false;
    std::size_t k = tag_end(page, name_end, &odd);
    if (odd) fold = false;
    std::size_t end = k < page.size() ? k + 1 : page.size();
    bool self_closing = end >= 2 && page[end - 2] == '/';
    if (!end_tag && (name == "script" || name == "style" || name == "svg" || name == "noscript")) {
      std::size_t e = end;
      while (true) {
        e = page.find("</", e);
        if (e == std::string_view::npos || name_is(page, e + 2, name)) break;
        e += 2;
      }
      std::size_t stop = e == std::string_view::npos ? page.size() : e;
      cut(end, stop, false);
      if (e == std::string_view::npos) break;
      std::size_t gt = page.find('>', e);  // past the end tag
      if (gt == e + 2 + name.size()) {
        i = next_tag(gt + 1);  // a plain </name>: Gumbo ends the element there too
      } else {
        fold = false;
        i = gt == std::string_view::npos ? gt : page.find('<', gt);
      }
      continue;
    }
    bool deep = false;
    if (!uncounted(name) && !self_closing) {
      if (end_tag) {
        deep = depth > kMaxNesting;
        if (deep) cut(i, end, true);
        if (depth > 0) --depth;
      } else {
        ++depth;
        deep = depth > kMaxNesting;
        if (deep) cut(i, end, true);
      }
    }
    std::size_t text = end;
    if ((name == "pre" || name == "listing") && name_end - n == name.size() && !self_closing) {
      verbatim = end_tag ? std::max(0, verbatim - 1) : verbatim + 1;
    }
    if (!end_tag && name_end - n == name.size()) {
      if (name == "plaintext") fold = false;
      if (raw_text(name) && raw_end == std::string_view::npos) {
        // Gumbo's end: "</name" then white space, '/' or '>'.
        for (std::size_t e = page.find("</", end); e != std::string_view::npos; e = page.find("</", e + 2)) {
          std::size_t after = e + 2 + name.size();
          if (name_is(page, e + 2, name) && (after == page.size() || is_space(page[after]) || page[after] == '/' ||
                                             page[after] == '>')) {
            raw_end = e;
            break;
          }
        }
        if (raw_end == std::string_view::npos) fold = false;  // raw text to the end
      }
      if (name == "pre" || name == "listing") {
        while (text < page.size() && is_space(page[text])) ++text;  // Gumbo drops a newline here
      }
    }
    i = deep ? page.find('<', end) : next_tag(text);
  }
  if (copied == 0) return false;
  if (copied < page.size()) {
    out->append(page.substr(copied));
    map->append_copy(page.size() - copied, copied);
  }
  return true;
}

}  // namespace normalize::internal

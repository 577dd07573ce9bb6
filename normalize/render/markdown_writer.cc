// The writer of canonical Markdown: runs once on a tree whose removed leaves
// are gone. Inlines are settled (soft breaks become spaces, links to nowhere
// their text), DESIGN.md's Unicode rules go into text nodes (never code),
// containers left empty go, and each node is put in a form that reads back as
// that node (text escaped where GFM would find links or references in it,
// spans the delimiter rules can open and close, separators the writer adds
// made nodes), so that cleaning the output again gives the same bytes.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "normalize/render/cmark_nodes.h"
#include "normalize/render/markdown_writer.h"
#include "normalize/text/canonical.h"
#include "normalize/text/markdown_tree.h"

namespace normalize::internal {
namespace {

bool is_container(cmark_node* n) {
  cmark_node_type t = cmark_node_get_type(n);
  return t == CMARK_NODE_LIST || t == CMARK_NODE_ITEM || t == CMARK_NODE_BLOCK_QUOTE || is_type(n, "table") ||
         t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || is_type(n, "table_cell");
}

bool is_blank_text(cmark_node* n) {
  if (cmark_node_get_type(n) != CMARK_NODE_TEXT) return false;
  const char* lit = cmark_node_get_literal(n);
  return !lit || std::strspn(lit, " ") == std::strlen(lit);
}

// Leading and trailing spaces of a paragraph or heading would not survive a
// second parse; neither would a block that is only spaces.
void trim_edges(cmark_node* block) {
  for (int end = 0; end < 2; ++end) {
    while (cmark_node* c = end ? cmark_node_last_child(block) : cmark_node_first_child(block)) {
      cmark_node_type t = cmark_node_get_type(c);
      if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK || is_blank_text(c)) {
        remove_node(c);
        continue;
      }
      if (t == CMARK_NODE_TEXT) {
        std::string lit = cmark_node_get_literal(c);
        std::size_t b = end ? 0 : lit.find_first_not_of(' ');
        std::size_t e = end ? lit.find_last_not_of(' ') + 1 : lit.size();
        if (b != 0 || e != lit.size()) cmark_node_set_literal(c, lit.substr(b, e - b).c_str());
      }
      break;
    }
  }
}


// cmark-gfm writes a task item as "- [x] " with a two-space continuation
// whatever its list, so in an ordered list, or next to plain items, a second
// parse nests or renumbers; and before anything but a paragraph, the box is
// text on the next reading. There the check box becomes the item's text.
void plain_task_items(cmark_node* list) {
  bool tasks = false, plain = false;
  for (cmark_node* c = cmark_node_first_child(list); c; c = cmark_node_next(c)) {
    (is_type(c, "tasklist") ? tasks : plain) = true;
    // A check box reads back only before a paragraph ("- [x] # h" is text).
    cmark_node* first = cmark_node_first_child(c);
    if (is_type(c, "tasklist") && (!first || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH)) plain = true;
  }
  if (!tasks || (!plain && cmark_node_get_list_type(list) == CMARK_BULLET_LIST)) return;
  std::vector<cmark_node*> items;
  for (cmark_node* c = cmark_node_first_child(list); c; c = cmark_node_next(c)) {
    if (is_type(c, "tasklist")) items.push_back(c);
  }
  for (cmark_node* item : items) {
    cmark_node* plain_item = cmark_node_new(CMARK_NODE_ITEM);
    std::string box = cmark_gfm_extensions_get_tasklist_item_checked(item) ? "[x] " : "[ ] ";
    cmark_node* first = cmark_node_first_child(item);
    if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
      cmark_node_prepend_child(first, text_node(box));
    } else {
      cmark_node* p = cmark_node_new(CMARK_NODE_PARAGRAPH);
      box.pop_back();  // a paragraph of its own: its last space would not read back
      cmark_node_append_child(p, text_node(box));
      cmark_node_append_child(plain_item, p);
    }
    while (cmark_node* c = cmark_node_first_child(item)) {
      cmark_node_unlink(c);
      cmark_node_append_child(plain_item, c);
    }
    cmark_node_insert_before(item, plain_item);
    remove_node(item);
  }
  cmark_consolidate_text_nodes(list);
}

// Length of what CommonMark could read as a character reference at s[i]
// ("&name;", "&#123;", "&#x1F;"), or 0.
std::size_t reference_at(std::string_view s, std::size_t i) {
  if (i >= s.size() || s[i] != '&') return 0;
  std::size_t j = i + 1;
  bool numeric = j < s.size() && s[j] == '#';
  if (numeric) ++j;
  if (numeric && j < s.size() && (s[j] == 'x' || s[j] == 'X')) ++j;
  std::size_t d = j;
  while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
  return j > d && j < s.size() && s[j] == ';' ? j + 1 - i : 0;
}

bool has_reference(std::string_view s) {
  for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    if (reference_at(s, i)) return true;
  }
  return false;
}

// Whether `s` may stand between < and > as a CommonMark autolink: a URI
// (scheme:no-spaces-or-angles) or an e-mail address. A character reference
// in it would be decoded on the next reading (GFM's bare-URL links keep them
// as written).
bool valid_autolink(std::string_view s) {
  if (has_reference(s)) return false;
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  std::size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon >= 2 && colon <= 32 && alpha(s[0])) {
    bool scheme = std::all_of(s.begin(), s.begin() + colon,
                              [&](char c) { return alnum(c) || c == '+' || c == '.' || c == '-'; });
    bool rest = std::none_of(s.begin() + colon, s.end(), [](char c) {
      return c == '<' || c == '>' || static_cast<unsigned char>(c) <= ' ';
    });
    if (scheme && rest) return true;
  }
  std::size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  const std::string_view local_ok = ".!#$%&'*+/=?^_`{|}~-";
  for (std::size_t i = 0; i < at; ++i) {
    if (!alnum(s[i]) && local_ok.find(s[i]) == std::string_view::npos) return false;
  }
  std::string_view domain = s.substr(at + 1);
  std::size_t start = 0;
  while (true) {
    std::size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || !alnum(label.front()) || !alnum(label.back())) return false;
    if (!std::all_of(label.begin(), label.end(), [&](char c) { return alnum(c) || c == '-'; })) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// A link whose text is its target is written as <target>; when the target
// cannot be an autolink, that reads back as text in which GFM finds a new
// link (taking escapes into it), one more layer each time.
bool bad_autolink(cmark_node* link) {
  const char* url = cmark_node_get_url(link);
  const char* title = cmark_node_get_title(link);
  cmark_node* text = cmark_node_first_child(link);
  if (!url || !*url || (title && *title) || !text || cmark_node_next(text) ||
      cmark_node_get_type(text) != CMARK_NODE_TEXT) {
    return false;
  }
  std::string_view u = url, t = cmark_node_get_literal(text) ? cmark_node_get_literal(text) : "";
  std::string_view bare = u.substr(0, 7) == "mailto:" ? u.substr(7) : u;
  if (t != u && t != bare) return false;
  return !valid_autolink(u.substr(0, 7) == "mailto:" && t == bare ? bare : u);
}

// cmark writes an HTML block or a thematic break that opens a list item after
// a blank line, which moves the item's content column on the next parse. Such
// a block is written raw right after the marker instead (a paragraph holding
// it as inline HTML), which reads back as the same block: without the spaces
// an HTML block kept before its first tag (the next reading takes them as
// the marker's), and a break in a bullet item as "* * *" ("- -----" would
// be a thematic break line of its own, the list gone).
void raw_first_block(cmark_node* item) {
  cmark_node* first = cmark_node_first_child(item);
  cmark_node_type t = cmark_node_get_type(first);
  if (t == CMARK_NODE_LIST && cmark_node_next(first)) {
    // A list opening an item is written "  -   - ", which puts the item's
    // content column under the inner marker, past the four spaces its other
    // blocks are written with: an empty comment opens the item instead.
    cmark_node* p = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node* html = cmark_node_new(CMARK_NODE_HTML_INLINE);
    cmark_node_set_literal(html, "<!-- -->");
    cmark_node_append_child(p, html);
    cmark_node_insert_before(first, p);
    return;
  }
  if (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_THEMATIC_BREAK) return;
  bool bullet = cmark_node_get_list_type(cmark_node_parent(item)) == CMARK_BULLET_LIST;
  std::string raw = t == CMARK_NODE_THEMATIC_BREAK ? (bullet ? "* * *" : "-----") : cmark_node_get_literal(first);
  raw.erase(0, raw.find_first_not_of(' ') == std::string::npos ? 0 : raw.find_first_not_of(' '));
  while (!raw.empty() && raw.back() == '\n') raw.pop_back();
  cmark_node* p = cmark_node_new(CMARK_NODE_PARAGRAPH);
  cmark_node* html = cmark_node_new(CMARK_NODE_HTML_INLINE);
  cmark_node_set_literal(html, raw.c_str());
  cmark_node_append_child(p, html);
  cmark_node_insert_before(first, p);
  remove_node(first);
}

// Two code blocks left next to each other would read back as one; an empty
// HTML comment keeps them apart, as cmark does after a list.
void separate_code_blocks(cmark_node* root) {
  std::vector<cmark_node*> seconds;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node* prev = cmark_node_previous(n);
    auto indented = [](cmark_node* c) {
      const char* info = cmark_node_get_fence_info(c);
      return cmark_node_get_type(c) == CMARK_NODE_CODE_BLOCK && (!info || !*info);
    };
    if (ev == CMARK_EVENT_ENTER && prev && indented(n) && indented(prev)) {
      seconds.push_back(n);
    }
  });
  for (cmark_node* n : seconds) {
    cmark_node* sep = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(sep, "<!-- -->");
    cmark_node_insert_before(n, sep);
  }
}

// Whether a text node's literal starts (or ends) with '*' or '_'.
bool edge_delimiter(cmark_node* n, bool at_end) {
  if (!n || cmark_node_get_type(n) != CMARK_NODE_TEXT) return false;
  const char* lit = cmark_node_get_literal(n);
  if (!lit || !*lit) return false;
  char c = at_end ? lit[std::strlen(lit) - 1] : lit[0];
  return c == '*' || c == '_';
}

// Emphasis touching a literal '*' or '_' can pair differently once the
// literal one is written escaped (a backslash is punctuation to the flanking
// rules), so in a block where that happens, emphasis and strong emphasis
// become their text.
void flatten_ambiguous_emphasis(cmark_node* root) {
  std::vector<cmark_node*> unwrap, pending;
  bool touching = false;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node_type t = cmark_node_get_type(n);
    bool leaf = t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || is_type(n, "table_cell");
    if (leaf && ev == CMARK_EVENT_ENTER) {
      pending.clear();
      touching = false;
    } else if (leaf) {
      if (touching) unwrap.insert(unwrap.end(), pending.begin(), pending.end());
      pending.clear();
    } else if (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG)) {
      pending.push_back(n);
      touching = touching || edge_delimiter(cmark_node_previous(n), true) ||
                 edge_delimiter(cmark_node_next(n), false) || edge_delimiter(cmark_node_first_child(n), false) ||
                 edge_delimiter(cmark_node_last_child(n), true);
    }
  });
  for (cmark_node* n : unwrap) {  // children before parents
    while (cmark_node* c = cmark_node_first_child(n)) {
      cmark_node_unlink(c);
      cmark_node_insert_before(n, c);
    }
    remove_node(n);
  }
  if (!unwrap.empty()) cmark_consolidate_text_nodes(root);
}

// Emphasis, strong emphasis and strikethrough cannot open after a space nor
// close before one: a space at the inner edge of one (what a cut leaves, as
// in "~~quoted ~~") would make its delimiters literal on the next reading.
// The space moves outside, children before parents, and a span left with
// nothing but spaces becomes them.
void spaces_out_of_spans(cmark_node* root) {
  std::vector<cmark_node*> spans;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node_type t = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || is_type(n, "strikethrough"))) {
      spans.push_back(n);
    }
  });
  for (cmark_node* n : spans) {
    for (int end = 0; end < 2; ++end) {
      cmark_node* c = end ? cmark_node_last_child(n) : cmark_node_first_child(n);
      if (!c || cmark_node_get_type(c) != CMARK_NODE_TEXT) continue;
      std::string lit = cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "";
      std::size_t b = end ? lit.find_last_not_of(' ') + 1 : 0;
      std::size_t e = end ? lit.size() : lit.find_first_not_of(' ');
      if (e == std::string::npos) e = lit.size();
      if (b >= e) continue;
      std::string spaces = lit.substr(b, e - b);
      lit.erase(b, e - b);
      if (lit.empty()) {
        remove_node(c);
      } else {
        cmark_node_set_literal(c, lit.c_str());
      }
      if (end) {
        cmark_node_insert_after(n, text_node(spaces));
      } else {
        cmark_node_insert_before(n, text_node(spaces));
      }
    }
    if (!cmark_node_first_child(n)) remove_node(n);
  }
  if (!spans.empty()) cmark_consolidate_text_nodes(root);
}

// Spaces brought together by the steps above (a space moved out of a span
// next to another, a span written as its text between two) make a run,
// which DESIGN.md folds.
void fold_space_runs(cmark_node* root) {
  cmark_consolidate_text_nodes(root);
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    const char* lit = cmark_node_get_literal(n);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_TEXT || !lit || !std::strstr(lit, "  ")) {
      return;
    }
    std::string folded;
    for (const char* c = lit; *c; ++c) {
      if (*c != ' ' || folded.empty() || folded.back() != ' ') folded += *c;
    }
    cmark_node_set_literal(n, folded.c_str());
  });
}

std::vector<cmark_node*> heading_breaks(cmark_node* root) {
  std::vector<cmark_node*> out;
  int heading = 0;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_HEADING) heading += ev == CMARK_EVENT_ENTER ? 1 : -1;
    if (t == CMARK_NODE_LINEBREAK && heading > 0) out.push_back(n);
  });
  return out;
}

// A hard line break is written "  " and a line end; the next reading drops
// the spaces before it and at the start of the next line, so they go here.
// Before raw HTML it is a space.
void trim_around_linebreaks(cmark_node* root) {
  std::vector<cmark_node*> breaks;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LINEBREAK) breaks.push_back(n);
  });
  for (cmark_node* n : breaks) {
    cmark_node* next = cmark_node_next(n);
    if (next && cmark_node_get_type(next) == CMARK_NODE_HTML_INLINE) {
      // Raw HTML opening a line may open an HTML block there (and end the
      // paragraph): the break is a space.
      cmark_node_replace(n, text_node(" "));
      cmark_node_free(n);
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      cmark_node* c = side ? cmark_node_next(n) : cmark_node_previous(n);
      if (!c || cmark_node_get_type(c) != CMARK_NODE_TEXT) continue;
      std::string lit = cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "";
      std::size_t b = side ? lit.find_first_not_of(' ') : 0;
      std::size_t e = side ? lit.size() : lit.find_last_not_of(' ') + 1;
      if (b == std::string::npos || b >= e) {
        remove_node(c);
      } else if (b != 0 || e != lit.size()) {
        cmark_node_set_literal(c, lit.substr(b, e - b).c_str());
      }
    }
  }
}

// ---- Emphasis the writer can write ------------------------------------------
// CommonMark opens emphasis (and GFM strikethrough) only at a left-flanking
// delimiter run and closes it only at a right-flanking one. What stands next
// to a delimiter as written: a text character (an escaped one is
// punctuation either way), link and code markup (punctuation), a line start
// or end (space). Delimiters of one character next to each other are one
// run, so nested spans that share a character are looked through.
enum class Flank { kSpace, kPunct, kOther, kNone };

Flank flank_of(std::string_view s, bool last) {
  if (s.empty()) return Flank::kNone;
  std::size_t i = last ? char_start(s, s.size() - 1) : 0;
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 == ' ' || b0 == '\t' || b0 == '\n') return Flank::kSpace;
  std::size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  char32_t c = n == 1 ? b0 : b0 & (0x7F >> n);
  for (std::size_t k = 1; k < n && i + k < s.size(); ++k) c = (c << 6) | (s[i + k] & 0x3F);
  return is_punctuation(c) ? Flank::kPunct : Flank::kOther;
}

// The delimiter character a span is written with ('*' for emphasis, '~' for
// strikethrough), or 0 for a node that is no such span.
char delimiter_of(cmark_node* n) {
  cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG) return '*';
  return is_type(n, "strikethrough") ? '~' : 0;
}

// What is written first (or last) from node n on, inside a run of `delim`.
Flank edge_of(cmark_node* n, bool last, char delim) {
  for (; n; n = last ? cmark_node_previous(n) : cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_HTML_INLINE) {
      Flank f = flank_of(cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "", last);
      if (f != Flank::kNone) return f;
      continue;
    }
    if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) return Flank::kSpace;
    char d = delimiter_of(n);
    if (d && d == delim) {  // the same run: look inside
      Flank f = edge_of(last ? cmark_node_last_child(n) : cmark_node_first_child(n), last, delim);
      if (f != Flank::kNone) return f;
      continue;
    }
    return Flank::kPunct;  // markup: [ ] < > ` ! * ~
  }
  return Flank::kNone;
}

// What stands just outside span n on one side, as written.
Flank outside_of(cmark_node* n, bool after, char delim) {
  while (true) {
    cmark_node* sib = after ? cmark_node_next(n) : cmark_node_previous(n);
    if (sib) {
      Flank f = edge_of(sib, !after, delim);
      if (f != Flank::kNone) return f;
    }
    cmark_node* parent = cmark_node_parent(n);
    if (!parent) return Flank::kSpace;
    char d = delimiter_of(parent);
    if (d && d == delim) {
      n = parent;  // the parent's delimiters are part of this run
      continue;
    }
    if (d || (cmark_node_get_type(parent) & CMARK_NODE_TYPE_INLINE) == CMARK_NODE_TYPE_INLINE) {
      return Flank::kPunct;  // another span's delimiter, or link markup
    }
    return Flank::kSpace;  // the block's edge
  }
}

// Spans whose delimiters, as written, would not open or close become their
// text (what they hold stays); what that changes next to them is judged
// again, until every span left can be written.
void flatten_unflanked(cmark_node* root) {
  while (true) {
    std::vector<cmark_node*> drop;
    walk(root, [&](cmark_node* n, cmark_event_type ev) {
      char d = ev == CMARK_EVENT_ENTER ? delimiter_of(n) : 0;
      if (!d) return;
      // A span inside one of its own kind that starts (ends) with it shares
      // its run there; the outer span is judged for that run.
      Flank before = outside_of(n, false, d), first = edge_of(cmark_node_first_child(n), false, d);
      Flank last = edge_of(cmark_node_last_child(n), true, d), after = outside_of(n, true, d);
      auto open = [](Flank prev, Flank next) {
        return next != Flank::kSpace && next != Flank::kNone &&
               (next != Flank::kPunct || prev == Flank::kSpace || prev == Flank::kPunct);
      };
      bool opens = open(before, first), closes = open(after, last);
      if (!opens || !closes) drop.push_back(n);
    });
    if (drop.empty()) return;
    for (auto n = drop.rbegin(); n != drop.rend(); ++n) {  // inner before outer
      while (cmark_node* c = cmark_node_first_child(*n)) {
        cmark_node_unlink(c);
        cmark_node_insert_before(*n, c);
      }
      remove_node(*n);
    }
    cmark_consolidate_text_nodes(root);
  }
}

// An HTML block is read with the line end after it; written with it, the
// blank line that follows comes out without the container's prefix, which
// ends a block quote and makes a list item's blank lines differ from those
// of a block the writer made. Its literal loses the line end.
void html_blocks_without_line_end(cmark_node* root) {
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK) return;
    std::string lit = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    std::size_t e = lit.size();
    while (e > 0 && lit[e - 1] == '\n') --e;
    if (e != lit.size()) cmark_node_set_literal(n, lit.substr(0, e).c_str());
  });
}

// A paragraph that opens with raw HTML (what it began with before that was
// a space or a zero-width character, now gone) can read back as an HTML
// block. Written alone, as a line, and read by cmark-gfm: when that gives an
// HTML block, the paragraph is written as that block.
void html_paragraphs_as_blocks(cmark_node* root) {
  std::vector<cmark_node*> paragraphs;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node* first = cmark_node_first_child(n);
    bool opens_item = !cmark_node_previous(n) && cmark_node_parent(n) &&
                      cmark_node_get_type(cmark_node_parent(n)) == CMARK_NODE_ITEM;  // raw_first_block's
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH && first && !opens_item &&
        cmark_node_get_type(first) == CMARK_NODE_HTML_INLINE) {
      paragraphs.push_back(n);
    }
  });
  for (cmark_node* n : paragraphs) {
    cmark_node* alone = cmark_node_new(CMARK_NODE_DOCUMENT);
    cmark_node* parent = cmark_node_parent(n);
    cmark_node* next = cmark_node_next(n);
    cmark_node_unlink(n);
    cmark_node_append_child(alone, n);
    char* written = cmark_render_commonmark(alone, kMarkdownOptions, 0);
    cmark_node_unlink(n);
    cmark_node_free(alone);
    if (next) {
      cmark_node_insert_before(next, n);
    } else {
      cmark_node_append_child(parent, n);
    }
    std::string line = written ? written : "";
    std::free(written);
    while (!line.empty() && line.back() == '\n') line.pop_back();
    if (line.empty() || line.find('\n') != std::string::npos) continue;
    cmark_node* read = parse_markdown(line);
    cmark_node* block = read ? cmark_node_first_child(read) : nullptr;
    if (block && !cmark_node_next(block) && cmark_node_get_type(block) == CMARK_NODE_HTML_BLOCK) {
      cmark_node* html = cmark_node_new(CMARK_NODE_HTML_BLOCK);
      cmark_node_set_literal(html, line.c_str());
      cmark_node_insert_before(n, html);
      remove_node(n);
    }
    if (read) cmark_node_free(read);
  }
}

// cmark writes "<!-- end list -->" after a list followed by a list or a code
// block, so that they stay apart; written by the list's exit, it is no node
// of the tree, and the next reading finds an HTML block there (which, in a
// list item, is written with other blank lines). It is made that node here.
void end_lists(cmark_node* root) {
  std::vector<cmark_node*> lists;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node* next = cmark_node_next(n);
    if (ev == CMARK_EVENT_EXIT && cmark_node_get_type(n) == CMARK_NODE_LIST && next &&
        (cmark_node_get_type(next) == CMARK_NODE_LIST || cmark_node_get_type(next) == CMARK_NODE_CODE_BLOCK)) {
      lists.push_back(n);
    }
  });
  for (cmark_node* n : lists) {
    cmark_node* sep = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(sep, "<!-- end list -->");
    cmark_node_insert_after(n, sep);
  }
}

// cmark's writer escapes what CommonMark reads as markup, but not what GFM's
// autolink extension reads as a link ("http://x", "www.x" in text become
// links on the next reading) nor a numeric character reference ("&#42;" is
// escaped only before a letter). Outside links (where GFM makes no
// autolinks), a text node gets a backslash before the ':' of "scheme://"
// and the '.' of "www.", and before '&' that opens "&#": each written raw
// (inline HTML, which the writer copies) between the pieces of the text,
// which read back as the same text.
void guard_text(cmark_node* root, bool urls = true) {
  std::vector<cmark_node*> texts;
  int in_link = 0;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
      in_link += ev == CMARK_EVENT_ENTER ? 1 : -1;
    } else if (t == CMARK_NODE_TEXT && ev == CMARK_EVENT_ENTER && !in_link) {
      texts.push_back(n);
    }
  });
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (cmark_node* n : texts) {
    std::string_view lit = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    std::vector<std::size_t> escapes;
    for (std::size_t i = 0; i < lit.size(); ++i) {
      if (!urls) {
        if (lit[i] == '&' && i + 1 < lit.size() && lit[i + 1] == '#') escapes.push_back(i);
      } else if (lit[i] == ':' && lit.substr(i + 1, 2) == "//" && i + 3 < lit.size() &&
          (std::isalnum(static_cast<unsigned char>(lit[i + 3])) || static_cast<unsigned char>(lit[i + 3]) >= 0x80)) {
        // GFM links http, https and ftp not glued to other letters, and only
        // with a domain after the slashes.
        std::size_t b = i;
        while (b > 0 && alpha(lit[b - 1])) --b;
        std::string scheme(lit.substr(b, i - b));
        for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (scheme == "http" || scheme == "https" || scheme == "ftp") escapes.push_back(i);
      } else if (lit[i] == '.' && i >= 3 && (lit.substr(i - 3, 3) == "www" || lit.substr(i - 3, 3) == "WWW") &&
                 (i == 3 || std::strchr(" *_~(", lit[i - 4]))) {  // where GFM may start a "www." link
        escapes.push_back(i);
      } else if (lit[i] == '&' && i + 1 < lit.size() && lit[i + 1] == '#') {
        escapes.push_back(i);
      }
    }
    if (escapes.empty()) continue;
    std::size_t from = 0;
    for (std::size_t i : escapes) {
      if (i > from) cmark_node_insert_before(n, text_node(std::string(lit.substr(from, i - from))));
      cmark_node* raw = cmark_node_new(CMARK_NODE_HTML_INLINE);
      cmark_node_set_literal(raw, (std::string("\\") + lit[i]).c_str());
      cmark_node_insert_before(n, raw);
      from = i + 1;
    }
    if (from < lit.size()) {
      cmark_node_set_literal(n, std::string(lit.substr(from)).c_str());
    } else {
      remove_node(n);
    }
  }
}

// A link or image whose target the writer can keep: returns false for a
// link to nowhere ("" or "#"), which is written as its text.
bool settle_link(cmark_node* n) {
  const char* url = cmark_node_get_url(n);
  if (cmark_node_get_type(n) == CMARK_NODE_LINK) {
    if (!url || !*url || std::strcmp(url, "#") == 0) return false;
    if (bad_autolink(n)) {
      // Written as [text](target) instead: the target percent-encodes what
      // made it invalid, so it differs from the text and reads back the same.
      std::string encoded;
      static const char kHex[] = "0123456789ABCDEF";
      for (unsigned char c : std::string_view(url)) {
        if (std::isalnum(c) || std::strchr(":/.?=&#@-%", c) || c >= 0x80) {
          encoded += static_cast<char>(c);
        } else {
          encoded += '%';
          encoded += kHex[c >> 4];
          encoded += kHex[c & 15];
        }
      }
      if (encoded == url) return false;
      cmark_node_set_url(n, encoded.c_str());
    }
  }
  url = cmark_node_get_url(n);
  if (url && has_reference(url)) {
    // A target written "(...)" has its character references decoded on the
    // next reading: the ';' of each is percent-encoded.
    std::string target = url;
    for (std::size_t i = target.find('&'); i != std::string::npos; i = target.find('&', i + 1)) {
      if (std::size_t len = reference_at(target, i)) target.replace(i + len - 1, 1, "%3B");
    }
    cmark_node_set_url(n, target.c_str());
  }
  return true;
}

// GFM's autolink extension reads e-mail addresses and bare URLs ("https://x",
// "www.x") in text as links. Text that it would read so once written, which
// the tree holds as text (a cut left an address whole, a page had a URL
// outside any link), becomes those links here, as GFM finds them in the text
// written alone; written as links ("<x@y.org>"), they read back as the same
// links whatever stands next to them. `urls`: bare URLs too (trees built from
// blocks); a tree read from Markdown keeps its URLs text (guard_text).
void link_bare_text(cmark_node* root, bool urls) {
  std::vector<cmark_node*> texts;
  int in_link = 0;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
      in_link += ev == CMARK_EVENT_ENTER ? 1 : -1;
    } else if (t == CMARK_NODE_TEXT && ev == CMARK_EVENT_ENTER && !in_link) {
      const char* lit = cmark_node_get_literal(n);
      if (lit && (std::strchr(lit, '@') ||
                  (urls && (std::strstr(lit, "://") || std::strstr(lit, "www.") || std::strstr(lit, "WWW."))))) {
        texts.push_back(n);
      }
    }
  });
  // A link's text as GFM takes it from the written text: with the writer's
  // escapes in it, which the text node did not have.
  auto unescape = [](std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) ++i;
      out += s[i];
    }
    return out;
  };
  for (cmark_node* n : texts) {
    std::string whole = cmark_node_get_literal(n);
    std::size_t b = whole.find_first_not_of(' '), e = whole.find_last_not_of(' ') + 1;
    if (b == std::string::npos) continue;
    std::string lit = whole.substr(b, e - b);  // a paragraph would trim its spaces
    cmark_node* alone = cmark_node_new(CMARK_NODE_DOCUMENT);
    cmark_node* para = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(alone, para);
    cmark_node_append_child(para, text_node(lit));
    guard_text(alone, !urls);
    char* written = cmark_render_commonmark(alone, kMarkdownOptions, 0);
    cmark_node_free(alone);
    cmark_node* read = parse_markdown(written ? written : "");
    std::free(written);
    cmark_node* p = read ? cmark_node_first_child(read) : nullptr;
    bool usable = p && !cmark_node_next(p) && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH;
    if (usable) cmark_consolidate_text_nodes(p);
    std::vector<cmark_node*> parts;
    std::string plain;
    bool linked = false;
    for (cmark_node* c = usable ? cmark_node_first_child(p) : nullptr; c && usable; c = cmark_node_next(c)) {
      cmark_node* t = cmark_node_get_type(c) == CMARK_NODE_LINK ? cmark_node_first_child(c) : c;
      usable = t && cmark_node_get_type(t) == CMARK_NODE_TEXT && cmark_node_get_literal(t) &&
               (t == c || !cmark_node_next(t));
      if (!usable) break;
      std::string text = cmark_node_get_literal(t);
      if (t == c) {
        parts.push_back(text_node(text));
      } else {
        linked = true;
        std::string url = cmark_node_get_url(c) ? cmark_node_get_url(c) : "";
        std::string shown = unescape(text);
        std::string prefix = url.size() > text.size() && url.compare(url.size() - text.size(), text.size(), text) == 0
                                 ? url.substr(0, url.size() - text.size())
                                 : "";  // "mailto:", "http://" before "www."
        usable = url == prefix + text;
        cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
        cmark_node_set_url(link, (prefix + shown).c_str());
        cmark_node_append_child(link, text_node(shown));
        parts.push_back(link);
        text = shown;
      }
      plain += text;
    }
    if (usable && linked && plain == lit) {
      if (b > 0) cmark_node_insert_before(n, text_node(whole.substr(0, b)));
      for (cmark_node* c : parts) {
        if (cmark_node_get_type(c) == CMARK_NODE_LINK && !settle_link(c)) {
          cmark_node_insert_before(n, text_node(cmark_node_get_literal(cmark_node_first_child(c))));
          cmark_node_free(c);
          continue;
        }
        cmark_node_insert_before(n, c);
      }
      if (e < whole.size()) cmark_node_insert_before(n, text_node(whole.substr(e)));
      remove_node(n);
    } else {
      for (cmark_node* c : parts) cmark_node_free(c);
    }
    if (read) cmark_node_free(read);
  }
}

// Steps 2-4 and the writer, on a tree whose removed leaves are gone.
// `read`: the tree was read from Markdown, so text in it is what GFM did not
// read as a link, and is written so that it stays text (guard_text); in a
// tree built from blocks (text, HTML), bare URLs become the links GFM would
// read (link_bare_text). E-mail addresses become links in both.
}  // namespace

std::string write_markdown(cmark_node* root, bool nfkc, bool read) {
  // Text nodes merged first, so that a tree and its consolidated copy (what
  // the next reading gives) come out the same.
  cmark_consolidate_text_nodes(root);
  // 2. Inlines: softbreaks become spaces, links to nowhere their text.
  std::vector<cmark_node*> softbreaks, dead_links, space_codes;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev != CMARK_EVENT_ENTER) return;
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_SOFTBREAK) {
      softbreaks.push_back(n);
    } else if (t == CMARK_NODE_CODE) {
      const char* lit = cmark_node_get_literal(n);
      if (lit && *lit && std::strspn(lit, " ") == std::strlen(lit)) space_codes.push_back(n);
    } else if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) && !settle_link(n)) {
      dead_links.push_back(n);
    }
  });
  for (cmark_node* n : softbreaks) {
    cmark_node* space = text_node(" ");
    cmark_node_replace(n, space);
    cmark_node_free(n);
  }
  // An ATX heading, as the writer writes every heading, is one line: a hard
  // line break (read from a setext heading) is a space there.
  for (cmark_node* n : heading_breaks(root)) {
    cmark_node* space = text_node(" ");
    cmark_node_replace(n, space);
    cmark_node_free(n);
  }
  // A code span of spaces only: cmark pads it with one more space on each
  // side, which a second parse keeps (it strips nothing from all-space code),
  // so it would grow each time. It is written raw, as it was read.
  for (cmark_node* n : space_codes) {
    cmark_node* raw = cmark_node_new(CMARK_NODE_HTML_INLINE);
    std::string code = "`";
    code += cmark_node_get_literal(n);
    code += '`';
    cmark_node_set_literal(raw, code.c_str());
    cmark_node_replace(n, raw);
    cmark_node_free(n);
  }
  for (auto l = dead_links.rbegin(); l != dead_links.rend(); ++l) {
    while (cmark_node* c = cmark_node_first_child(*l)) {
      cmark_node_unlink(c);
      cmark_node_insert_before(*l, c);
    }
    remove_node(*l);
  }
  cmark_consolidate_text_nodes(root);

  // 3. Unicode rules in text nodes (code spans, code blocks and HTML untouched);
  //    containers collected in post-order for the empty-container sweep.
  std::vector<cmark_node*> post_order;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT) {
      const char* lit = cmark_node_get_literal(n);
      std::string clean = canonical_inline(lit ? lit : "", nfkc);
      if (!lit || clean != lit) cmark_node_set_literal(n, clean.c_str());
    } else if (ev == CMARK_EVENT_EXIT && n != root && is_container(n)) {
      post_order.push_back(n);
    }
  });

  // On canonical text: what canonicalisation drops or folds (an invalid
  // byte, a zero-width space at a span's edge) must not decide.
  link_bare_text(root, !read);
  spaces_out_of_spans(root);
  trim_around_linebreaks(root);
  flatten_ambiguous_emphasis(root);
  flatten_unflanked(root);
  fold_space_runs(root);

  // 4. Containers left empty go, children before parents.
  for (cmark_node* n : post_order) {
    cmark_node_type t = cmark_node_get_type(n);
    bool cell = is_type(n, "table_cell");
    if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || cell) trim_edges(n);
    if (cell) continue;  // an empty cell keeps its column
    if (!cmark_node_first_child(n)) {
      remove_node(n);
    } else if (t == CMARK_NODE_LIST) {
      plain_task_items(n);
    } else if (t == CMARK_NODE_ITEM) {
      raw_first_block(n);
    }
  }
  html_paragraphs_as_blocks(root);
  separate_code_blocks(root);
  end_lists(root);
  html_blocks_without_line_end(root);
  if (read) guard_text(root);

  char* out = cmark_render_commonmark(root, kMarkdownOptions, 0);
  std::string text = out ? out : "";
  std::free(out);
  // One final newline, no blank lines at either end.
  std::size_t b = text.find_first_not_of('\n');
  if (b == std::string::npos) return "";
  std::size_t e = text.find_last_not_of('\n');
  return text.substr(b, e + 1 - b) + "\n";
}

}  // namespace normalize::internal

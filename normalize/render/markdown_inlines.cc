// Inlines the Markdown writer puts in a form that reads back as themselves
// (markdown_passes.h): emphasis and strikethrough whose delimiters open and
// close where they are written, spaces around spans and hard line breaks.
#include <cmark-gfm.h>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/render/cmark_nodes.h"
#include "normalize/render/markdown_passes.h"
#include "normalize/text/canonical.h"
#include "normalize/text/document.h"

namespace normalize::internal {
namespace {

// Whether a text node's literal starts (or ends) with '*' or '_'.
bool edge_delimiter(cmark_node* n, bool at_end) {
  if (!n || cmark_node_get_type(n) != CMARK_NODE_TEXT) return false;
  const char* lit = cmark_node_get_literal(n);
  if (!lit || !*lit) return false;
  char c = at_end ? lit[std::strlen(lit) - 1] : lit[0];
  return c == '*' || c == '_';
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

}  // namespace

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

}  // namespace normalize::internal

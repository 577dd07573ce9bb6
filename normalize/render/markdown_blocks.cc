// Blocks the Markdown writer puts in a form that reads back as themselves
// (markdown_passes.h): spaces at a paragraph's edges, loose lists left with
// no blank line that counts, a break after a paragraph in a tight item, task
// items, a raw block opening an item, code blocks and lists kept apart, HTML
// blocks.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "normalize/render/cmark_nodes.h"
#include "normalize/render/markdown_passes.h"
#include "normalize/text/markdown_tree.h"

namespace normalize::internal {
namespace {

bool is_blank_text(cmark_node* n) {
  if (cmark_node_get_type(n) != CMARK_NODE_TEXT) return false;
  const char* lit = cmark_node_get_literal(n);
  return !lit || std::strspn(lit, " ") == std::strlen(lit);
}

}  // namespace

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

void tighten_lists(cmark_node* root) {
  // Whether a blank line written after `block` counts: the read goes down
  // through lists and items to the block last open there.
  auto blank_counts = [](cmark_node* block) {
    cmark_node* n = block;
    while ((cmark_node_get_type(n) == CMARK_NODE_LIST || cmark_node_get_type(n) == CMARK_NODE_ITEM) &&
           cmark_node_last_child(n)) {
      n = cmark_node_last_child(n);
    }
    return cmark_node_get_type(n) != CMARK_NODE_THEMATIC_BREAK;
  };
  std::vector<cmark_node*> lists;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LIST && !cmark_node_get_list_tight(n)) {
      lists.push_back(n);
    }
  });
  for (cmark_node* list : lists) {
    bool loose = false;
    for (cmark_node* item = cmark_node_first_child(list); item && !loose; item = cmark_node_next(item)) {
      for (cmark_node* c = cmark_node_first_child(item); c && !loose; c = cmark_node_next(c)) {
        loose = (cmark_node_next(c) || cmark_node_next(item)) && blank_counts(c);
      }
    }
    if (!loose) cmark_node_set_list_tight(list, 1);
  }
}

void breaks_after_paragraphs(cmark_node* root) {
  std::vector<cmark_node*> breaks;
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    cmark_node* prev = cmark_node_previous(n);
    cmark_node* item = cmark_node_parent(n);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK && prev &&
        cmark_node_get_type(prev) == CMARK_NODE_PARAGRAPH && item && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
        cmark_node_get_list_tight(cmark_node_parent(item))) {
      breaks.push_back(n);
    }
  });
  for (cmark_node* n : breaks) {
    cmark_node* raw = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    cmark_node_set_literal(raw, "* * *");
    cmark_node_insert_before(n, raw);
    remove_node(n);
  }
}

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

void html_blocks_without_line_end(cmark_node* root) {
  walk(root, [&](cmark_node* n, cmark_event_type ev) {
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK) return;
    std::string lit = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
    std::size_t e = lit.size();
    while (e > 0 && lit[e - 1] == '\n') --e;
    if (e != lit.size()) cmark_node_set_literal(n, lit.substr(0, e).c_str());
  });
}

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

}  // namespace normalize::internal

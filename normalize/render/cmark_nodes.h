// Internal. Use normalize.h.
//
// Small cmark-gfm node helpers the Markdown renderer and writer share.
#ifndef NORMALIZE_RENDER_CMARK_NODES_H_
#define NORMALIZE_RENDER_CMARK_NODES_H_

#include <cmark-gfm.h>

#include <cstring>
#include <string>

namespace normalize::internal {

constexpr int kMarkdownOptions = CMARK_OPT_DEFAULT | CMARK_OPT_UNSAFE | CMARK_OPT_NOBREAKS;

inline bool is_type(cmark_node* n, const char* name) {
  return std::strcmp(cmark_node_get_type_string(n), name) == 0;
}

inline void remove_node(cmark_node* n) {
  cmark_node_unlink(n);
  cmark_node_free(n);
}

inline void remove_children(cmark_node* n) {
  while (cmark_node* c = cmark_node_first_child(n)) remove_node(c);
}

inline cmark_node* text_node(const std::string& text) {
  cmark_node* t = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(t, text.c_str());
  return t;
}

// Calls f(node, event) for every event of a walk over `root` (each node
// entered, and each container left, as cmark's iterator gives them).
template <class F>
void walk(cmark_node* root, F f) {
  cmark_iter* it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) f(cmark_iter_get_node(it), ev);
  cmark_iter_free(it);
}

}  // namespace normalize::internal

#endif  // NORMALIZE_RENDER_CMARK_NODES_H_

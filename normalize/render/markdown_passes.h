// Internal. Use normalize.h.
//
// The passes the Markdown writer (markdown_writer.cc) runs on a tree whose
// removed leaves are gone, each putting one kind of node in a form that reads
// back as that node, so that cleaning the output again gives the same bytes.
// By file: markdown_blocks.cc, markdown_inlines.cc, markdown_links.cc.
#ifndef NORMALIZE_RENDER_MARKDOWN_PASSES_H_
#define NORMALIZE_RENDER_MARKDOWN_PASSES_H_

#include <vector>

struct cmark_node;

namespace normalize::internal {

// ---- Blocks (markdown_blocks.cc) -------------------------------------------

// Leading and trailing spaces of a paragraph or heading would not survive a
// second parse; neither would a block that is only spaces.
void trim_edges(cmark_node* block);

// cmark-gfm writes a task item as "- [x] " with a two-space continuation
// whatever its list, so in an ordered list, or next to plain items, a second
// parse nests or renumbers; and before anything but a paragraph, the box is
// text on the next reading. There the check box becomes the item's text.
void plain_task_items(cmark_node* list);

// A loose list is written with a blank line after each block of its items
// (but an item's last block in the last item). Reading it back, cmark-gfm
// counts such a line only where the block before it does not end in a
// thematic break (through the last item of a list it ends with): it keeps
// the break open over the blank line and marks nothing blank. A loose list
// whose removals left it no blank line that counts would read back tight,
// and be written without them the next time: it is written tight.
void tighten_lists(cmark_node* root);

// In a tight list item, cmark writes a thematic break after a paragraph as
// "-----" on the next line, which reads back as the paragraph's setext
// underline (a heading). Such a break is written raw as "* * *", which no
// heading takes.
void breaks_after_paragraphs(cmark_node* root);

// cmark writes an HTML block or a thematic break that opens a list item after
// a blank line, which moves the item's content column on the next parse. Such
// a block is written raw right after the marker instead (a paragraph holding
// it as inline HTML), which reads back as the same block: without the spaces
// an HTML block kept before its first tag (the next reading takes them as
// the marker's), and a break in a bullet item as "* * *" ("- -----" would
// be a thematic break line of its own, the list gone).
void raw_first_block(cmark_node* item);

// Two code blocks left next to each other would read back as one; an empty
// HTML comment keeps them apart, as cmark does after a list.
void separate_code_blocks(cmark_node* root);

// An HTML block is read with the line end after it; written with it, the
// blank line that follows comes out without the container's prefix, which
// ends a block quote and makes a list item's blank lines differ from those
// of a block the writer made. Its literal loses the line end.
void html_blocks_without_line_end(cmark_node* root);

// A paragraph that opens with raw HTML (what it began with before that was
// a space or a zero-width character, now gone) can read back as an HTML
// block. Written alone, as a line, and read by cmark-gfm: when that gives an
// HTML block, the paragraph is written as that block.
void html_paragraphs_as_blocks(cmark_node* root);

// cmark writes "<!-- end list -->" after a list followed by a list or a code
// block, so that they stay apart; written by the list's exit, it is no node
// of the tree, and the next reading finds an HTML block there (which, in a
// list item, is written with other blank lines). It is made that node here.
void end_lists(cmark_node* root);

// ---- Inlines (markdown_inlines.cc) -----------------------------------------

// The hard line breaks inside headings (an ATX heading, as the writer writes
// every heading, is one line: there they become spaces).
std::vector<cmark_node*> heading_breaks(cmark_node* root);

// A hard line break is written "  " and a line end; the next reading drops
// the spaces before it and at the start of the next line, so they go here.
// Before raw HTML it is a space.
void trim_around_linebreaks(cmark_node* root);

// Emphasis touching a literal '*' or '_' can pair differently once the
// literal one is written escaped (a backslash is punctuation to the flanking
// rules), so in a block where that happens, emphasis and strong emphasis
// become their text.
void flatten_ambiguous_emphasis(cmark_node* root);

// Emphasis, strong emphasis and strikethrough cannot open after a space nor
// close before one: a space at the inner edge of one (what a cut leaves, as
// in "~~quoted ~~") would make its delimiters literal on the next reading.
// The space moves outside, children before parents, and a span left with
// nothing but spaces becomes them.
void spaces_out_of_spans(cmark_node* root);

// Spaces brought together by the steps above (a space moved out of a span
// next to another, a span written as its text between two) make a run,
// which DESIGN.md folds.
void fold_space_runs(cmark_node* root);

// Spans whose delimiters, as written, would not open or close become their
// text (what they hold stays); what that changes next to them is judged
// again, until every span left can be written.
void flatten_unflanked(cmark_node* root);

// ---- Links (markdown_links.cc) ---------------------------------------------

// A link or image whose target the writer can keep: returns false for a
// link to nowhere ("" or "#"), which is written as its text.
bool settle_link(cmark_node* n);

// cmark's writer escapes what CommonMark reads as markup, but not what GFM's
// autolink extension reads as a link ("http://x", "www.x" in text become
// links on the next reading) nor a numeric character reference ("&#42;" is
// escaped only before a letter). Outside links (where GFM makes no
// autolinks), a text node gets a backslash before the ':' of "scheme://"
// and the '.' of "www.", and before '&' that opens "&#": each written raw
// (inline HTML, which the writer copies) between the pieces of the text,
// which read back as the same text.
void guard_text(cmark_node* root, bool urls = true);

// GFM's autolink extension reads e-mail addresses and bare URLs ("https://x",
// "www.x") in text as links. Text that it would read so once written, which
// the tree holds as text (a cut left an address whole, a page had a URL
// outside any link), becomes those links here, as GFM finds them in the text
// written alone; written as links ("<x@y.org>"), they read back as the same
// links whatever stands next to them. `urls`: bare URLs too (trees built from
// blocks); a tree read from Markdown keeps its URLs text (guard_text).
void link_bare_text(cmark_node* root, bool urls);

}  // namespace normalize::internal

#endif  // NORMALIZE_RENDER_MARKDOWN_PASSES_H_

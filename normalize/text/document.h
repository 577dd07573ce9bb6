// Internal. Use normalize.h.
//
// The model every stage shares: a Document is an ordered list of Blocks, each
// with its canonical text and an OffsetMap from that text back to the bytes of
// the original input. Readers build it; after them nothing changes it: the
// decide stage reads it into Decisions (decisions.h), renderers write those.
#ifndef NORMALIZE_TEXT_DOCUMENT_H_
#define NORMALIZE_TEXT_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace normalize::internal {

// Maps byte positions of a derived text (the canonical block text) to byte
// ranges of the source. The derived text is covered by consecutive pieces; a
// `copy` piece is a verbatim copy (byte i maps to src_begin + i), any other
// piece replaced its source range as a whole (a folded space, a normalised
// character). Mostly-clean text needs one piece, so a 200 MB line costs little.
class OffsetMap {
 public:
  struct Piece {
    std::size_t dst;        // first byte of the piece in the derived text
    std::size_t src_begin;  // source range it came from
    std::size_t src_end;
    bool copy;
  };

  void append_copy(std::size_t len, std::size_t src_begin);
  void append_replaced(std::size_t len, std::size_t src_begin, std::size_t src_end);
  // Appends map[begin, end) of `other` (positions in other's derived text).
  void append_slice(const OffsetMap& other, std::size_t begin, std::size_t end);
  void clear() { pieces_.clear(); length_ = 0; }

  std::size_t length() const { return length_; }
  // Source offset where derived byte `pos` starts (pos < length()).
  std::size_t source_begin(std::size_t pos) const;
  // Source offset just past derived byte `pos - 1` (0 < pos <= length()).
  std::size_t source_end(std::size_t pos) const;
  const std::vector<Piece>& pieces() const { return pieces_; }

 private:
  std::size_t find(std::size_t pos) const;  // index of the piece holding pos
  void push(const Piece& piece);
  std::vector<Piece> pieces_;
  std::size_t length_ = 0;
};

enum class BlockKind { kParagraph, kHeading, kListItem, kQuote, kCode, kTable, kCaption, kSeparator, kHtml };

constexpr std::size_t kNoSpan = static_cast<std::size_t>(-1);

// One HTML element that holds blocks (read_html.cc), in document order:
// element i's descendants are i + 1 .. end - 1.
struct DomElement {
  std::string tag;    // lowercase name
  std::string attrs;  // " #id .class role=x aria-label=x itemprop=x itemtype=x rel=x " (lowercase)
  // Its attributes for selectors (selector.h): names and values lowercase,
  // values cut at 256 bytes; style, URLs and event handlers left out.
  std::vector<std::pair<std::string, std::string>> attributes;
  int parent = -1;
  int end = 0;
  unsigned flags = 0;  // DomFlag bits of the element and its ancestors
};

enum DomFlag : unsigned {
  kInForm = 1u << 0,
  kInNav = 1u << 1,
  kInAside = 1u << 2,
  kInFooter = 1u << 3,
  kInHeader = 1u << 4,
  kHidden = 1u << 5,  // hidden, aria-hidden="true", display:none, visibility:hidden
  kInArticle = 1u << 6,
  kInMain = 1u << 7,
  kInQuote = 1u << 8,
  kInLink = 1u << 9,
};

// Inline markup around part of a block's text (HTML), or where a table
// cell starts. Ranges are input bytes, not text positions, so they stay right
// when rules cut spans out of the text: a text byte is inside when its source
// (Block::map) lies in [begin, end). Spans of one block nest properly.
struct Inline {
  enum Kind : std::uint8_t { kEmphasis, kStrong, kCode, kLink, kCell };
  std::size_t begin = 0, end = 0;  // kCell: where the cell starts; end unused
  std::uint32_t url_begin = 0, url_size = 0;  // kLink: its target in Document::urls
  Kind kind = kEmphasis;
};

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  int level = 0;      // heading level, list depth
  // List items of an ordered list (HTML ol): the number it starts at; -1 in
  // a bullet list.
  int list_start = -1;
  std::string text;   // canonical text: NFC, single spaces, trimmed, no newline (code: verbatim)
  OffsetMap map;      // text -> input bytes
  std::size_t words = 0;

  // Link facts (formats with inline structure; zero for plain text). Kept as
  // read when spans are cut out of the block.
  std::size_t link_chars = 0;  // bytes of `text` inside links (and image alt text)
  bool links_only = false;     // nothing but links, separators and an optional short "Label:" prefix

  // The whole block in the input, markup included ("- ", "> ", "](url)");
  // kNoSpan when the text's own span is all there is.
  std::size_t outer_begin = kNoSpan, outer_end = kNoSpan;
  // Input ranges rules may not cut into (inline code), sorted; a rule may
  // still remove the whole block.
  std::vector<std::pair<std::size_t, std::size_t>> protected_spans;
  // Which node of the format's tree the block came from (render_markdown.cc);
  // -1 when there is no tree.
  int node = -1;
  // HTML: the innermost element holding the block (Document::elements), -1
  // for other formats.
  int element = -1;
  // HTML: the element whose blocks make one whole in Markdown: the list of a
  // list item, the table of a row read with its cells (Inline::kCell), the
  // pre of a piece of code; -1 for other blocks.
  int group = -1;
  // HTML: emphasis, code, links and cell starts, in reading order (outer
  // before inner); empty for most blocks, and for other formats.
  std::vector<Inline> inlines;
  // Position in the document as read; removals leave gaps.
  std::size_t index = 0;

  std::size_t source_begin() const { return text.empty() ? 0 : map.source_begin(0); }
  std::size_t source_end() const { return text.empty() ? 0 : map.source_end(text.size()); }
  // The span a whole-block removal records.
  std::size_t span_begin() const { return outer_begin != kNoSpan ? outer_begin : source_begin(); }
  std::size_t span_end() const { return outer_end != kNoSpan ? outer_end : source_end(); }
  double link_density() const { return text.empty() ? 0.0 : static_cast<double>(link_chars) / text.size(); }
};

struct Document {
  std::vector<Block> blocks;
  // The parsed tree of formats that have one (Markdown), owned opaquely so
  // that only the reader and the renderer of that format know its type.
  std::shared_ptr<void> tree;
  // HTML: the elements that hold blocks, their tags, attributes and context.
  std::vector<DomElement> elements;
  // HTML: link targets (Inline::url_begin/url_size), one after another.
  std::string urls;
  // HTML: the <title> as a level-1 heading block mapped into the page (empty
  // text when there is none); main-content choice uses it when no h1 does.
  Block title;
  // HTML: the JSON-LD articleBody as blocks mapped into the page (element
  // -1), empty when the page states none (read_json_ld.cc).
  std::vector<Block> article_body;
  // The deepest nesting of containers (quotes, lists, items) the reader saw.
  int depth = 0;
  // Its text is in NFKC, not NFC (Options::nfkc): a block made from its
  // blocks (spans cut out) is canonicalised the same way.
  bool nfkc = false;
  bool check(std::string* why) const;  // invariants: maps cover texts, spans ordered
};

// Makes the maps and spans of a document read from a derived text (a page
// converted to UTF-8, a page with script bodies cut out) point at the source
// through `map` (derived -> source, covering the derived text).
void remap_document(const OffsetMap& map, std::size_t source_size, Document* doc);

// Whether a block with links is nothing but links, separators and an
// optional short label ("Tags:", "Read more:"): `label` is its canonical text
// before the first link, `rest` the text outside links after it. Both the
// HTML and the Markdown reader decide Block::links_only with it, so a line
// written as Markdown reads back as what it was.
bool links_only_text(std::string_view label, std::string_view rest);

// Number of space-separated tokens in canonical text.
std::size_t count_words(std::string_view text);

// How many bytes of `s` are `byte`; how many continue a UTF-8 character.
std::size_t count_byte(std::string_view s, char byte);
std::size_t count_continuation_bytes(std::string_view s);

#if defined(__SSE2__)
// The sum of the 16 byte-wide counters in `counts` (each at most 255): how
// the 16-byte counting loops add up their lanes.
inline std::size_t sum_byte_lanes(__m128i counts) {
  __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
  return static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
         static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
}
#endif

// UTF-8 character boundaries: whether byte c continues a character
// (10xxxxxx); where the character holding byte `pos` of `text` starts; the
// first character start at or after `pos` (text.size() when none).
inline bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
inline std::size_t char_start(std::string_view text, std::size_t pos) {
  while (pos > 0 && pos < text.size() && is_continuation(text[pos])) --pos;
  return pos;
}
inline std::size_t next_char_start(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_continuation(text[pos])) ++pos;
  return pos;
}

}  // namespace normalize::internal

#endif  // NORMALIZE_TEXT_DOCUMENT_H_

// Kept blocks -> canonical text: one paragraph per line, one blank line
// between paragraphs, one final newline, nothing for an empty document.
// Thematic breaks are markup and go; a code block becomes one folded line.
// Knows nothing of where blocks came from.
#include "normalize/text/canonical.h"
#include "normalize/render/render.h"

namespace normalize::internal {

std::string render_text(const Decisions& decisions) {
  std::size_t size = 0;
  for (const Block* b : decisions.kept) size += b->text.size() + 2;
  std::string out;
  out.reserve(size);
  for (const Block* block : decisions.kept) {
    const Block& b = *block;
    if (b.text.empty() || b.kind == BlockKind::kSeparator) continue;  // a thematic break is markup
    if (!out.empty()) out += "\n\n";
    if (b.kind == BlockKind::kCode) {
      out += canonical_text(b.text, false);  // code keeps its bytes only in Markdown output
    } else {
      out += b.text;
    }
  }
  if (!out.empty()) out += '\n';
  return out;
}

}  // namespace normalize::internal

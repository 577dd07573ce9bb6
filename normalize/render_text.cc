// Kept blocks -> canonical text: one paragraph per line, one blank line
// between paragraphs, one final newline, nothing for an empty document.
// Knows nothing of where blocks came from.
#include "normalize/pipeline.h"

namespace normalize::internal {

std::string render_text(const Document& doc) {
  std::size_t size = 0;
  for (const Block& b : doc.blocks) size += b.text.size() + 2;
  std::string out;
  out.reserve(size);
  for (const Block& b : doc.blocks) {
    if (b.text.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += b.text;
  }
  if (!out.empty()) out += '\n';
  return out;
}

}  // namespace normalize::internal

// Internal to the normalize executable.
//
// JSONL mode: cleans the text field of every record of large dumps in
// parallel and writes the records back in input order. One reader splits the
// input into batches of whole lines, N workers (each with its own JSON parser
// and buffers) clean them, and one writer emits the batches in sequence, so
// output, audit and messages are byte-identical for any thread count. Memory
// is bounded by a fixed number of batches in flight.
#ifndef NORMALIZE_DUMP_JSONL_H_
#define NORMALIZE_DUMP_JSONL_H_

#include <cstddef>
#include <string>
#include <vector>

#include "normalize/normalize.h"

namespace normalize::jsonl {

struct JsonlOptions {
  std::vector<std::string> inputs;  // "-" is stdin; read one after another
  std::string output = "-";         // "-" is stdout; .gz/.zst compress
  std::string audit_path;           // empty: no audit; "-" is stdout (then not the output too); .gz/.zst compress
  std::string text_field = "text";
  std::string id_field = "id";
  std::string format_field;         // empty: every record is `from`
  std::string removed_field;        // empty: removals are not embedded
  Format from = Format::kText;
  bool drop_empty = false;
  int threads = 0;                  // 0: every core
  bool progress = false;            // a one-line display on stderr
  bool stats = false;               // a summary on stderr at the end
  // Input bytes per batch; 0: 4 MB, less when many threads would otherwise
  // hold more than 128 MB of input in flight (2 x threads + 2 batches).
  std::size_t batch_bytes = 0;
};

// Runs the whole job and returns the exit status: 0 ok, 1 when a record or a
// file had an error (each reported on stderr as "normalize: FILE:LINE: error:
// ..."; nothing is dropped), 2 when the output or audit cannot be opened.
int run_jsonl(const Engine& engine, const JsonlOptions& options);

// The JSON string literal (quotes included) for UTF-8 text; bytes that are
// not valid UTF-8 become \ufffd.
void append_json_string(std::string* out, std::string_view s);

}  // namespace normalize::jsonl

#endif  // NORMALIZE_DUMP_JSONL_H_

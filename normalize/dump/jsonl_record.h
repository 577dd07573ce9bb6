// Internal to the normalize executable.
//
// One worker's records: each line of a batch is parsed as a JSON object, its
// text field cleaned with the engine (in the worker's own Scratch) and the
// line written back byte for byte except that field's value; a line that is
// not a valid record is kept as it is, with an error in the audit and the
// messages. The only file that knows simdjson is jsonl_record.cc.
#ifndef NORMALIZE_DUMP_JSONL_RECORD_H_
#define NORMALIZE_DUMP_JSONL_RECORD_H_

#include <memory>

#include "normalize/dump/jsonl.h"
#include "normalize/dump/jsonl_batch.h"
#include "normalize/normalize.h"

namespace normalize::jsonl {

// Used by one thread at a time (its parser and Scratch are not shared).
class RecordCleaner {
 public:
  RecordCleaner(const Engine& engine, const JsonlOptions& options);
  ~RecordCleaner();
  RecordCleaner(const RecordCleaner&) = delete;
  RecordCleaner& operator=(const RecordCleaner&) = delete;

  // Cleans every line of b's input into b->out, b->audit and b->messages.
  void process(Batch* b);
  // What it met so far.
  const Stats& stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace normalize::jsonl

#endif  // NORMALIZE_DUMP_JSONL_RECORD_H_

// Internal to the normalize executable.
//
// What the stages of a JSONL run hand each other (jsonl.h): a Batch of whole
// lines of one file, read by the reader, filled in by a worker (out, audit,
// messages) and emitted by the writer in sequence; and the Stats each worker
// keeps, summed at the end.
#ifndef NORMALIZE_DUMP_JSONL_BATCH_H_
#define NORMALIZE_DUMP_JSONL_BATCH_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace normalize::jsonl {

// Readable bytes after a batch's input: the JSON parser reads past the end
// (simdjson's SIMDJSON_PADDING, checked in jsonl_record.cc).
constexpr std::size_t kPadding = 64;

struct Tally {
  std::uint64_t count = 0, bytes = 0;
};

struct Stats {
  std::uint64_t records = 0, errors = 0, dropped = 0, blank = 0, removals = 0, removed_bytes = 0;
  std::map<std::string, Tally> by_category, by_rule;
  void add(const Stats& o) {
    records += o.records, errors += o.errors, dropped += o.dropped, blank += o.blank;
    removals += o.removals, removed_bytes += o.removed_bytes;
    for (const auto& [k, t] : o.by_category) by_category[k].count += t.count, by_category[k].bytes += t.bytes;
    for (const auto& [k, t] : o.by_rule) by_rule[k].count += t.count, by_rule[k].bytes += t.bytes;
  }
};

// Whole lines of one file, and what the worker made of them.
struct Batch {
  std::uint64_t seq = 0;
  const std::string* name = nullptr;  // the file, for messages
  std::uint64_t first_line = 1;       // 1-based number of the first line
  std::unique_ptr<char[]> data;       // len bytes of input, then kPadding readable bytes
  std::size_t cap = 0, len = 0;
  std::string trailer;                // a message to print after this batch (a read error)
  std::string out, audit, messages;
  std::uint64_t records = 0;

  void reserve(std::size_t n) {  // keeps the first len bytes
    if (n + kPadding <= cap) return;
    std::size_t new_cap = std::max(n + kPadding, cap * 2);
    auto d = std::make_unique<char[]>(new_cap);
    if (len) std::memcpy(d.get(), data.get(), len);
    data = std::move(d);
    cap = new_cap;
  }
  void reset(std::size_t batch_bytes) {
    len = 0;
    trailer.clear(), out.clear(), audit.clear(), messages.clear();
    records = 0;
    // A record far larger than a batch grew this one; give the memory back.
    if (cap > 4 * batch_bytes + kPadding) data.reset(), cap = 0;
    if (out.capacity() > 8 * batch_bytes) std::string().swap(out);
    if (audit.capacity() > 8 * batch_bytes) std::string().swap(audit);
    reserve(batch_bytes);
  }
};

}  // namespace normalize::jsonl

#endif  // NORMALIZE_DUMP_JSONL_BATCH_H_

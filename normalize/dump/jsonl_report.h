// Internal to the normalize executable.
//
// What a JSONL run tells on stderr besides errors: the one-line progress
// display and the --stats summary. Only text is made here; jsonl.cc prints it.
#ifndef NORMALIZE_DUMP_JSONL_REPORT_H_
#define NORMALIZE_DUMP_JSONL_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "normalize/dump/jsonl_batch.h"

namespace normalize::jsonl {

// "1.2 MB", "340 B", ...
std::string human_bytes(double b);

// The progress line (starting with "\r", ending by clearing the rest of the
// line) after `secs` seconds with `raw` input bytes read (compressed, as on
// disk) and `records` records written; with the share done and the time left
// when the inputs' total size (`total_size`) is known.
std::string progress_line(double secs, double raw, std::uint64_t records, bool size_known, std::uint64_t total_size);

// The --stats summary: records, bytes (`in` read uncompressed, `out` written)
// and speed, removals by category and the top rules.
std::string stats_summary(const Stats& s, double secs, double in, std::uint64_t out, std::size_t workers);

}  // namespace normalize::jsonl

#endif  // NORMALIZE_DUMP_JSONL_REPORT_H_

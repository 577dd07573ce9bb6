// The JSONL run's progress line and --stats summary (jsonl_report.h).
#include "normalize/dump/jsonl_report.h"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

namespace normalize::jsonl {

std::string human_bytes(double b) {
  char buf[32];
  if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
  else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else if (b >= 1e3) std::snprintf(buf, sizeof buf, "%.1f kB", b / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

std::string progress_line(double secs, double raw, std::uint64_t records, bool size_known, std::uint64_t total_size) {
  double rate = secs > 0 ? raw / secs : 0;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on "\r" + std::string here.
  std::string line = "\r";
  line += human_bytes(raw) + " read, " + std::to_string(records) + " records, " + human_bytes(rate) + "/s";
  if (size_known && total_size > 0 && rate > 0) {
    double left = (static_cast<double>(total_size) - raw) / rate;
    char eta[48];
    std::snprintf(eta, sizeof eta, ", %.0f%%, ETA %d:%02d", 100.0 * raw / static_cast<double>(total_size),
                  static_cast<int>(left) / 60, static_cast<int>(left) % 60);
    line += eta;
  }
  line += "\x1b[K";
  return line;
}

std::string stats_summary(const Stats& s, double secs, double in, std::uint64_t out, std::size_t workers) {
  std::string r;
  char buf[256];
  std::snprintf(buf, sizeof buf, "records: %llu (errors %llu, dropped empty %llu, blank lines %llu)\n",
                static_cast<unsigned long long>(s.records), static_cast<unsigned long long>(s.errors),
                static_cast<unsigned long long>(s.dropped), static_cast<unsigned long long>(s.blank));
  r += buf;
  std::snprintf(buf, sizeof buf, "bytes: %s in, %s out; %.2f s wall, %.1f MB/s, %zu worker thread(s)\n",
                human_bytes(in).c_str(), human_bytes(static_cast<double>(out)).c_str(), secs,
                secs > 0 ? in / secs / 1e6 : 0.0, workers);
  r += buf;
  std::snprintf(buf, sizeof buf, "removals: %llu, %s removed\n", static_cast<unsigned long long>(s.removals),
                human_bytes(static_cast<double>(s.removed_bytes)).c_str());
  r += buf;
  auto table = [&](const char* title, const std::map<std::string, Tally>& m, std::size_t limit) {
    std::vector<std::pair<std::string, Tally>> rows(m.begin(), m.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.count > b.second.count; });
    if (rows.size() > limit) rows.resize(limit);
    r += std::string(title) + ":\n";
    for (const auto& [k, t] : rows) {
      std::snprintf(buf, sizeof buf, "  %10llu  %10s  %s\n", static_cast<unsigned long long>(t.count),
                    human_bytes(static_cast<double>(t.bytes)).c_str(), k.c_str());
      r += buf;
    }
  };
  table("by category (count, bytes)", s.by_category, s.by_category.size());
  table("top rules (count, bytes)", s.by_rule, 10);
  return r;
}

}  // namespace normalize::jsonl

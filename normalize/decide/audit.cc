// Removals as audit records (JSON Lines) and as --explain markup.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "normalize/decide/decide.h"

namespace normalize {
namespace {

// JSON string body: escapes quotes, backslashes and controls; a byte that is
// not valid UTF-8 is written as U+FFFD so that every record is valid JSON.
void append_json_string(std::string* out, std::string_view s) {
  out->push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': *out += "\\\""; break;
        case '\\': *out += "\\\\"; break;
        case '\n': *out += "\\n"; break;
        case '\r': *out += "\\r"; break;
        case '\t': *out += "\\t"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            *out += buf;
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool ok = len > 0 && c <= 0xF4 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 > 0x9F);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 > 0x8F);
    }
    if (ok) {
      out->append(s.data() + i, static_cast<std::size_t>(len));
      i += static_cast<std::size_t>(len);
    } else {
      *out += "\\ufffd";
      ++i;
    }
  }
  out->push_back('"');
}

}  // namespace

std::string audit_json(const Removal& r, std::string_view doc, std::string_view lang) {
  std::string out = "{\"doc\":";
  append_json_string(&out, doc);
  out += ",\"lang\":";
  append_json_string(&out, lang);
  out += ",\"rule\":";
  append_json_string(&out, r.rule);
  out += ",\"category\":";
  append_json_string(&out, r.category);
  out += ",\"action\":";
  append_json_string(&out, r.action);
  out += ",\"start\":" + std::to_string(r.start) + ",\"end\":" + std::to_string(r.end) +
         ",\"line\":" + std::to_string(r.line) + ",\"text\":";
  append_json_string(&out, r.text);
  if (r.score >= 0) {
    char score[32];
    std::snprintf(score, sizeof score, ",\"score\":%.3f", r.score);
    out += score;
  }
  out += '}';
  return out;
}

std::string explain(std::string_view input, const Result& result, bool color) {
  std::string out;
  out.reserve(input.size() + result.removals.size() * 48);
  std::size_t pos = 0;
  for (const Removal& r : result.removals) {
    if (r.start < pos || r.end > input.size()) continue;  // not from this input
    out.append(input.substr(pos, r.start - pos));
    // The model's removals say how sure it was: {model.author-bio 0.97}.
    std::string label = r.rule;
    if (r.score >= 0) {
      char score[16];
      std::snprintf(score, sizeof score, " %.2f", r.score);
      label += score;
    }
    if (color) {
      out += "\x1b[9;31m";  // struck-through red
      out.append(input.substr(r.start, r.end - r.start));
      out += "\x1b[0m\x1b[36m{" + label + "}\x1b[0m";
    } else {
      out += "[-";
      out.append(input.substr(r.start, r.end - r.start));
      out += "-]{" + label + "}";
    }
    pos = r.end;
  }
  out.append(input.substr(pos));
  return out;
}

namespace internal {

std::vector<Removal> audit_removals(std::string_view input, const std::vector<Cut>& cuts) {
  std::vector<Cut> sorted = cuts;
  std::sort(sorted.begin(), sorted.end(), [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
  // Records stay disjoint even when two stages saw overlapping spans (a
  // block's markup and its neighbour's): a later record keeps only new bytes.
  std::vector<Removal> records;
  records.reserve(sorted.size());
  std::size_t covered = 0, line = 1, pos = 0;
  for (const Cut& c : sorted) {
    std::size_t start = c.begin;
    if (start < covered) {
      start = std::min(covered, c.end);
      while (start < c.end && std::isspace(static_cast<unsigned char>(input[start]))) ++start;
      if (start >= c.end) continue;
    }
    covered = std::max(covered, c.end);
    line += count_byte(input.substr(pos, start - pos), '\n');
    pos = start;
    records.push_back({std::string(c.rule), std::string(c.category), std::string(c.action), start, c.end, line,
                       std::string(input.substr(start, c.end - start)), c.score});
  }
  return records;
}

}  // namespace internal
}  // namespace normalize
